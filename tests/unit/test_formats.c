/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_formats.c - one check result, four formats: each says the same,
 * each escapes network text its own way, none shows a secret; and the
 * output file is replaced whole or not at all. */
#include "config.h"
#include "json.h"
#include "outfile.h"
#include "render.h"
#include "result.h"
#include "unit.h"

#define ASSERT_TEXT(t, want) ASSERT_MEM((t).ptr, (t).len, LIT(want))

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static check_result r;
static render_options ro;
static char *out;

/* A CRITICAL precheck-like result with hostile text in every field. */
static void setup(void)
{
	result_init(&r, "PRECHECK", "Replication precheck");
	r.replication_id = "rp-\"x\"";
	r.state = STATE_CRITICAL;
	rtext_lit(&r.summary, "1 failed of 2 items: ");
	rtext_net(&r.summary, LIT("Src | check\n\x01 s3cr3t-value"), 0);
	subcheck *s = result_add_sub(&r, STATE_CRITICAL);
	rtext_net(&s->label, LIT("Src | check"), 0);
	rtext_net(&s->id, LIT("srcCheck"), 0);
	rtext_net(&s->text, LIT("line1\nline2 \xff bad"), 0);
	fields_net(&s->fields, "id", LIT("srcCheck"));
	fields_net(&s->fields, "message", LIT("line1\nline2 \xff bad \"q\" s3cr3t-value"));
	fields_state(&s->fields, "state", STATE_CRITICAL);
	subcheck *ok = result_add_sub(&r, STATE_OK);
	ok->quiet = true;
	rtext_net(&ok->label, LIT("Fine"), 0);
	fields_net(&ok->fields, "id", LIT("fine"));
	perfdatum *p = result_add_perf(&r, "items", "");
	snprintf(p->value, sizeof p->value, "2");
	snprintf(p->min, sizeof p->min, "0");
	p = result_add_perf(&r, "delay", "s");
	snprintf(p->value, sizeof p->value, "0.672");
	snprintf(p->warn, sizeof p->warn, "300");
	snprintf(p->crit, sizeof p->crit, "@60:120");
	metric *m = result_add_metric(&r, "replication_precheck_state", "State.", 2);
	metric_label(m, "replication_id", r.replication_id, strlen(r.replication_id));
	m = result_add_metric(&r, "replication_precheck_item_state", "Items.", 2);
	metric_label(m, "replication_id", r.replication_id, strlen(r.replication_id));
	metric_label(m, "item_id", LIT("a\\b\"c\nd"));
	m = result_add_metric(&r, "replication_precheck_state", "State.", 0);
	fields_net(&r.facts, "precheck_status", LIT("failure"));
	ro = render_options_init();
	static const char *const secrets[] = { "s3cr3t-value" };
	ro.secrets = secrets;
	ro.n_secrets = 1;
	out = NULL;
}

static void teardown(void)
{
	result_free(&r);
	free(out);
}

/* For a test that needs a plain result instead of setup()'s hostile one. */
static void restart_result(const char *prefix, const char *service, const char *id)
{
	result_free(&r);
	result_init(&r, prefix, service);
	r.replication_id = id;
}

START_TEST(test_nagios)
{
	out = render_nagios(&r, &ro);
	ASSERT_STR(out, "PRECHECK CRITICAL - rp-\"x\": 1 failed of 2 items: Src \xc2\xa6 check <redacted> "
	                "| items=2;;;0 delay=0.672s;300;@60:120\n"
	                "[CRITICAL] Src \xc2\xa6 check (srcCheck): line1 line2 \xef\xbf\xbd bad\n");
}
END_TEST

START_TEST(test_json)
{
	ro.format = FORMAT_JSON;
	out = render_result(&r, &ro);
	size_t n = strlen(out);
	ck_assert(n > 0 && out[n - 1] == '\n');
	ck_assert_msg(memchr(out, '\n', n - 1) == NULL, "JSON spans lines: %s", out);
	ck_assert_msg(strstr(out, "s3cr3t") == NULL, "secret in %s", out);
	for (size_t i = 0; i < n - 1; i++)
		ck_assert_msg((unsigned char)out[i] >= 0x20, "raw control byte at %zu", i);
	/* It is JSON, and it says what the Nagios line says. */
	json_reader *rd = json_reader_new();
	jnode *doc;
	char err[128];
	ck_assert_int_eq(json_reader_feed(rd, out, n), 0);
	ck_assert_int_eq(json_reader_finish(rd, &doc, err, sizeof err), PARSE_OK);
	json_reader_free(rd);
	ASSERT_TEXT(jv_text(jv_member(doc, "state")), "CRITICAL");
	ck_assert(jv_number(jv_member(doc, "exit_code")) == 2);
	ASSERT_TEXT(jv_text(jv_member(doc, "summary")),
	            "1 failed of 2 items: Src | check\n\x01 <redacted>");
	ASSERT_TEXT(jv_text(jv_member(doc, "replication_id")), "rp-\"x\"");
	ck_assert_ptr_null(jv_member(doc, "error"));
	ASSERT_TEXT(jv_text(jv_member(doc, "precheck_status")), "failure");
	jnode *items = jv_member(doc, "items");
	ck_assert_uint_eq(jv_length(items), 2);
	ASSERT_TEXT(jv_text(jv_member(jv_at(items, 0), "message")),
	            "line1\nline2 \xef\xbf\xbd bad \"q\" <redacted>");
	ASSERT_TEXT(jv_text(jv_member(jv_at(items, 0), "state")), "CRITICAL");
	jnode *perf = jv_member(doc, "perfdata");
	ck_assert_uint_eq(jv_length(perf), 2);
	ck_assert(jv_number(jv_member(jv_at(perf, 1), "value")) == 0.672);
	ASSERT_TEXT(jv_text(jv_member(jv_at(perf, 1), "uom")), "s");
	ASSERT_TEXT(jv_text(jv_member(jv_at(perf, 1), "warn")), "300");
	ASSERT_TEXT(jv_text(jv_member(jv_at(perf, 1), "crit")), "@60:120");
	ck_assert_ptr_null(jv_member(jv_at(perf, 1), "max"));
	json_free(doc);
}
END_TEST

/* json-c writes a line feed as "\n". When the server follows it with all
 * of a secret but its first letter, the escape would complete the secret:
 * that output is rendered again without any network text. The Nagios line
 * makes the line feed a space, completes nothing and keeps the text. */
START_TEST(test_escape_completing_secret)
{
	restart_result("STATUS", "Replication status", "rs-1");
	r.state = STATE_OK;
	rtext_lit(&r.summary, "running, ");
	rtext_net(&r.summary, LIT("inc\nd-S3cr3t-SecretKey-5a7e"), 0);
	static const char *const secrets[] = { "nd-S3cr3t-SecretKey-5a7e" };
	ro.secrets = secrets;
	ro.format = FORMAT_JSON;
	out = render_result(&r, &ro);
	ASSERT_STR(out, "{\"state\":\"OK\",\"exit_code\":0,\"summary\":\"running, <redacted>\","
	                "\"replication_id\":\"<redacted>\",\"error\":null,\"items\":[],"
	                "\"perfdata\":[]}\n");
	free(out);
	ro.format = FORMAT_NAGIOS;
	out = render_result(&r, &ro);
	ASSERT_STR(out, "STATUS OK - rs-1: running, inc d-S3cr3t-SecretKey-5a7e\n");
}
END_TEST

START_TEST(test_json_error)
{
	restart_result("PRECHECK", "Replication precheck", "rp-1");
	r.error = true;
	rtext_lit(&r.summary, "HTTP 503 Service Unavailable");
	ro.format = FORMAT_JSON;
	out = render_result(&r, &ro);
	ASSERT_STR(out, "{\"state\":\"UNKNOWN\",\"exit_code\":3,\"summary\":\"HTTP 503 Service "
	                "Unavailable\",\"replication_id\":\"rp-1\",\"error\":\"HTTP 503 Service "
	                "Unavailable\",\"items\":[],\"perfdata\":[]}\n");
}
END_TEST

START_TEST(test_prometheus)
{
	ro.format = FORMAT_PROMETHEUS;
	out = render_result(&r, &ro);
	ASSERT_STR(out,
	           "# HELP replication_precheck_state State.\n"
	           "# TYPE replication_precheck_state gauge\n"
	           "replication_precheck_state{replication_id=\"rp-\\\"x\\\"\"} 2\n"
	           "replication_precheck_state 0\n"
	           "# HELP replication_precheck_item_state Items.\n"
	           "# TYPE replication_precheck_item_state gauge\n"
	           "replication_precheck_item_state{replication_id=\"rp-\\\"x\\\"\",item_id=\"a\\\\b\\\"c d\"} 2\n");
}
END_TEST

START_TEST(test_checkmk)
{
	ro.format = FORMAT_CHECKMK;
	out = render_result(&r, &ro);
	ASSERT_STR(out, "2 \"Replication precheck rp-'x'\" items=2;;;0;|delay=0.672;300;;; "
	                "1 failed of 2 items: Src \xc2\xa6 check <redacted>"
	                "\\n[CRITICAL] Src \xc2\xa6 check (srcCheck): line1 line2 \xef\xbf\xbd bad\n");
	free(out);
	ro.service_name = "My service";
	ro.verbose = 1;
	out = render_result(&r, &ro);
	ck_assert_msg(strncmp(out, "2 \"My service\" ", 15) == 0, "%s", out);
	ck_assert_msg(strstr(out, "\\n[OK] Fine\n") != NULL, "%s", out);
}
END_TEST

START_TEST(test_checkmk_budget)
{
	for (int i = 0; i < 200; i++) {
		subcheck *s = result_add_sub(&r, STATE_WARNING);
		rtext_net(&s->label, LIT("a rather long label for an item that keeps going"), 0);
	}
	ro.format = FORMAT_CHECKMK;
	ro.max_output = 1023;
	out = render_result(&r, &ro);
	ck_assert_uint_le(strlen(out), 1023);
	ck_assert_msg(strstr(out, "more items not shown (see --max-items and --max-output)\n") != NULL,
	              "%s", out);
	ck_assert_msg(strchr(out, '\n') == out + strlen(out) - 1, "more than one line");
}
END_TEST

/* A fresh directory for --output-file tests, and path = dir/check.prom. */
static void outfile_dir(char *dir, size_t dirlen, char *path, size_t pathlen)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, dirlen, "%s/unit-outfile-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, pathlen, "%s/check.prom", dir);
}

/* path holds exactly want, and nothing but check.prom is left in dir (no
 * temporary file); then dir is removed. */
static void outfile_done(const char *dir, const char *path, const char *want)
{
	char buf[64] = "", cmd[400];
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	ck_assert_uint_eq(n, strlen(want));
	ASSERT_STR(buf, want);
	snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s')\" = check.prom", dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_outfile)
{
	char dir[256], path[300], err[512], bad[320];
	outfile_dir(dir, sizeof dir, path, sizeof path);
	ck_assert_int_eq(outfile_write(path, LIT("first\n"), err, sizeof err), 0);
	ck_assert_int_eq(outfile_write(path, LIT("second\n"), err, sizeof err), 0);
	/* A directory that does not exist: an error that names the path. */
	snprintf(bad, sizeof bad, "%s/missing/check.prom", dir);
	ck_assert_int_eq(outfile_write(bad, LIT("x\n"), err, sizeof err), -1);
	ASSERT_STR(err, fmt("cannot write --output-file %s: No such file or directory", bad));
	outfile_done(dir, path, "second\n");
}
END_TEST

/* A write that fails half-way (here: over the file size limit, which holds
 * for root too, unlike permissions) leaves the previous file as it was and
 * no temporary file beside it. */
START_TEST(test_outfile_failed_write_keeps_old_file)
{
	char dir[256], path[300], err[512];
	outfile_dir(dir, sizeof dir, path, sizeof path);
	ck_assert_int_eq(outfile_write(path, LIT("old\n"), err, sizeof err), 0);

	struct rlimit saved, small = { .rlim_cur = 4 };
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small.rlim_max = saved.rlim_max;
	void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	int rc = outfile_write(path, LIT("a longer replacement\n"), err, sizeof err);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &saved), 0);
	signal(SIGXFSZ, old_handler);

	ck_assert_int_eq(rc, -1);
	ASSERT_STR(err, fmt("cannot write --output-file %s: %s", path, strerror(EFBIG)));
	outfile_done(dir, path, "old\n");
}
END_TEST

START_TEST(test_format_names)
{
	output_format f;
	ck_assert_int_eq(format_parse("JSON", &f), 0);
	ck_assert_int_eq(f, FORMAT_JSON);
	ck_assert_int_eq(format_parse("checkmk", &f), 0);
	ck_assert_int_eq(f, FORMAT_CHECKMK);
	ck_assert_int_eq(format_parse("xml", &f), -1);
	ASSERT_STR(format_name(FORMAT_PROMETHEUS), "prometheus");
}
END_TEST

static Suite *formats_suite(void)
{
	Suite *s = suite_create("formats");
	TCase *tc = tcase_create("formats");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nagios);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_json_error);
	tcase_add_test(tc, test_escape_completing_secret);
	tcase_add_test(tc, test_prometheus);
	tcase_add_test(tc, test_checkmk);
	tcase_add_test(tc, test_checkmk_budget);
	tcase_add_test(tc, test_outfile);
	tcase_add_test(tc, test_outfile_failed_write_keeps_old_file);
	tcase_add_test(tc, test_format_names);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(formats_suite)
