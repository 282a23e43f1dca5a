/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_extraopts.c - an --extra-opts INI file through ini_section_args and
 * then, as the arguments it yields, through options_parse.
 *
 * Nothing touches the disk: the arguments a file yields are handed to
 * options_parse directly, as extraopts_expand splices them after argv[0].
 * An "--extra-opts" from a file is not expanded again by the plugin (only
 * the command line is), so the harness leaves those out rather than let
 * options_parse open files named by fuzz input. */
#include "config.h"
#include "extraopts.h"
#include "fuzz_common.h"
#include "options.h"
#include "precheck.h"
#include "state.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SECTION PRECHECK_PROGNAME

static bool is_extra_opts(const char *a)
{
	return strncmp(a, "--extra-opts", 12) == 0 && (a[12] == '\0' || a[12] == '=');
}

static bool contains(const char *h, size_t hn, const char *n, size_t nn)
{
	for (size_t i = 0; nn <= hn && i <= hn - nn; i++)
		if (memcmp(h + i, n, nn) == 0)
			return true;
	return false;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The query must end in replicationId=<id percent-encoded>. */
static void assert_request_url(const options *o)
{
	char *url = options_request_url(o);
	const char *key = "replicationId=";
	const char *q = strchr(url, '?');
	FUZZ_ASSERT(q != NULL, "request URL without a query: %s", url);
	const char *v = strstr(q, key);
	while (v && strstr(v + 1, key))
		v = strstr(v + 1, key);
	FUZZ_ASSERT(v != NULL, "request URL without replicationId");
	v += strlen(key);
	strbuf decoded = STRBUF_INIT;
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
			FUZZ_ASSERT(hi >= 0 && lo >= 0, "bad percent escape in %s", url);
			strbuf_appendc(&decoded, (char)(hi * 16 + lo));
			p += 2;
		} else {
			FUZZ_ASSERT(isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~',
			            "unencoded byte 0x%02x in the replicationId", c);
			strbuf_appendc(&decoded, (char)c);
		}
	}
	FUZZ_ASSERT(strcmp(strbuf_str(&decoded), o->replication_id) == 0,
	            "replicationId does not round-trip");
	strbuf_free(&decoded);
	free(url);
}

static void assert_options(const options *o)
{
	if (o->action != OPT_RUN)
		return;
	int targets = (o->url != NULL) + (o->hostname != NULL) + (o->file != NULL);
	FUZZ_ASSERT(targets == 1, "%d targets accepted", targets);
	FUZZ_ASSERT(o->replication_id && *o->replication_id && strlen(o->replication_id) <= 256,
	            "bad replication id accepted");
	FUZZ_ASSERT(o->port >= 0 && o->port <= 65535, "port %ld", o->port);
	FUZZ_ASSERT(o->timeout > 0 && o->timeout <= 86400, "timeout %g", o->timeout);
	FUZZ_ASSERT(o->retries >= 0 && o->retries <= 10, "retries %d", o->retries);
	FUZZ_ASSERT(o->max_size >= 1 && o->max_size <= 4L * 1024 * 1024 * 1024, "max_size %ld",
	            o->max_size);
	FUZZ_ASSERT(o->max_message == 0 || (o->max_message >= 16 && o->max_message <= 65536),
	            "max_message %zu", o->max_message);
	FUZZ_ASSERT(o->max_items <= 1000000, "max_items %zu", o->max_items);
	FUZZ_ASSERT(o->error_state <= STATE_UNKNOWN && o->timeout_state <= STATE_UNKNOWN,
	            "state out of range");
	for (size_t i = 0; i < o->n_map; i++)
		FUZZ_ASSERT(o->map[i].value && o->map[i].state <= STATE_UNKNOWN, "bad mapping");
	/* No header injection. */
	for (size_t i = 0; i < o->n_headers; i++)
		FUZZ_ASSERT(!strpbrk(o->headers[i].line, "\r\n") && strchr(o->headers[i].line, ':'),
		            "header '%s' accepted", o->headers[i].line);
	if (o->token_header)
		FUZZ_ASSERT(*o->token_header && !strpbrk(o->token_header, ":\r\n \t"),
		            "token header '%s' accepted", o->token_header);
	if (o->url)
		FUZZ_ASSERT(strncasecmp(o->url, "http://", 7) == 0 ||
		                    strncasecmp(o->url, "https://", 8) == 0,
		            "url '%s' accepted", o->url);
	if (o->path)
		FUZZ_ASSERT(o->path[0] == '/', "path '%s' accepted", o->path);
	/* The AccessKey ID becomes a header value: printable, no blanks; and
	 * half an AccessKey is never accepted for a signed request. */
	if (o->access_key_id) {
		FUZZ_ASSERT(*o->access_key_id && strlen(o->access_key_id) <= 256,
		            "bad AccessKey ID length");
		for (const char *p = o->access_key_id; *p; p++)
			FUZZ_ASSERT(isgraph((unsigned char)*p),
			            "AccessKey ID with byte 0x%02x accepted", (unsigned char)*p);
	}
	/* An empty --secret-key= is no secret, as an empty --token= is no token. */
	const char *env = getenv(SECRET_KEY_ENV);
	bool secret =
	        o->secret_key_file || (o->secret_key_arg && *o->secret_key_arg) || (env && *env);
	if (!o->file)
		FUZZ_ASSERT(
		        !o->access_key_id == !secret,
		        "an AccessKey ID without a secret, or a secret without an ID, accepted");
	if (o->url || o->hostname)
		assert_request_url(o);
}

/* options_parse on prog + args + tail, twice: the second run must give the
 * same answer (getopt state is reset between runs). */
static void parse_twice(const strvec *args, const char *const *tail, size_t n_tail)
{
	size_t argc = 1 + args->n + n_tail;
	char **argv = calloc(argc + 1, sizeof *argv);
	size_t k = 0;
	argv[k++] = (char *)PRECHECK_PROGNAME;
	for (size_t i = 0; i < args->n; i++)
		argv[k++] = args->v[i];
	for (size_t i = 0; i < n_tail; i++)
		argv[k++] = (char *)tail[i];
	argv[k] = NULL;

	options o1, o2;
	char e1[512], e2[512];
	e1[0] = e2[0] = '\0';
	item_patterns patterns = { .ignore = NULL };
	option_spec spec = precheck_plugin.options;
	spec.cfg = &patterns;
	int rc1 = options_parse(&spec, (int)argc, argv, &o1, e1, sizeof e1);
	int rc2 = options_parse(&spec, (int)argc, argv, &o2, e2, sizeof e2);
	FUZZ_ASSERT(rc1 == 0 || rc1 == -1, "options_parse returned %d", rc1);
	FUZZ_ASSERT(rc1 == rc2 && strcmp(e1, e2) == 0, "options_parse not repeatable: '%s' vs '%s'",
	            e1, e2);
	if (rc1 == 0) {
		assert_options(&o1);
		FUZZ_ASSERT(o1.action == o2.action && o1.verbose == o2.verbose &&
		                    o1.n_map == o2.n_map && o1.n_headers == o2.n_headers &&
		                    o1.argv_.n == o2.argv_.n,
		            "second parse differs");
		/* Secrets: only when no file would be read. */
		if (!o1.token_file && !o1.secret_key_file && o1.action == OPT_RUN) {
			char e3[512];
			if (options_load_secrets(&o1, e3, sizeof e3) == 0) {
				const char *const loaded[] = { o1.token, o1.secret_key };
				for (size_t s = 0; s < 2; s++)
					for (const char *p = loaded[s]; p && *p; p++)
						FUZZ_ASSERT(
						        (unsigned char)*p >= 0x20 && *p != 0x7f,
						        "secret with a control character accepted");
				for (size_t s = 0; s < o1.secrets.n; s++)
					FUZZ_ASSERT(o1.secrets.v[s][0] != '\0',
					            "an empty secret to redact");
				if (o1.secret_key)
					FUZZ_ASSERT(o1.access_key_id != NULL,
					            "a secret key loaded without an ID");
			}
		}
	} else {
		FUZZ_ASSERT(e1[0] != '\0' && strlen(e1) < sizeof e1, "failure without a reason");
	}
	options_free(&o1);
	options_free(&o2);
	precheck_plugin.config_free(&patterns);
	free(argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	strvec args = STRVEC_INIT, again = STRVEC_INIT, other = STRVEC_INIT;
	char err[160], err2[160], err3[160];
	err[0] = err2[0] = err3[0] = '\0';

	int rc = ini_section_args(text, size, SECTION, &args, err, sizeof err);
	FUZZ_ASSERT(rc >= -1 && rc <= 1, "ini_section_args returned %d", rc);
	if (rc < 0)
		FUZZ_ASSERT(err[0] != '\0', "syntax error without a reason");
	int rc2 = ini_section_args(text, size, SECTION, &again, err2, sizeof err2);
	FUZZ_ASSERT(rc == rc2 && strcmp(err, err2) == 0 && args.n == again.n, "not deterministic");
	for (size_t i = 0; i < args.n; i++) {
		const char *a = args.v[i];
		FUZZ_ASSERT(strcmp(a, again.v[i]) == 0, "argument %zu differs between runs", i);
		FUZZ_ASSERT(strncmp(a, "--", 2) == 0 && a[2] != '\0' && a[2] != '=',
		            "argument '%s' is not --name[=value]", a);
		FUZZ_ASSERT(strchr(a, '\n') == NULL, "argument spans lines");
		FUZZ_ASSERT(contains(text, size, a + 2, strcspn(a + 2, "=")),
		            "option name not from the file");
	}
	FUZZ_ASSERT(args.v == NULL || args.v[args.n] == NULL, "strvec not NULL-terminated");
	(void)ini_section_args(text, size, "other section", &other, err3, sizeof err3);

	if (rc == 0) {
		strvec use = STRVEC_INIT;
		for (size_t i = 0; i < args.n; i++)
			if (!is_extra_opts(args.v[i]))
				strvec_push(&use, xstrdup(args.v[i]));
		static const char *const none[] = { NULL };
		static const char *const cmd[] = { "--replication-id", "rp-cmd", "-t", "5" };
		parse_twice(&use, none, 0);
		parse_twice(&use, cmd, sizeof cmd / sizeof cmd[0]);
		strvec_free(&use);
	}
	strvec_free(&args);
	strvec_free(&again);
	strvec_free(&other);
	return 0;
}
