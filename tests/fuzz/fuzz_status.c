/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_status.c - a status answer through parse, judgement and every
 * renderer: one-shot and chunked parsing agree, the judgement is the worst
 * of what it read, and every format keeps its shape and no secret. */
#include "config.h"
#include "fuzz_common.h"
#include "fuzz_formats.h"
#include "status.h"
#include "status_parse.h"

#include <string.h>

static const char *const secrets[] = { "s3cr3t-Tok3n", "nd-S3cr3t-SecretKey-5a7e" };

static parse_status parse_chunked(const uint8_t *data, size_t size, uint64_t *rng,
                                  status_response *out, char *err, size_t errlen)
{
	json_reader *rd = json_reader_new();
	jnode *root;
	for (size_t at = 0; at < size;) {
		size_t n = 1 + fuzz_rand(rng) % 64;
		if (n > size - at)
			n = size - at;
		if (json_reader_feed(rd, (const char *)data + at, n))
			break;
		at += n;
	}
	parse_status st = json_reader_finish(rd, &root, err, errlen);
	json_reader_free(rd);
	return st == PARSE_OK ? status_convert(root, out, err, errlen) : st;
}

static void judge(const status_response *resp, const status_config *cfg, int verbose)
{
	check_result r;
	result_init(&r, "REPLICATION", "Replication status");
	r.replication_id = cfg->replication_id;
	r.subs_key = "subtasks";
	r.more_noun = "subtask";
	status_evaluate(cfg, resp, &r);
	FUZZ_ASSERT(r.state <= STATE_UNKNOWN, "state %d", (int)r.state);
	for (size_t i = 0; i < r.n_subs; i++)
		FUZZ_ASSERT(state_rank(r.state) >= state_rank(r.subs[i].state),
		            "result better than subtask %zu", i);
	if ((cfg->warn.set || cfg->crit.set) && r.state == STATE_OK) {
		/* A threshold was judged: a delay was read, so perfdata has one. */
		FUZZ_ASSERT(r.n_perf > 0 && strcmp(r.perf[0].label, "delay") == 0,
		            "OK under thresholds without a delay");
	}
	render_options ro = render_options_init();
	ro.verbose = verbose;
	ro.secrets = secrets;
	ro.n_secrets = sizeof secrets / sizeof secrets[0];
	char *out = render_result(&r, &ro);
	size_t n = strlen(out), where;
	FUZZ_ASSERT(n > 0 && out[n - 1] == '\n', "no final newline");
	const char *nl = strchr(out, '\n');
	size_t bars = 0;
	for (const char *p = out; p < nl; p++)
		bars += *p == '|';
	FUZZ_ASSERT(bars == (r.n_perf > 0), "line 1 has %zu '|' for %zu perfdata", bars, r.n_perf);
	for (const char *line = nl + 1; *line;) {
		const char *end = strchr(line, '\n');
		FUZZ_ASSERT(end != NULL, "last line without a newline");
		const char *why = fuzz_check_text(line, (size_t)(end - line), true, &where);
		FUZZ_ASSERT(why == NULL, "a subtask line: %s at byte %zu", why, where);
		line = end + 1;
	}
	fuzz_no_secret(out, &ro);
	free(out);
	fuzz_render_all(&r, ro);
	result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t rng = fuzz_hash(data, size);
	status_response one, chunked;
	char err1[256], err2[256];

	parse_status st1 = status_parse((const char *)data, size, &one, err1, sizeof err1);
	parse_status st2 = parse_chunked(data, size, &rng, &chunked, err2, sizeof err2);
	FUZZ_ASSERT(st1 == st2, "one-shot %d vs chunked %d (%s / %s)", (int)st1, (int)st2, err1,
	            err2);
	if (st1 != PARSE_OK) {
		FUZZ_ASSERT(err1[0] != '\0', "failure without a reason");
		return 0;
	}
	FUZZ_ASSERT(one.n_subtasks == chunked.n_subtasks, "subtask counts differ");

	status_mapping map[] = { { "migrating", STATE_WARNING }, { "stopped", STATE_OK } };
	status_config plain = { .replication_id = "rp-fuzz" };
	status_config limits = { .map = map, .n_map = 2, .replication_id = "rp|we\x80ird\nid" };
	char err[128];
	FUZZ_ASSERT(range_parse("5m", &limits.warn, err, sizeof err) == 0, "range");
	FUZZ_ASSERT(range_parse("@1:2h", &limits.crit, err, sizeof err) == 0, "range");
	judge(&one, &plain, 0);
	judge(&chunked, &limits, 1);
	status_response_free(&one);
	status_response_free(&chunked);
	return 0;
}
