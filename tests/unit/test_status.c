/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_status.c - the status plugin's answer and judgement: the status
 * table, subtasks, delay thresholds and both documented shapes. */
#include "config.h"
#include "status_parse.h"
#include "render.h"
#include "status.h"
#include "unit.h"

#define ASSERT_TEXT(t, want) ASSERT_MEM((t).ptr, (t).len, LIT(want))

#define DOC \
	"{\"success\":true,\"requestId\":\"Xl1h5BXI\",\"data\":{\"replicationId\":\"rp-1\"," \
	"\"status\":\"running\",\"currentSubTaskType\":\"inc_writer\",\"subTaskList\":[" \
	"{\"subTaskType\":\"schema\",\"status\":\"success\",\"percent\":100.0}," \
	"{\"subTaskType\":\"full\",\"status\":\"success\",\"percent\":100.0}," \
	"{\"subTaskType\":\"inc_writer\",\"status\":\"running\",\"percent\":0.0,\"delay\":672}," \
	"{\"subTaskType\":\"trigger\",\"status\":\"notStarted\",\"percent\":0.0}]}}"

static status_response resp;
static check_result res;
static status_config cfg;
static char *out;

static void setup(void)
{
	memset(&resp, 0, sizeof resp);
	cfg = (status_config){ .replication_id = "rp-1" };
	result_init(&res, "REPLICATION", "Replication status");
	res.replication_id = "rp-1";
	res.subs_key = "subtasks";
	res.more_noun = "subtask";
	out = NULL;
}

static void teardown(void)
{
	status_response_free(&resp);
	result_free(&res);
	free(out);
}

static void thresholds(const char *w, const char *c)
{
	char err[128];
	if (w)
		ck_assert_int_eq(range_parse(w, &cfg.warn, err, sizeof err), 0);
	if (c)
		ck_assert_int_eq(range_parse(c, &cfg.crit, err, sizeof err), 0);
}

/* Parse, judge, render as Nagios at -v (every subtask listed). */
static const char *go(const char *body)
{
	char err[256] = "";
	ck_assert_msg(status_parse(body, strlen(body), &resp, err, sizeof err) == PARSE_OK, "%s", err);
	status_evaluate(&cfg, &resp, &res);
	render_options ro = render_options_init();
	ro.verbose = 1;
	out = render_nagios(&res, &ro);
	return out;
}

static char *body_with(const char *task, const char *inc_status, const char *delay)
{
	static char b[1024];
	snprintf(b, sizeof b,
	         "{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"status\":\"%s\","
	         "\"currentSubTaskType\":\"inc_writer\",\"subTaskList\":["
	         "{\"subTaskType\":\"inc_writer\",\"status\":\"%s\",\"percent\":0%s%s}]}}",
	         task, inc_status, delay ? ",\"delay\":" : "", delay ? delay : "");
	return b;
}

START_TEST(test_doc_example)
{
	ASSERT_STR(go(DOC),
	           "REPLICATION OK - rp-1: running, inc_writer, delay 672 ms | delay=0.672s;;;0 "
	           "schema_percent=100%;;;0;100 full_percent=100%;;;0;100 inc_writer_percent=0%;;;0;100 "
	           "trigger_percent=0%;;;0;100\n"
	           "[OK] schema: success, 100%\n"
	           "[OK] full: success, 100%\n"
	           "[OK] inc_writer: running, 0%, delay 672 ms\n"
	           "[OK] trigger: notStarted (pending), 0%\n");
	ck_assert_int_eq(res.state, STATE_OK);
}
END_TEST

static const struct {
	const char *status;
	state_t state;
	const char *words;
} table[] = {
	{ "running", STATE_OK, "running" },
	{ "success", STATE_OK, "success" },
	{ "starting", STATE_OK, "starting (transient)" },
	{ "preChecking", STATE_OK, "preChecking (transient)" },
	{ "preCheckSuccess", STATE_OK, "preCheckSuccess (transient)" },
	{ "createSuccess", STATE_OK, "createSuccess (transient)" },
	{ "suspended", STATE_WARNING, "suspended" },
	{ "stopped", STATE_WARNING, "stopped" },
	{ "notStarted", STATE_WARNING, "notStarted" },
	{ "locked", STATE_WARNING, "locked" },
	{ "failed", STATE_CRITICAL, "failed" },
	{ "abnormal", STATE_CRITICAL, "abnormal" },
	{ "preCheckFailed", STATE_CRITICAL, "preCheckFailed" },
	{ "migrating", STATE_UNKNOWN, "status 'migrating' is not a known value" },
	{ "RUNNING", STATE_OK, "RUNNING" },
};

START_TEST(test_table)
{
	char body[512];
	snprintf(body, sizeof body, "{\"success\":true,\"data\":{\"replicationId\":\"rp-1\","
	         "\"status\":\"%s\",\"subTaskList\":[]}}", table[_i].status);
	const char *got = go(body);
	ck_assert_int_eq(res.state, table[_i].state);
	ASSERT_STR(got, fmt("REPLICATION %s - rp-1: %s\n", state_name(table[_i].state),
	                    table[_i].words));
}
END_TEST

START_TEST(test_map_overrides_a_row)
{
	status_mapping map[] = { { "stopped", STATE_OK }, { "migrating", STATE_WARNING } };
	cfg.map = map;
	cfg.n_map = 2;
	go(body_with("stopped", "stopped", NULL));
	ck_assert_int_eq(res.state, STATE_OK);
	result_free(&res);
	status_response_free(&resp);
	free(out);
	setup();
	cfg.map = map;
	cfg.n_map = 2;
	go(body_with("migrating", "running", "10"));
	ck_assert_int_eq(res.state, STATE_WARNING);
}
END_TEST

START_TEST(test_subtask_worst_of)
{
	const char *body =
		"{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"status\":\"running\","
		"\"currentSubTaskType\":\"full\",\"subTaskList\":["
		"{\"subTaskType\":\"full\",\"status\":\"failed\",\"percent\":35.5},"
		"{\"subTaskType\":\"trigger\",\"status\":\"suspended\",\"percent\":0}]}}";
	render_options ro = render_options_init();
	char err[128];
	ck_assert_int_eq(status_parse(body, strlen(body), &resp, err, sizeof err), PARSE_OK);
	status_evaluate(&cfg, &resp, &res);
	out = render_nagios(&res, &ro);
	ck_assert_int_eq(res.state, STATE_CRITICAL);
	ASSERT_STR(out, "REPLICATION CRITICAL - rp-1: running, full | "
	                "full_percent=35.5%;;;0;100 trigger_percent=0%;;;0;100\n"
	                "[CRITICAL] full: failed, 35.5%\n"
	                "[WARNING] trigger: suspended, 0%\n");
}
END_TEST

static const struct {
	const char *warn, *crit, *delay_ms;
	state_t state;
	const char *words;
	const char *perf;
} delays[] = {
	{ "5m", "15m", "672", STATE_OK, "delay 672 ms", "delay=0.672s;300;900;0" },
	{ "5m", "15m", "400000", STATE_WARNING, "delay 6 min 40 s (warning: above 300 s)",
	  "delay=400s;300;900;0" },
	{ "5m", "15m", "1000000", STATE_CRITICAL, "delay 16 min 40 s (critical: above 900 s)",
	  "delay=1000s;300;900;0" },
	{ "500ms", NULL, "672", STATE_WARNING, "delay 672 ms (warning: above 0.5 s)",
	  "delay=0.672s;0.5;;0" },
	{ NULL, "1h", "7300000", STATE_CRITICAL, "delay 2 h 1 min (critical: above 3600 s)",
	  "delay=7300s;;3600;0" },
	{ "10:", NULL, "5000", STATE_WARNING, "delay 5.0 s (warning: below 10 s)", "delay=5s;10:;;0" },
	{ "~:90s", NULL, "95000", STATE_WARNING, "delay 1 min 35 s (warning: above 90 s)",
	  "delay=95s;~:90;;0" },
	{ "@1m:2m", NULL, "90000", STATE_WARNING, "delay 1 min 30 s (warning: within 60 to 120 s)",
	  "delay=90s;@60:120;;0" },
	{ "@1m:2m", NULL, "30000", STATE_OK, "delay 30.0 s", "delay=30s;@60:120;;0" },
	{ "30s:2m", NULL, "10000", STATE_WARNING, "delay 10.0 s (warning: outside 30 to 120 s)",
	  "delay=10s;30:120;;0" },
};

START_TEST(test_delay_thresholds)
{
	thresholds(delays[_i].warn, delays[_i].crit);
	render_options ro = render_options_init();
	char err[128];
	const char *body = body_with("running", "running", delays[_i].delay_ms);
	ck_assert_int_eq(status_parse(body, strlen(body), &resp, err, sizeof err), PARSE_OK);
	status_evaluate(&cfg, &resp, &res);
	out = render_nagios(&res, &ro);
	ck_assert_int_eq(res.state, delays[_i].state);
	ASSERT_STR(out, fmt("REPLICATION %s - rp-1: running, inc_writer, %s | %s "
	                    "inc_writer_percent=0%%;;;0;100\n", state_name(delays[_i].state),
	                    delays[_i].words, delays[_i].perf));
}
END_TEST

static const struct {
	const char *body, *why;
} no_delay[] = {
	{ "{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"status\":\"running\","
	  "\"subTaskList\":[{\"subTaskType\":\"full\",\"status\":\"running\",\"percent\":5}]}}",
	  "the answer has no incremental subtask (inc_writer)" },
	{ "{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"status\":\"running\","
	  "\"subTaskList\":[{\"subTaskType\":\"inc_writer\",\"status\":\"running\",\"percent\":0}]}}",
	  "the incremental subtask reports no delay" },
	{ "{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"status\":\"running\","
	  "\"subTaskList\":[{\"subTaskType\":\"inc_writer\",\"status\":\"notStarted\",\"percent\":0}]}}",
	  "the incremental subtask is not running (notStarted)" },
};

START_TEST(test_thresholds_without_delay)
{
	thresholds("5m", NULL);
	char err[128];
	ck_assert_int_eq(status_parse(no_delay[_i].body, strlen(no_delay[_i].body), &resp, err,
	                              sizeof err), PARSE_OK);
	status_evaluate(&cfg, &resp, &res);
	ck_assert_int_eq(res.state, STATE_UNKNOWN);
	render_options ro = render_options_init();
	out = render_nagios(&res, &ro);
	ck_assert_msg(strstr(out, fmt(", no delay to judge: %s", no_delay[_i].why)) != NULL, "%s", out);
	ck_assert_msg(strstr(out, "delay=") == NULL, "%s", out);
}
END_TEST

START_TEST(test_no_thresholds_no_delay_is_fine)
{
	char err[128];
	ck_assert_int_eq(status_parse(no_delay[1].body, strlen(no_delay[1].body), &resp, err,
	                              sizeof err), PARSE_OK);
	status_evaluate(&cfg, &resp, &res);
	ck_assert_int_eq(res.state, STATE_OK);
}
END_TEST

START_TEST(test_top_level_shape)
{
	const char *body = "{\"success\":true,\"requestId\":\"r\",\"replicationId\":\"rp-1\","
	                   "\"status\":\"running\",\"currentSubTaskType\":\"inc_writer\","
	                   "\"subTaskList\":[{\"subTaskType\":\"inc_writer\",\"status\":\"running\","
	                   "\"percent\":0,\"delay\":1500}]}";
	go(body);
	ck_assert(resp.has_data);
	ASSERT_TEXT(resp.status, "running");
	ck_assert_int_eq(res.state, STATE_OK);
	ck_assert_msg(strstr(out, "delay 1.5 s") != NULL, "%s", out);
}
END_TEST

static const struct {
	const char *body, *err;
} bad_shapes[] = {
	{ "{\"success\":true,\"data\":\"x\"}", "'data' is string, not an object" },
	{ "{\"success\":true,\"data\":{\"status\":1}}", "'status' is int, not a string" },
	{ "{\"success\":true,\"data\":{\"subTaskList\":{}}}", "'subTaskList' is object, not an array" },
	{ "{\"success\":true,\"data\":{\"subTaskList\":[1]}}", "'subTaskList[0]' is int, not an object" },
	{ "{\"success\":true,\"data\":{\"subTaskList\":[{\"delay\":\"soon\"}]}}",
	  "'subTaskList[0].delay' is string, not a number" },
	{ "{\"success\":true,\"data\":{\"subTaskList\":[{\"percent\":true}]}}",
	  "'subTaskList[0].percent' is boolean, not a number" },
	{ "[1]", "response is a JSON array, not an object" },
};

START_TEST(test_bad_shapes)
{
	char err[256] = "";
	ck_assert_int_eq(status_parse(bad_shapes[_i].body, strlen(bad_shapes[_i].body), &resp, err,
	                              sizeof err), PARSE_SHAPE);
	ASSERT_STR(err, bad_shapes[_i].err);
}
END_TEST

START_TEST(test_hostile_labels)
{
	const char *body = "{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"status\":\"running\","
	                   "\"currentSubTaskType\":\"inc|writer\\n\",\"subTaskList\":["
	                   "{\"subTaskType\":\"we|rd name\",\"status\":\"failed\",\"percent\":12.5}]}}";
	go(body);
	ASSERT_STR(out, "REPLICATION CRITICAL - rp-1: running, inc\xc2\xa6writer | "
	                "we_rd_name_percent=12.5%;;;0;100\n"
	                "[CRITICAL] we\xc2\xa6rd name: failed, 12.5%\n");
}
END_TEST

START_TEST(test_table_text)
{
	strbuf b = STRBUF_INIT;
	status_table_text(&b, "  ");
	ASSERT_STR(strbuf_str(&b),
	           "  OK                        running, success\n"
	           "  OK, reported as transient starting, preChecking, preCheckSuccess, createSuccess\n"
	           "  WARNING                   suspended, stopped, notStarted, locked\n"
	           "  CRITICAL                  failed, abnormal, preCheckFailed\n"
	           "  UNKNOWN                   any other value\n");
	strbuf_free(&b);
}
END_TEST

static Suite *status_suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("status");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_doc_example);
	tcase_add_loop_test(tc, test_table, 0, (int)ARRAY_LEN(table));
	tcase_add_test(tc, test_map_overrides_a_row);
	tcase_add_test(tc, test_subtask_worst_of);
	tcase_add_loop_test(tc, test_delay_thresholds, 0, (int)ARRAY_LEN(delays));
	tcase_add_loop_test(tc, test_thresholds_without_delay, 0, (int)ARRAY_LEN(no_delay));
	tcase_add_test(tc, test_no_thresholds_no_delay_is_fine);
	tcase_add_test(tc, test_top_level_shape);
	tcase_add_loop_test(tc, test_bad_shapes, 0, (int)ARRAY_LEN(bad_shapes));
	tcase_add_test(tc, test_hostile_labels);
	tcase_add_test(tc, test_table_text);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(status_suite)
