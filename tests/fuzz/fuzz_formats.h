/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_formats.h - what every output format must hold whatever the answer:
 * JSON parses as one object on one line, no raw control characters where
 * the format forbids them, Prometheus lines are well formed, the Checkmk
 * line is one line, and no secret appears anywhere. */
#ifndef PRECHECK_FUZZ_FORMATS_H
#define PRECHECK_FUZZ_FORMATS_H

#include "fuzz_common.h"
#include "json.h"
#include "render.h"
#include "result.h"

#include <json-c/json.h>
#include <string.h>

/* json-c seeds its string hash from the system's random source, and the
 * key comparisons a collision causes reach libFuzzer's mutations through
 * its strcmp hook: a fixed hash is what lets FUZZ_SEED repeat a run. The
 * hash decides nothing the plugins return. One definition per target: each
 * target includes this header from its one source file. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	json_global_set_string_hash(JSON_C_STR_HASH_PERLLIKE);
	return 0;
}

static inline void fuzz_no_secret(const char *out, const render_options *ro)
{
	for (size_t i = 0; i < ro->n_secrets; i++)
		FUZZ_ASSERT(strstr(out, ro->secrets[i]) == NULL, "secret '%s' in the output",
		            ro->secrets[i]);
}

static inline void fuzz_check_json(const char *out, const check_result *r)
{
	size_t n = strlen(out);
	FUZZ_ASSERT(n > 1 && out[n - 1] == '\n' && memchr(out, '\n', n - 1) == NULL,
	            "JSON is not one line");
	for (size_t i = 0; i + 1 < n; i++)
		FUZZ_ASSERT((unsigned char)out[i] >= 0x20 && out[i] != 0x7f,
		            "raw control byte 0x%02x in JSON", (unsigned char)out[i]);
	json_reader *rd = json_reader_new();
	jnode *doc = NULL;
	char err[160];
	FUZZ_ASSERT(json_reader_feed(rd, out, n) == 0, "JSON does not parse");
	FUZZ_ASSERT(json_reader_finish(rd, &doc, err, sizeof err) == PARSE_OK, "JSON: %s", err);
	json_reader_free(rd);
	FUZZ_ASSERT(jv_is_object(doc), "JSON is not an object");
	FUZZ_ASSERT(jv_is_number(jv_member(doc, "exit_code")) &&
	                    jv_number(jv_member(doc, "exit_code")) == (double)r->state,
	            "exit_code differs");
	FUZZ_ASSERT(jv_is_string(jv_member(doc, "state")), "no state");
	FUZZ_ASSERT(jv_is_array(jv_member(doc, "perfdata")), "no perfdata array");
	FUZZ_ASSERT(jv_is_array(jv_member(doc, r->subs_key)), "no %s array", r->subs_key);
	json_free(doc);
}

/* "# HELP name text", "# TYPE name gauge", or name{k="v",...} value. */
static inline void fuzz_check_prometheus(const char *out)
{
	const char *line = out;
	while (*line) {
		const char *nl = strchr(line, '\n');
		FUZZ_ASSERT(nl != NULL, "Prometheus text without a final newline");
		size_t n = (size_t)(nl - line);
		for (size_t i = 0; i < n; i++)
			FUZZ_ASSERT((unsigned char)line[i] >= 0x20 && line[i] != 0x7f,
			            "raw control byte in a Prometheus line");
		if (line[0] != '#') {
			size_t name = strspn(line, "abcdefghijklmnopqrstuvwxyz_");
			FUZZ_ASSERT(name > 0, "sample without a metric name");
			const char *p = line + name;
			if (*p == '{') {
				p++;
				while (*p != '}') {
					size_t k = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
					FUZZ_ASSERT(k > 0 && p[k] == '=' && p[k + 1] == '"',
					            "bad label");
					p += k + 2;
					while (*p != '"') {
						FUZZ_ASSERT(p < nl,
						            "label value runs off the line");
						if (*p == '\\') {
							FUZZ_ASSERT(p[1] == '\\' || p[1] == '"' ||
							                    p[1] == 'n',
							            "bad escape in a label value");
							p++;
						}
						p++;
					}
					p++;
					if (*p == ',')
						p++;
				}
				p++;
			}
			FUZZ_ASSERT(*p == ' ' && p + 1 < nl, "sample without a value");
		}
		line = nl + 1;
	}
}

/* One local-check line per result: a fleet's tasks first, its own last. */
static inline void fuzz_check_checkmk(const char *out, const check_result *r)
{
	size_t n = strlen(out), lines = 0;
	FUZZ_ASSERT(n > 4 && out[n - 1] == '\n', "Checkmk output does not end a line");
	for (const char *line = out; line < out + n; lines++) {
		const char *nl = memchr(line, '\n', (size_t)(out + n - line));
		int want = lines < r->n_children ? (int)r->children[lines].state : (int)r->state;
		FUZZ_ASSERT(nl - line > 4 && line[0] == '0' + want && line[1] == ' ' && line[2] == '"',
		            "Checkmk line %zu does not start with its state and a quoted name", lines);
		FUZZ_ASSERT(memchr(line + 3, '"', (size_t)(nl - line - 3)) != NULL,
		            "service name not closed");
		size_t where;
		const char *why = fuzz_check_text(line, (size_t)(nl - line), false, &where);
		FUZZ_ASSERT(why == NULL, "Checkmk line %zu: %s at byte %zu", lines, why, where);
		line = nl + 1;
	}
	FUZZ_ASSERT(lines == r->n_children + 1, "%zu Checkmk lines for %zu results", lines,
	            r->n_children + 1);
}

/* Every format of one result, each checked. */
static inline void fuzz_render_all(const check_result *r, render_options ro)
{
	static const output_format formats[] = { FORMAT_JSON, FORMAT_PROMETHEUS, FORMAT_CHECKMK };
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		ro.format = formats[i];
		char *out = render_result(r, &ro);
		fuzz_no_secret(out, &ro);
		if (formats[i] == FORMAT_JSON)
			fuzz_check_json(out, r);
		else if (formats[i] == FORMAT_PROMETHEUS)
			fuzz_check_prometheus(out);
		else
			fuzz_check_checkmk(out, r);
		free(out);
	}
}

#endif
