/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_evaluate.c - the judgement: status map, overrides, worst-of, errors,
 * counts and order. */
#include "config.h"
#include "answer.h"
#include "evaluate.h"
#include "parse.h"
#include "precheck.h"
#include "unit.h"

/* Response builders. S() quotes a JSON string value. */
#define S(x) "\"" x "\""
#define RESP(status, items) \
	"{\"success\":true,\"requestId\":\"req-1\",\"data\":{\"replicationId\":\"rp-1\"," \
	"\"precheckStatus\":" status ",\"items\":[" items "]}}"
#define ITEM(id, status) \
	"{\"itemId\":\"" id "\",\"itemName\":\"Name " id "\",\"status\":" status ",\"message\":\"\"}"

static judge_config cfg;
static verdict_config common; /* what the shared run checks every answer with */
static transfer_outcome xfer;
static answer_reader ar;
static precheck_response *resp; /* the answer ar parsed */
static parse_status pst;
static char perr[512];
static failure fail; /* the common checks' verdict; ERR_NONE when it passed */
static bool did_fail;
static precheck_verdict res;

static void setup(void)
{
	memset(&cfg, 0, sizeof cfg);
	memset(&xfer, 0, sizeof xfer);
	memset(&res, 0, sizeof res);
	memset(&fail, 0, sizeof fail);
	did_fail = false;
	answer_reader_init(&ar, &precheck_plugin);
	resp = ar.answer;
	pst = PARSE_EMPTY;
	common = (verdict_config){ .error_state = STATE_UNKNOWN, .timeout_state = STATE_UNKNOWN,
	                           .replication_id = "rp-1" };
	xfer.status = XFER_OK;
	xfer.http_code = 200;
	xfer.seconds = 0.05;
}

static void teardown(void)
{
	verdict_free(&res);
	answer_reader_release(&ar);
}

/* What the shared run does with an answer ar holds: the checks every
 * answer goes through, then the precheck plugin's judgement. */
static void judge_answer(const transfer_outcome *x)
{
	did_fail = answer_check(&ar, &common, x, &fail);
	if (!did_fail)
		precheck_judge(&cfg, resp, &res);
}

/* Parses body and judges it with the current cfg, common and xfer. */
static void run(const char *body)
{
	answer_reader_parse(&ar, body, strlen(body));
	pst = ar.pst;
	snprintf(perr, sizeof perr, "%s", ar.perr);
	judge_answer(&xfer);
}

/* The state of the run: the failure's, or the judgement's. */
static state_t state_of(void)
{
	return did_fail ? fail.state : res.state;
}

static void run_ok(const char *body)
{
	run(body);
	ck_assert_msg(pst == PARSE_OK, "test body does not parse: %s", perr);
}

static text_t T(const char *s)
{
	text_t t = { s, s ? strlen(s) : 0 };
	return t;
}

#define ASSERT_STATE(got, want) \
	ck_assert_msg((got) == (want), "%s is %s, want %s", #got, state_name(got), state_name(want))

static void assert_counts(size_t total, size_t ok, size_t warning, size_t critical,
                          size_t unknown, size_t ignored)
{
	ck_assert_uint_eq(res.count_total, total);
	ck_assert_uint_eq(res.count_ok, ok);
	ck_assert_uint_eq(res.count_warning, warning);
	ck_assert_uint_eq(res.count_critical, critical);
	ck_assert_uint_eq(res.count_unknown, unknown);
	ck_assert_uint_eq(res.count_ignored, ignored);
}

/* ---- judge_status ---- */

static const struct {
	const char *value;
	state_t state;
} default_map_cases[] = {
	{ "success", STATE_OK }, { "SUCCESS", STATE_OK }, { "Success", STATE_OK },
	{ "warning", STATE_WARNING }, { "WARNING", STATE_WARNING }, { "Warning", STATE_WARNING },
	{ "failure", STATE_CRITICAL }, { "FAILURE", STATE_CRITICAL }, { "FaIlUrE", STATE_CRITICAL },
	{ "running", STATE_UNKNOWN }, { "", STATE_UNKNOWN }, { "succes", STATE_UNKNOWN },
	{ "successful", STATE_UNKNOWN }, { " success", STATE_UNKNOWN }, { "success ", STATE_UNKNOWN },
	{ "ok", STATE_UNKNOWN }, { "OK", STATE_UNKNOWN }, { "error", STATE_UNKNOWN },
	{ "fail", STATE_UNKNOWN }, { "did_fail", STATE_UNKNOWN }, { "warn", STATE_UNKNOWN },
	{ "critical", STATE_UNKNOWN }, { "0", STATE_UNKNOWN },
};

START_TEST(test_default_map)
{
	state_t got = judge_status(&cfg, T(default_map_cases[_i].value));
	ck_assert_msg(got == default_map_cases[_i].state, "'%s' -> %s, want %s",
	              default_map_cases[_i].value, state_name(got),
	              state_name(default_map_cases[_i].state));
}
END_TEST

START_TEST(test_map_absent_and_nul)
{
	text_t absent = { NULL, 0 };
	text_t nul = { "success\0x", 9 };
	text_t prefix = { "success", 4 };     /* "succ" */
	ASSERT_STATE(judge_status(&cfg, absent), STATE_UNKNOWN);
	ASSERT_STATE(judge_status(&cfg, nul), STATE_UNKNOWN);
	ASSERT_STATE(judge_status(&cfg, prefix), STATE_UNKNOWN);
	ASSERT_STATE(judge_status(NULL, T("failure")), STATE_CRITICAL);
	ASSERT_STATE(judge_status(NULL, T("running")), STATE_UNKNOWN);
}
END_TEST

START_TEST(test_user_map_overrides_defaults)
{
	status_mapping map[] = {
		{ "running", STATE_WARNING },
		{ "failure", STATE_WARNING },
		{ "RUNNING", STATE_OK },            /* later wins, any case */
		{ "a=b", STATE_CRITICAL },
	};
	cfg.map = map;
	cfg.n_map = ARRAY_LEN(map);
	ASSERT_STATE(judge_status(&cfg, T("Running")), STATE_OK);
	ASSERT_STATE(judge_status(&cfg, T("FAILURE")), STATE_WARNING);
	ASSERT_STATE(judge_status(&cfg, T("success")), STATE_OK);
	ASSERT_STATE(judge_status(&cfg, T("warning")), STATE_WARNING);
	ASSERT_STATE(judge_status(&cfg, T("A=B")), STATE_CRITICAL);
	ASSERT_STATE(judge_status(&cfg, T("pending")), STATE_UNKNOWN);
	ASSERT_STATE(judge_status(&cfg, T("runnin")), STATE_UNKNOWN);
}
END_TEST

START_TEST(test_user_map_can_lower_success)
{
	status_mapping map[] = { { "success", STATE_CRITICAL }, { "warning", STATE_OK } };
	cfg.map = map;
	cfg.n_map = ARRAY_LEN(map);
	ASSERT_STATE(judge_status(&cfg, T("SUCCESS")), STATE_CRITICAL);
	ASSERT_STATE(judge_status(&cfg, T("warning")), STATE_OK);
	ASSERT_STATE(judge_status(&cfg, T("failure")), STATE_CRITICAL);
}
END_TEST

START_TEST(test_user_map_in_evaluate)
{
	status_mapping map[] = { { "running", STATE_OK }, { "failure", STATE_WARNING } };
	cfg.map = map;
	cfg.n_map = ARRAY_LEN(map);
	run_ok(RESP(S("Running"), ITEM("a", S("RUNNING")) "," ITEM("b", S("failure"))));
	ASSERT_STATE(res.overall_state, STATE_OK);
	ASSERT_STATE(res.items[0].state, STATE_OK);
	ASSERT_STATE(res.items[1].state, STATE_WARNING);
	ASSERT_STATE(res.items[1].api_state, STATE_WARNING);
	ck_assert(!res.items[1].capped);
	ASSERT_STATE(state_of(), STATE_WARNING);
}
END_TEST

/* ---- judge_match ---- */

START_TEST(test_match_patterns)
{
	const char *src[] = { "src*" };
	const char *loop[] = { "*Loop*" };
	const char *one[] = { "?" };
	const char *cls[] = { "[ab]x" };
	const char *exact[] = { "srcDataSourceCheck" };
	const char *partial[] = { "srcDataSource" };
	const char *upper[] = { "SRC*" };
	const char *several[] = { "nomatch", "other*", "*Check" };

	ck_assert(judge_match(src, 1, T("srcDataSourceCheck")));
	ck_assert(!judge_match(src, 1, T("dstDataSourceCheck")));
	ck_assert(judge_match(loop, 1, T("replBidirectionLoopExistCheck")));
	ck_assert(!judge_match(loop, 1, T("srcDataSourceCheck")));
	ck_assert(judge_match(one, 1, T("a")));
	ck_assert(!judge_match(one, 1, T("ab")));
	ck_assert(judge_match(cls, 1, T("bx")));
	ck_assert(!judge_match(cls, 1, T("cx")));
	ck_assert(judge_match(exact, 1, T("srcDataSourceCheck")));
	ck_assert(!judge_match(partial, 1, T("srcDataSourceCheck")));   /* whole id */
	ck_assert(!judge_match(upper, 1, T("srcDataSourceCheck")));     /* case matters */
	ck_assert(judge_match(several, 3, T("srcDataSourceCheck")));
	ck_assert(!judge_match(several, 2, T("srcDataSourceCheck")));   /* only n patterns */
}
END_TEST

START_TEST(test_match_edge_cases)
{
	const char *any[] = { "*" };
	const char *src[] = { "src" };
	text_t absent = { NULL, 0 };
	text_t nul = { "src\0evil", 8 };
	ck_assert(!judge_match(any, 0, T("x")));
	ck_assert(!judge_match(NULL, 0, T("x")));
	ck_assert(!judge_match(any, 1, absent));
	ck_assert(judge_match(any, 1, T("")));
	/* "src\0evil" is not "src" */
	ck_assert(!judge_match(src, 1, nul));
}
END_TEST

/* ---- the verdict from a good response ---- */

START_TEST(test_doc_example)
{
	common.replication_id = "rp-div0qqpbffio";
	run_ok(DOC_EXAMPLE_JSON);
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ck_assert(res.has_overall);
	ASSERT_STATE(res.overall_state, STATE_CRITICAL);
	ASSERT_STATE(res.items_state, STATE_CRITICAL);
	ck_assert(!res.overall_disagrees);
	ck_assert(!res.items_decide);
	ck_assert_ptr_eq(res.resp, resp);
	ck_assert_ptr_eq(fail.xfer, &xfer);
	ck_assert_uint_eq(res.n_items, 2);
	ck_assert_ptr_eq(res.items[0].item, &resp->items[0]);
	ck_assert_ptr_eq(res.items[1].item, &resp->items[1]);
	ASSERT_STATE(res.items[0].state, STATE_OK);
	ASSERT_STATE(res.items[1].state, STATE_CRITICAL);
	ASSERT_STATE(res.items[1].api_state, STATE_CRITICAL);
	ck_assert(!res.items[1].ignored);
	ck_assert(!res.items[1].capped);
	assert_counts(2, 1, 0, 1, 0, 0);
	ck_assert_uint_eq(res.order[0], 1);
	ck_assert_uint_eq(res.order[1], 0);
}
END_TEST

START_TEST(test_all_success)
{
	run_ok(RESP(S("success"), ITEM("a", S("success")) "," ITEM("b", S("SUCCESS"))));
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_OK);
	ck_assert(!res.overall_disagrees);
	assert_counts(2, 2, 0, 0, 0, 0);
}
END_TEST

START_TEST(test_overall_success_failed_item)
{
	run_ok(RESP(S("success"), ITEM("a", S("success")) "," ITEM("b", S("failure"))));
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ASSERT_STATE(res.overall_state, STATE_OK);
	ASSERT_STATE(res.items_state, STATE_CRITICAL);
	ck_assert(res.overall_disagrees);
	ck_assert(!res.items_decide);
}
END_TEST

START_TEST(test_overall_success_warning_item)
{
	run_ok(RESP(S("success"), ITEM("a", S("warning"))));
	ASSERT_STATE(state_of(), STATE_WARNING);
	ck_assert(res.overall_disagrees);
}
END_TEST

START_TEST(test_overall_success_unknown_item)
{
	run_ok(RESP(S("success"), ITEM("a", S("running"))));
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	ck_assert(res.overall_disagrees);
	assert_counts(1, 0, 0, 0, 1, 0);
}
END_TEST

START_TEST(test_overall_warning_items_success)
{
	run_ok(RESP(S("warning"), ITEM("a", S("success")) "," ITEM("b", S("success"))));
	ASSERT_STATE(state_of(), STATE_WARNING);
	ASSERT_STATE(res.overall_state, STATE_WARNING);
	ASSERT_STATE(res.items_state, STATE_OK);
	ck_assert(!res.overall_disagrees);
}
END_TEST

START_TEST(test_overall_failure_items_success)
{
	/* Never better than any part of the answer. */
	run_ok(RESP(S("failure"), ITEM("a", S("success"))));
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ck_assert(!res.overall_disagrees);
}
END_TEST

START_TEST(test_overall_unknown_value)
{
	run_ok(RESP(S("running"), ITEM("a", S("success"))));
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	ASSERT_STATE(res.overall_state, STATE_UNKNOWN);
	ck_assert(res.has_overall);
	ck_assert(!res.overall_disagrees);
}
END_TEST

START_TEST(test_overall_warning_beats_unknown_item)
{
	run_ok(RESP(S("warning"), ITEM("a", S("running"))));
	ASSERT_STATE(state_of(), STATE_WARNING);
}
END_TEST

START_TEST(test_worst_of_items)
{
	run_ok(RESP(S("success"), ITEM("a", S("success")) "," ITEM("b", S("warning")) ","
	            ITEM("c", S("running"))));
	ASSERT_STATE(res.items_state, STATE_WARNING);
	ASSERT_STATE(state_of(), STATE_WARNING);
	teardown();
	setup();
	run_ok(RESP(S("warning"), ITEM("a", S("running")) "," ITEM("b", S("failure"))));
	ASSERT_STATE(state_of(), STATE_CRITICAL);
}
END_TEST

START_TEST(test_unknown_item_values)
{
	run_ok(RESP(S("success"), ITEM("a", S("RUNNING")) "," ITEM("b", "null") ","
	            ITEM("c", S("")) "," ITEM("d", S("success"))));
	ASSERT_STATE(res.items[0].api_state, STATE_UNKNOWN);
	ASSERT_STATE(res.items[1].api_state, STATE_UNKNOWN);
	ASSERT_STATE(res.items[2].api_state, STATE_UNKNOWN);
	ASSERT_STATE(res.items[3].api_state, STATE_OK);
	assert_counts(4, 1, 0, 0, 3, 0);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
}
END_TEST

START_TEST(test_no_items_status_decides)
{
	run_ok(RESP(S("warning"), ""));
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_WARNING);
	ck_assert_uint_eq(res.n_items, 0);
	assert_counts(0, 0, 0, 0, 0, 0);
	teardown();
	setup();
	run_ok("{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_OK);
}
END_TEST

START_TEST(test_status_missing_items_decide)
{
	run_ok("{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"items\":["
	       ITEM("a", S("success")) "," ITEM("b", S("warning")) "]}}");
	ck_assert_int_eq(fail.error, ERR_NONE);
	ck_assert(!res.has_overall);
	ASSERT_STATE(state_of(), STATE_WARNING);
	ck_assert(!res.overall_disagrees);
	teardown();
	setup();
	run_ok(RESP("null", ITEM("a", S("success"))));
	ck_assert_int_eq(fail.error, ERR_NONE);
	ck_assert(!res.has_overall);
	ASSERT_STATE(state_of(), STATE_OK);
}
END_TEST

START_TEST(test_no_status_no_items)
{
	run_ok("{\"success\":true,\"requestId\":\"r\",\"data\":{\"replicationId\":\"rp-1\"}}");
	ck_assert_int_eq(fail.error, ERR_ANSWER);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	ck_assert_ptr_eq(fail.env, &ar.head.env);
	teardown();
	setup();
	run_ok(RESP("null", ""));
	ck_assert_int_eq(fail.error, ERR_ANSWER);
	teardown();
	setup();
	common.error_state = STATE_CRITICAL;
	run_ok("{\"success\":true,\"data\":{\"items\":null}}");
	ck_assert_int_eq(fail.error, ERR_ANSWER);
	ASSERT_STATE(state_of(), STATE_CRITICAL);
}
END_TEST

/* ---- item overrides ---- */

START_TEST(test_ignore_item)
{
	const char *ignore[] = { "srcDataSourceCheck" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	common.replication_id = "rp-div0qqpbffio";
	run_ok(DOC_EXAMPLE_JSON);
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_OK);
	ck_assert(res.items_decide);
	ASSERT_STATE(res.overall_state, STATE_CRITICAL);
	ASSERT_STATE(res.items_state, STATE_OK);
	ck_assert(!res.overall_disagrees);
	ck_assert(res.items[1].ignored);
	ck_assert(!res.items[0].ignored);
	assert_counts(2, 1, 0, 0, 0, 1);
	/* ignored items go last */
	ck_assert_uint_eq(res.order[0], 0);
	ck_assert_uint_eq(res.order[1], 1);
}
END_TEST

START_TEST(test_ignore_wildcards)
{
	const char *ignore[] = { "no-such-item", "b*" };
	cfg.ignore = ignore;
	cfg.n_ignore = 2;
	run_ok(RESP(S("failure"), ITEM("a1", S("success")) "," ITEM("b1", S("failure")) ","
	            ITEM("b2", S("running")) "," ITEM("c", S("warning"))));
	ck_assert(!res.items[0].ignored);
	ck_assert(res.items[1].ignored);
	ck_assert(res.items[2].ignored);
	ck_assert(!res.items[3].ignored);
	assert_counts(4, 1, 1, 0, 0, 2);
	ASSERT_STATE(state_of(), STATE_WARNING);
}
END_TEST

START_TEST(test_all_items_ignored)
{
	const char *ignore[] = { "*" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	run_ok(RESP(S("failure"), ITEM("a", S("failure")) "," ITEM("b", S("running"))));
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_OK);
	ASSERT_STATE(res.items_state, STATE_OK);
	assert_counts(2, 0, 0, 0, 0, 2);
}
END_TEST

START_TEST(test_warn_item_caps_critical)
{
	const char *warn[] = { "src*" };
	cfg.warn = warn;
	cfg.n_warn = 1;
	common.replication_id = "rp-div0qqpbffio";
	run_ok(DOC_EXAMPLE_JSON);
	ASSERT_STATE(state_of(), STATE_WARNING);
	ck_assert(res.items_decide);
	ASSERT_STATE(res.items[1].state, STATE_WARNING);
	ASSERT_STATE(res.items[1].api_state, STATE_CRITICAL);
	ck_assert(res.items[1].capped);
	ck_assert(!res.items[0].capped);
	assert_counts(2, 1, 1, 0, 0, 0);
}
END_TEST

START_TEST(test_warn_item_leaves_other_states)
{
	const char *warn[] = { "*" };
	cfg.warn = warn;
	cfg.n_warn = 1;
	run_ok(RESP(S("warning"), ITEM("u", S("running")) "," ITEM("w", S("warning")) ","
	            ITEM("o", S("success"))));
	ASSERT_STATE(res.items[0].state, STATE_UNKNOWN);     /* UNKNOWN stays UNKNOWN */
	ck_assert(!res.items[0].capped);
	ASSERT_STATE(res.items[1].state, STATE_WARNING);
	ck_assert(!res.items[1].capped);
	ASSERT_STATE(res.items[2].state, STATE_OK);
	ck_assert(!res.items[2].capped);
	assert_counts(3, 1, 1, 0, 1, 0);
	ASSERT_STATE(state_of(), STATE_WARNING);
}
END_TEST

START_TEST(test_warn_item_only_caps_matching)
{
	const char *warn[] = { "a" };
	cfg.warn = warn;
	cfg.n_warn = 1;
	run_ok(RESP(S("failure"), ITEM("a", S("failure")) "," ITEM("b", S("failure"))));
	ck_assert(res.items[0].capped);
	ck_assert(!res.items[1].capped);
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	assert_counts(2, 0, 1, 1, 0, 0);
}
END_TEST

START_TEST(test_ignore_wins_over_warn)
{
	const char *pat[] = { "a" };
	cfg.ignore = pat;
	cfg.n_ignore = 1;
	cfg.warn = pat;
	cfg.n_warn = 1;
	run_ok(RESP(S("failure"), ITEM("a", S("failure")) "," ITEM("b", S("success"))));
	ck_assert(res.items[0].ignored);
	ck_assert(!res.items[0].capped);
	assert_counts(2, 1, 0, 0, 0, 1);
	ASSERT_STATE(state_of(), STATE_OK);
}
END_TEST

START_TEST(test_overrides_items_decide_over_status)
{
	/* An ignored item: the items decide, the overall failure is overridden. */
	const char *ignore[] = { "b" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	run_ok(RESP(S("failure"), ITEM("a", S("success")) "," ITEM("b", S("failure"))));
	ASSERT_STATE(state_of(), STATE_OK);
	ck_assert(res.items_decide);
	ck_assert(!res.overall_disagrees);
	teardown();
	setup();
	/* A capped item: likewise. */
	const char *warn[] = { "b" };
	cfg.warn = warn;
	cfg.n_warn = 1;
	run_ok(RESP(S("failure"), ITEM("a", S("success")) "," ITEM("b", S("failure"))));
	ASSERT_STATE(state_of(), STATE_WARNING);
	ck_assert(res.items_decide);
	teardown();
	setup();
	/* Items worse than the overall status still count with rules in place. */
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	run_ok(RESP(S("success"), ITEM("a", S("failure")) "," ITEM("b", S("failure"))));
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ck_assert(res.items_decide);
}
END_TEST

START_TEST(test_override_matching_nothing_changes_nothing)
{
	/* A rule that ignores or caps no item explains nothing: the overall
	 * failure still counts. */
	const char *ignore[] = { "nothing-matches" };
	const char *warn[] = { "a" };          /* matches, but "a" did not fail */
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	cfg.warn = warn;
	cfg.n_warn = 1;
	run_ok(RESP(S("failure"), ITEM("a", S("success"))));
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ck_assert(!res.items_decide);
	ck_assert(!res.items[0].capped);
	teardown();
	setup();
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	run_ok(RESP(S("success"), ITEM("a", S("failure"))));
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ck_assert(!res.items_decide);
	ck_assert(res.overall_disagrees);
}
END_TEST

START_TEST(test_ignoring_a_passed_item_changes_nothing)
{
	/* Ignoring an item that passed explains nothing about an overall
	 * failure, so the worst-of rule stays; ignoring the did_fail one does. */
	const char *ignore[] = { "b" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	run_ok(RESP(S("failure"), ITEM("a", S("success")) "," ITEM("b", S("success"))));
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ck_assert(!res.items_decide);
	ck_assert_uint_eq(res.count_ignored, 1);
	teardown();
	setup();
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	run_ok(RESP(S("failure"), ITEM("a", S("success")) "," ITEM("b", S("failure"))));
	ASSERT_STATE(state_of(), STATE_OK);
	ck_assert(res.items_decide);
}
END_TEST

START_TEST(test_overrides_without_items_status_decides)
{
	const char *warn[] = { "*" };
	cfg.warn = warn;
	cfg.n_warn = 1;
	run_ok(RESP(S("failure"), ""));
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ck_assert(!res.items_decide);
}
END_TEST

/* ---- order and counts ---- */

START_TEST(test_order_worst_first_then_api_order)
{
	const char *ignore[] = { "f" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	run_ok(RESP(S("failure"),
	            ITEM("a", S("success")) "," ITEM("b", S("running")) "," ITEM("c", S("warning")) ","
	            ITEM("d", S("failure")) "," ITEM("e", S("warning")) "," ITEM("f", S("failure")) ","
	            ITEM("g", S("failure")) "," ITEM("h", S("success"))));
	/* critical d g, warning c e, unknown b, ok a h, ignored f */
	static const size_t want[] = { 3, 6, 2, 4, 1, 0, 7, 5 };
	ck_assert_uint_eq(res.n_items, 8);
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		ck_assert_msg(res.order[i] == want[i], "order[%zu] = %zu, want %zu", i,
		              res.order[i], want[i]);
	assert_counts(8, 2, 2, 2, 1, 1);
	ASSERT_STATE(state_of(), STATE_CRITICAL);
}
END_TEST

START_TEST(test_many_items_counts)
{
	size_t n = 300;
	char *body = malloc(n * 100 + 200);
	ck_assert_ptr_nonnull(body);
	char *p = body + sprintf(body, "{\"success\":true,\"data\":{\"replicationId\":\"rp-1\","
	                               "\"precheckStatus\":\"failure\",\"items\":[");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s{\"itemId\":\"i%zu\",\"status\":\"%s\"}", i ? "," : "", i,
		             i % 3 == 0 ? "success" : i % 3 == 1 ? "warning" : "failure");
	strcpy(p, "]}}");
	run_ok(body);
	assert_counts(300, 100, 100, 100, 0, 0);
	/* first the failures in API order: 2, 5, 8 ... */
	ck_assert_uint_eq(res.order[0], 2);
	ck_assert_uint_eq(res.order[1], 5);
	ck_assert_uint_eq(res.order[99], 299);
	ck_assert_uint_eq(res.order[100], 1);
	ck_assert_uint_eq(res.order[200], 0);
	ck_assert_uint_eq(res.order[299], 297);
	free(body);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_success_false)
{
	run_ok("{\"success\":false,\"requestId\":\"r\",\"message\":\"replication rp-1 not found\"}");
	ck_assert_int_eq(fail.error, ERR_API);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	ck_assert_ptr_eq(fail.env, &ar.head.env);
	ck_assert_uint_eq(res.n_items, 0);
}
END_TEST

START_TEST(test_success_false_with_data)
{
	/* success:false wins even over a complete-looking answer */
	run_ok("{\"success\":false,\"data\":{\"replicationId\":\"rp-1\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_API);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
}
END_TEST

START_TEST(test_success_missing)
{
	run_ok("{\"data\":{\"replicationId\":\"rp-1\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_API);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	teardown();
	setup();
	run_ok("{\"success\":null,\"data\":{\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_API);
}
END_TEST

START_TEST(test_data_missing)
{
	run_ok("{\"success\":true,\"requestId\":\"r\"}");
	ck_assert_int_eq(fail.error, ERR_NO_DATA);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	teardown();
	setup();
	run_ok("{\"success\":true,\"data\":null}");
	ck_assert_int_eq(fail.error, ERR_NO_DATA);
}
END_TEST

START_TEST(test_wrong_task)
{
	run_ok("{\"success\":true,\"data\":{\"replicationId\":\"rp-2\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_WRONG_TASK);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	teardown();
	setup();
	run_ok("{\"success\":true,\"data\":{\"replicationId\":\"RP-1\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_WRONG_TASK);
	teardown();
	setup();
	run_ok("{\"success\":true,\"data\":{\"replicationId\":\"rp-1\\u0000\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_WRONG_TASK);
	teardown();
	setup();
	run_ok("{\"success\":true,\"data\":{\"replicationId\":\"rp-10\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_WRONG_TASK);
	teardown();
	setup();
	run_ok("{\"success\":true,\"data\":{\"replicationId\":\"rp-\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_WRONG_TASK);
}
END_TEST

START_TEST(test_task_check_skipped_when_unknown)
{
	/* No replicationId in the answer, or none asked for: nothing to compare. */
	run_ok("{\"success\":true,\"data\":{\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_OK);
	teardown();
	setup();
	common.replication_id = NULL;
	run_ok("{\"success\":true,\"data\":{\"replicationId\":\"rp-9\",\"precheckStatus\":\"success\"}}");
	ck_assert_int_eq(fail.error, ERR_NONE);
}
END_TEST

START_TEST(test_http_error_with_json_body)
{
	xfer.http_code = 404;
	run_ok("{\"success\":false,\"requestId\":\"r\",\"message\":\"not found\"}");
	ck_assert_int_eq(fail.error, ERR_HTTP);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	ck_assert_ptr_eq(fail.env, &ar.head.env); /* message and requestId stay available */
	ck_assert_ptr_eq(fail.xfer, &xfer);
}
END_TEST

START_TEST(test_http_error_even_with_good_body)
{
	xfer.http_code = 500;
	run_ok(RESP(S("success"), ITEM("a", S("success"))));
	ck_assert_int_eq(fail.error, ERR_HTTP);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	ck_assert_uint_eq(res.n_items, 0);
}
END_TEST

START_TEST(test_http_error_with_html_body)
{
	xfer.http_code = 502;
	run("<html><head><title>502 Bad Gateway</title></head></html>");
	ck_assert_int_eq(pst, PARSE_SYNTAX);
	ck_assert_int_eq(fail.error, ERR_HTTP);
	ck_assert_ptr_null(fail.env);
}
END_TEST

START_TEST(test_http_codes)
{
	static const struct { long code; error_kind err; } codes[] = {
		{ 100, ERR_HTTP }, { 199, ERR_HTTP }, { 200, ERR_NONE }, { 201, ERR_NONE },
		{ 203, ERR_NONE }, { 299, ERR_NONE }, { 300, ERR_HTTP }, { 301, ERR_HTTP },
		{ 302, ERR_HTTP }, { 304, ERR_HTTP }, { 400, ERR_HTTP }, { 401, ERR_HTTP },
		{ 403, ERR_HTTP }, { 429, ERR_HTTP }, { 503, ERR_HTTP }, { 599, ERR_HTTP },
		{ 0, ERR_NONE },   /* no HTTP: --file */
	};
	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		teardown();
		setup();
		xfer.http_code = codes[i].code;
		common.error_state = STATE_WARNING;
		run_ok(RESP(S("success"), ITEM("a", S("success"))));
		ck_assert_msg(fail.error == codes[i].err, "HTTP %ld: error %d, want %d",
		              codes[i].code, (int)fail.error, (int)codes[i].err);
		ASSERT_STATE(state_of(), codes[i].err == ERR_NONE ? STATE_OK : STATE_WARNING);
	}
}
END_TEST

START_TEST(test_body_errors)
{
	run("");
	ck_assert_int_eq(fail.error, ERR_BODY);
	ASSERT_STATE(state_of(), STATE_UNKNOWN);
	ASSERT_STR(fail.detail, "empty body");
	ck_assert_ptr_null(fail.env);
	teardown();
	setup();
	run("{\"success\":true} trailing");
	ck_assert_int_eq(fail.error, ERR_BODY);
	ASSERT_STR(fail.detail, "unexpected character");
	teardown();
	setup();
	run("{\"success\":\"yes\"}");
	ck_assert_int_eq(fail.error, ERR_BODY);
	ASSERT_STR(fail.detail, "'success' is string, not a boolean");
}
END_TEST

START_TEST(test_body_error_ignores_stale_response)
{
	/* The answer is only valid for PARSE_OK: poison it to prove it is not read. */
	precheck_response junk;
	memset(&junk, 0xff, sizeof junk);
	answer_reader bad = { .p = &precheck_plugin, .pst = PARSE_SYNTAX, .answer = &junk,
	                      .perr = "unexpected character" };
	memset(&bad.head, 0xff, sizeof bad.head);
	ck_assert(answer_check(&bad, &common, &xfer, &fail));
	ck_assert_int_eq(fail.error, ERR_BODY);
	ck_assert_ptr_null(fail.env);
	ASSERT_STR(fail.detail, "unexpected character");
	xfer.http_code = 503;
	bad.pst = PARSE_EMPTY;
	ck_assert(answer_check(&bad, &common, &xfer, &fail));
	ck_assert_int_eq(fail.error, ERR_HTTP);
	ck_assert_ptr_null(fail.env);
}
END_TEST

START_TEST(test_transport_failures)
{
	static const xfer_status kinds[] = {
		XFER_DNS, XFER_CONNECT, XFER_TLS, XFER_TOO_LARGE, XFER_FILE, XFER_REDIRECT, XFER_OTHER,
	};
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		teardown();
		setup();
		common.error_state = STATE_WARNING;
		common.timeout_state = STATE_CRITICAL;
		xfer.status = kinds[i];
		xfer.http_code = 200;   /* a partial response does not matter */
		snprintf(xfer.detail, sizeof xfer.detail, "detail %zu", i);
		run(RESP(S("success"), ""));
		ck_assert_int_eq(fail.error, ERR_TRANSPORT);
		ASSERT_STATE(state_of(), STATE_WARNING);
		ck_assert_ptr_eq(fail.xfer, &xfer);
		ck_assert_ptr_null(fail.env);
		char want[32];
		snprintf(want, sizeof want, "detail %zu", i);
		ASSERT_STR(fail.detail, want);
	}
}
END_TEST

/* A transfer libcurl could not be configured for learnt nothing about the
 * API: UNKNOWN, whatever --error-state and the timeout state say. */
START_TEST(test_setup_failure_is_unknown)
{
	static const state_t states[] = { STATE_OK, STATE_WARNING, STATE_CRITICAL };
	for (size_t i = 0; i < ARRAY_LEN(states); i++) {
		teardown();
		setup();
		common.error_state = states[i];
		common.timeout_state = states[i];
		xfer.status = XFER_SETUP;
		xfer.http_code = 0;
		strcpy(xfer.detail, "cannot set CURLOPT_SSL_VERIFYPEER: value refused (libcurl error 43)");
		run("");
		ck_assert_int_eq(fail.error, ERR_TRANSPORT);
		ASSERT_STATE(state_of(), STATE_UNKNOWN);
		ASSERT_STR(fail.detail, xfer.detail);
	}
}
END_TEST

START_TEST(test_timeout_uses_timeout_state)
{
	common.error_state = STATE_WARNING;
	common.timeout_state = STATE_CRITICAL;
	xfer.status = XFER_TIMEOUT;
	xfer.http_code = 0;
	strcpy(xfer.detail, "Operation timed out after 10000 milliseconds");
	run("");
	ck_assert_int_eq(fail.error, ERR_TRANSPORT);
	ASSERT_STATE(state_of(), STATE_CRITICAL);
	ASSERT_STR(fail.detail, "Operation timed out after 10000 milliseconds");
}
END_TEST

START_TEST(test_error_state_applies_to_every_error)
{
	static const char *const bodies[] = {
		"{\"success\":false}",                                          /* ERR_API */
		"{\"data\":{}}",                                                /* ERR_API */
		"{\"success\":true}",                                           /* ERR_NO_DATA */
		"{\"success\":true,\"data\":{}}",                               /* ERR_ANSWER */
		"{\"success\":true,\"data\":{\"replicationId\":\"x\",\"precheckStatus\":\"success\"}}",
		"not json",                                                     /* ERR_BODY */
	};
	static const state_t states[] = { STATE_OK, STATE_WARNING, STATE_CRITICAL, STATE_UNKNOWN };
	for (size_t s = 0; s < ARRAY_LEN(states); s++) {
		for (size_t i = 0; i < ARRAY_LEN(bodies); i++) {
			teardown();
			setup();
			common.error_state = states[s];
			run(bodies[i]);
			ck_assert_msg(fail.error != ERR_NONE, "body %zu: no error", i);
			ck_assert_msg(fail.state == states[s], "body %zu, error-state %s: got %s", i,
			              state_name(states[s]), state_name(fail.state));
		}
	}
}
END_TEST

START_TEST(test_error_state_does_not_touch_results)
{
	common.error_state = STATE_CRITICAL;
	common.timeout_state = STATE_CRITICAL;
	run_ok(RESP(S("success"), ITEM("a", S("success"))));
	ASSERT_STATE(state_of(), STATE_OK);
	teardown();
	setup();
	common.error_state = STATE_OK;
	run_ok(RESP(S("success"), ITEM("a", S("running"))));
	ASSERT_STATE(state_of(), STATE_UNKNOWN);   /* an unknown value is not an error */
}
END_TEST

START_TEST(test_no_transfer_outcome)
{
	/* xfer may be NULL (nothing fetched). */
	answer_reader_parse(&ar, LIT(RESP(S("warning"), "")));
	judge_answer(NULL);
	ck_assert_int_eq(fail.error, ERR_NONE);
	ASSERT_STATE(state_of(), STATE_WARNING);
	ck_assert_ptr_null(fail.xfer);
}
END_TEST

START_TEST(test_failure_set)
{
	char long_detail[600];
	memset(long_detail, 'd', sizeof long_detail - 1);
	long_detail[sizeof long_detail - 1] = '\0';
	memset(&fail, 0x77, sizeof fail);
	failure_set(&fail, STATE_CRITICAL, ERR_USAGE, &xfer, long_detail);
	ASSERT_STATE(fail.state, STATE_CRITICAL);
	ck_assert_int_eq(fail.error, ERR_USAGE);
	ck_assert_ptr_eq(fail.xfer, &xfer);
	ck_assert_ptr_null(fail.env);
	ck_assert_int_eq(fail.hint, AUTH_HINT_NONE);
	ck_assert_ptr_null(fail.other_task.ptr);
	ck_assert_uint_eq(strlen(fail.detail), sizeof fail.detail - 1);
	failure_set(&fail, STATE_UNKNOWN, ERR_TRANSPORT, NULL, NULL);
	ASSERT_STR(fail.detail, "");
	ck_assert_ptr_null(fail.xfer);
}
END_TEST

START_TEST(test_result_free_twice)
{
	run_ok(DOC_EXAMPLE_JSON);
	verdict_free(&res);
	ck_assert_ptr_null(res.items);
	ck_assert_ptr_null(res.order);
	verdict_free(&res);
	verdict_free(NULL);
}
END_TEST

static Suite *evaluate_suite(void)
{
	Suite *s = suite_create("evaluate");
	TCase *tc = tcase_create("map");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_default_map, 0, (int)ARRAY_LEN(default_map_cases));
	tcase_add_test(tc, test_map_absent_and_nul);
	tcase_add_test(tc, test_user_map_overrides_defaults);
	tcase_add_test(tc, test_user_map_can_lower_success);
	tcase_add_test(tc, test_user_map_in_evaluate);
	tcase_add_test(tc, test_match_patterns);
	tcase_add_test(tc, test_match_edge_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("verdict");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_doc_example);
	tcase_add_test(tc, test_all_success);
	tcase_add_test(tc, test_overall_success_failed_item);
	tcase_add_test(tc, test_overall_success_warning_item);
	tcase_add_test(tc, test_overall_success_unknown_item);
	tcase_add_test(tc, test_overall_warning_items_success);
	tcase_add_test(tc, test_overall_failure_items_success);
	tcase_add_test(tc, test_overall_unknown_value);
	tcase_add_test(tc, test_overall_warning_beats_unknown_item);
	tcase_add_test(tc, test_worst_of_items);
	tcase_add_test(tc, test_unknown_item_values);
	tcase_add_test(tc, test_no_items_status_decides);
	tcase_add_test(tc, test_status_missing_items_decide);
	tcase_add_test(tc, test_no_status_no_items);
	suite_add_tcase(s, tc);

	tc = tcase_create("overrides");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ignore_item);
	tcase_add_test(tc, test_ignore_wildcards);
	tcase_add_test(tc, test_all_items_ignored);
	tcase_add_test(tc, test_warn_item_caps_critical);
	tcase_add_test(tc, test_warn_item_leaves_other_states);
	tcase_add_test(tc, test_warn_item_only_caps_matching);
	tcase_add_test(tc, test_ignore_wins_over_warn);
	tcase_add_test(tc, test_overrides_items_decide_over_status);
	tcase_add_test(tc, test_override_matching_nothing_changes_nothing);
	tcase_add_test(tc, test_ignoring_a_passed_item_changes_nothing);
	tcase_add_test(tc, test_overrides_without_items_status_decides);
	tcase_add_test(tc, test_order_worst_first_then_api_order);
	tcase_add_test(tc, test_many_items_counts);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_success_false);
	tcase_add_test(tc, test_success_false_with_data);
	tcase_add_test(tc, test_success_missing);
	tcase_add_test(tc, test_data_missing);
	tcase_add_test(tc, test_wrong_task);
	tcase_add_test(tc, test_task_check_skipped_when_unknown);
	tcase_add_test(tc, test_http_error_with_json_body);
	tcase_add_test(tc, test_http_error_even_with_good_body);
	tcase_add_test(tc, test_http_error_with_html_body);
	tcase_add_test(tc, test_http_codes);
	tcase_add_test(tc, test_body_errors);
	tcase_add_test(tc, test_body_error_ignores_stale_response);
	tcase_add_test(tc, test_transport_failures);
	tcase_add_test(tc, test_setup_failure_is_unknown);
	tcase_add_test(tc, test_timeout_uses_timeout_state);
	tcase_add_test(tc, test_error_state_applies_to_every_error);
	tcase_add_test(tc, test_error_state_does_not_touch_results);
	tcase_add_test(tc, test_no_transfer_outcome);
	tcase_add_test(tc, test_failure_set);
	tcase_add_test(tc, test_result_free_twice);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(evaluate_suite)
