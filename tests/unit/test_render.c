/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_render.c - the exact plugin output: summary, perfdata, item lines,
 * error lines, caps, and sanitising of everything that came over the network. */
#include "config.h"
#include "answer.h"
#include "defaults.h"
#include "evaluate.h"
#include "precheck.h"
#include "parse.h"
#include "render.h"
#include "summary.h"
#include "strbuf.h"
#include "unit.h"

#include <stdint.h>

/* What the tests set: the renderer's options and what the run adds (the
 * task asked for, the measured time). */
typedef struct {
	const char *replication_id;
	int verbose;
	size_t max_items;
	size_t max_message;
	size_t max_output;
	double elapsed;
	const char *const *secrets;
	size_t n_secrets;
} precheck_render_options;

static bool did_fail;   /* the answer failed the checks every answer goes through */
static failure fail;    /* ... and why */

/* The run's path to Nagios text: the failure in words, or the verdict
 * summarized; then the time, then rendering. */
static char *render(const precheck_verdict *v, const precheck_render_options *o)
{
	check_result r;
	result_init(&r, "PRECHECK", "Replication precheck");
	r.replication_id = o->replication_id;
	if (did_fail)
		failure_describe(&fail, o->max_message, &r);
	else
		precheck_summarize(v, o->max_message, &r);
	if (o->elapsed >= 0) {
		perfdatum *t = result_add_perf(&r, "time", "s");
		snprintf(t->value, sizeof t->value, "%.6f", o->elapsed);
		snprintf(t->min, sizeof t->min, "0");
	}
	render_options ro = render_options_init();
	ro.verbose = o->verbose;
	ro.max_items = o->max_items;
	ro.max_output = o->max_output;
	ro.secrets = o->secrets;
	ro.n_secrets = o->n_secrets;
	char *text = render_nagios(&r, &ro);
	result_free(&r);
	return text;
}

#define PIPE "\xc2\xa6"
#define BAD  "\xef\xbf\xbd"
#define MORE "\xe2\x80\xa6"

#define S(x) "\"" x "\""
#define RESP(status, items) \
	"{\"success\":true,\"requestId\":\"req-1\",\"data\":{\"replicationId\":\"rp-1\"," \
	"\"precheckStatus\":" status ",\"items\":[" items "]}}"
#define ITEMM(id, status, msg) \
	"{\"itemId\":\"" id "\",\"itemName\":\"Name " id "\",\"itemDescription\":\"d\"," \
	"\"status\":" status ",\"message\":\"" msg "\"}"
#define ITEM(id, status) ITEMM(id, status, "")

/* Perfdata of a judged result with elapsed 0.012 s. */
#define PERF(t, o, w, c, u, i) \
	" | items=" #t ";;;0 success=" #o ";;;0 warning=" #w ";;;0 failure=" #c \
	";;;0 unknown=" #u ";;;0 ignored=" #i ";;;0 time=0.012000s;;;0\n"
#define PERF_TIME " | time=0.012000s;;;0\n"

static judge_config cfg;
static verdict_config common; /* what the shared run checks every answer with */
static transfer_outcome xfer;
static answer_reader ar;
static precheck_verdict res;
static precheck_render_options ro;
static char *out;

static void setup(void)
{
	memset(&cfg, 0, sizeof cfg);
	memset(&xfer, 0, sizeof xfer);
	memset(&res, 0, sizeof res);
	answer_reader_init(&ar, &precheck_plugin);
	did_fail = false;
	out = NULL;
	common = (verdict_config){ .error_state = STATE_UNKNOWN, .timeout_state = STATE_UNKNOWN,
	                           .replication_id = "rp-1" };
	xfer.status = XFER_OK;
	xfer.http_code = 200;
	xfer.seconds = 0.012;
	memset(&ro, 0, sizeof ro);
	ro.replication_id = "rp-1";
	ro.verbose = 0;
	ro.max_items = DEFAULT_MAX_ITEMS;
	ro.max_message = DEFAULT_MAX_MESSAGE;
	ro.elapsed = 0.012;
}

/* Forgets the last answer, its judgement and its output. */
static void judge_clear(void)
{
	free(out);
	out = NULL;
	verdict_free(&res);
	memset(&res, 0, sizeof res);
	answer_reader_clear(&ar);
	did_fail = false;
}

static void teardown(void)
{
	judge_clear();
	answer_reader_release(&ar);
}

/* The output contract for any result: a first line with at most one '|'
 * (the perfdata separator, " | "), long-text lines without '|', no control
 * characters but the line ends, valid UTF-8, newline-terminated.
 * Returns NULL or what is wrong (and where, in *at). */
static const char *output_problem(const char *s, size_t *at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	int line = 0, pipes = 0;

	*at = 0;
	if (n == 0 || s[n - 1] != '\n')
		return "output does not end with a newline";
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		*at = i;
		if (c == '\n') {
			line++;
			pipes = 0;
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			return "control byte";
		if (c == '|' && (line > 0 || ++pipes > 1 || i == 0 || s[i - 1] != ' ' || s[i + 1] != ' '))
			return "stray '|'";
		size_t need = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
		              c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		if (!need || i + need > n)
			return "invalid UTF-8";
		uint32_t v = need == 1 ? c : (uint32_t)(c & (0x7f >> need));
		for (size_t k = 1; k < need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return "invalid UTF-8";
			v = (v << 6) | (p[i + k] & 0x3f);
		}
		if ((v >= 0x80 && v <= 0x9f) || v == 0x2028 || v == 0x2029 || (v >= 0xd800 && v <= 0xdfff))
			return "C1 control or line separator";
		i += need;
	}
	return NULL;
}

static void assert_output_safe(const char *s)
{
	size_t at;
	const char *why = output_problem(s, &at);
	if (why)
		ck_abort_msg("%s at byte %zu: \"%s\"", why, at, ut_escape(s, strlen(s)));
}

/* Parse, evaluate, render. */
static const char *go(const char *body)
{
	answer_reader_parse(&ar, body, strlen(body));
	did_fail = answer_check(&ar, &common, &xfer, &fail);
	if (!did_fail)
		precheck_judge(&cfg, ar.answer, &res);
	out = render(&res, &ro);
	assert_output_safe(out);
	return out;
}

/* Same, with the body also as the transfer snippet (as fetch provides it). */
static const char *go_http(long code, const char *body)
{
	xfer.http_code = code;
	xfer.snippet = body;
	xfer.snippet_len = strlen(body);
	return go(body);
}

static const char *go_transport(xfer_status st, const char *detail)
{
	xfer.status = st;
	xfer.http_code = 0;
	snprintf(xfer.detail, sizeof xfer.detail, "%s", detail);
	return go("");
}

/* ---- judged results ---- */

START_TEST(test_doc_example)
{
	ro.replication_id = "rp-div0qqpbffio";
	common.replication_id = "rp-div0qqpbffio";
	ASSERT_STR(go(DOC_EXAMPLE_JSON),
	           "PRECHECK CRITICAL - rp-div0qqpbffio: 1 failed of 2 items: Source datasource connection check"
	           PERF(2, 1, 0, 1, 0, 0)
	           "[CRITICAL] Source datasource connection check (srcDataSourceCheck): " DOC_EXAMPLE_MESSAGE "\n");
}
END_TEST

START_TEST(test_doc_example_verbose)
{
	ro.replication_id = "rp-div0qqpbffio";
	common.replication_id = "rp-div0qqpbffio";
	ro.verbose = 1;
	ASSERT_STR(go(DOC_EXAMPLE_JSON),
	           "PRECHECK CRITICAL - rp-div0qqpbffio: 1 failed of 2 items: Source datasource connection check"
	           PERF(2, 1, 0, 1, 0, 0)
	           "[CRITICAL] Source datasource connection check (srcDataSourceCheck): " DOC_EXAMPLE_MESSAGE "\n"
	           "[OK] Cyclic replication check (replBidirectionLoopExistCheck)\n");
}
END_TEST

START_TEST(test_ok)
{
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("success")) "," ITEM("b", S("SUCCESS")))),
	           "PRECHECK OK - rp-1: all 2 items passed" PERF(2, 2, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_ok_single_item)
{
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("success")))),
	           "PRECHECK OK - rp-1: 1 item passed" PERF(1, 1, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_ok_verbose)
{
	ro.verbose = 1;
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("success")) "," ITEMM("b", S("success"), "fine"))),
	           "PRECHECK OK - rp-1: all 2 items passed" PERF(2, 2, 0, 0, 0, 0)
	           "[OK] Name a (a)\n"
	           "[OK] Name b (b): fine\n");
}
END_TEST

START_TEST(test_ok_no_items)
{
	ASSERT_STR(go(RESP(S("success"), "")),
	           "PRECHECK OK - rp-1: precheck status 'success', no items" PERF(0, 0, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_warning_overall_only)
{
	ASSERT_STR(go(RESP(S("warning"), ITEM("a", S("success")) "," ITEM("b", S("success")))),
	           "PRECHECK WARNING - rp-1: all 2 items passed; precheck status 'warning'"
	           PERF(2, 2, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_warning_item)
{
	ASSERT_STR(go(RESP(S("warning"), ITEM("a", S("success")) "," ITEMM("b", S("warning"), "disk 85% full"))),
	           "PRECHECK WARNING - rp-1: 1 warning of 2 items: Name b" PERF(2, 1, 1, 0, 0, 0)
	           "[WARNING] Name b (b): disk 85% full\n");
}
END_TEST

START_TEST(test_warning_no_items)
{
	ASSERT_STR(go(RESP(S("WARNING"), "")),
	           "PRECHECK WARNING - rp-1: precheck status 'WARNING', no items" PERF(0, 0, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_critical_disagreeing_overall)
{
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("success")) "," ITEMM("b", S("failure"), "x"))),
	           "PRECHECK CRITICAL - rp-1: 1 failed of 2 items: Name b; API overall status 'success' "
	           "disagrees with the items" PERF(2, 1, 0, 1, 0, 0)
	           "[CRITICAL] Name b (b): x\n");
}
END_TEST

START_TEST(test_critical_overall_only)
{
	ASSERT_STR(go(RESP(S("failure"), ITEM("a", S("success")))),
	           "PRECHECK CRITICAL - rp-1: 1 item passed; precheck status 'failure'" PERF(1, 1, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_unknown_item_value)
{
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("running")))),
	           "PRECHECK UNKNOWN - rp-1: 1 unknown of 1 item: Name a; API overall status 'success' "
	           "disagrees with the items" PERF(1, 0, 0, 0, 1, 0)
	           "[UNKNOWN] Name a (a): status 'running' is not a known value\n");
}
END_TEST

START_TEST(test_unknown_item_value_with_message)
{
	ASSERT_STR(go(RESP(S("running"), ITEMM("a", S("Running"), "still checking"))),
	           "PRECHECK UNKNOWN - rp-1: 1 unknown of 1 item: Name a" PERF(1, 0, 0, 0, 1, 0)
	           "[UNKNOWN] Name a (a): status 'Running' is not a known value; still checking\n");
}
END_TEST

START_TEST(test_unknown_item_without_status)
{
	ASSERT_STR(go(RESP("null", ITEM("a", "null"))),
	           "PRECHECK UNKNOWN - rp-1: 1 unknown of 1 item: Name a" PERF(1, 0, 0, 0, 1, 0)
	           "[UNKNOWN] Name a (a): no status\n");
}
END_TEST

START_TEST(test_unknown_overall_value)
{
	ASSERT_STR(go(RESP(S("running"), ITEM("a", S("success")))),
	           "PRECHECK UNKNOWN - rp-1: 1 item passed; precheck status 'running' is not a known value"
	           PERF(1, 1, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_unknown_overall_no_items)
{
	ASSERT_STR(go(RESP(S("in_progress"), "")),
	           "PRECHECK UNKNOWN - rp-1: precheck status 'in_progress' is not a known value, no items"
	           PERF(0, 0, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_mixed_counts_summary)
{
	ASSERT_STR(go(RESP(S("failure"), ITEM("a", S("running")) "," ITEM("b", S("warning")) ","
	                   ITEM("c", S("failure")) "," ITEM("d", S("success")))),
	           "PRECHECK CRITICAL - rp-1: 1 failed, 1 warning, 1 unknown of 4 items: Name c, Name b, Name a"
	           PERF(4, 1, 1, 1, 1, 0)
	           "[CRITICAL] Name c (c)\n"
	           "[WARNING] Name b (b)\n"
	           "[UNKNOWN] Name a (a): status 'running' is not a known value\n");
}
END_TEST

START_TEST(test_summary_names_capped_at_three)
{
	ASSERT_STR(go(RESP(S("failure"), ITEM("a", S("failure")) "," ITEM("b", S("failure")) ","
	                   ITEM("c", S("failure")) "," ITEM("d", S("failure")) "," ITEM("e", S("warning")))),
	           "PRECHECK CRITICAL - rp-1: 4 failed, 1 warning of 5 items: Name a, Name b, Name c and 2 more"
	           PERF(5, 0, 1, 4, 0, 0)
	           "[CRITICAL] Name a (a)\n[CRITICAL] Name b (b)\n[CRITICAL] Name c (c)\n"
	           "[CRITICAL] Name d (d)\n[WARNING] Name e (e)\n");
}
END_TEST

START_TEST(test_summary_four_problems)
{
	ASSERT_STR(go(RESP(S("warning"), ITEM("a", S("warning")) "," ITEM("b", S("warning")) ","
	                   ITEM("c", S("warning")) "," ITEM("d", S("warning")) "," ITEM("ok", S("success")))),
	           "PRECHECK WARNING - rp-1: 4 warning of 5 items: Name a, Name b, Name c and 1 more"
	           PERF(5, 1, 4, 0, 0, 0)
	           "[WARNING] Name a (a)\n[WARNING] Name b (b)\n[WARNING] Name c (c)\n[WARNING] Name d (d)\n");
}
END_TEST

START_TEST(test_summary_label_fallbacks)
{
	/* No itemName: the id; neither: a placeholder. */
	ASSERT_STR(go(RESP(S("failure"), "{\"itemId\":\"onlyId\",\"status\":\"failure\"},"
	                   "{\"itemName\":\" \",\"status\":\"failure\",\"message\":\"m\"},"
	                   "{\"itemName\":\"Only name\",\"itemId\":\"\",\"status\":\"failure\"}")),
	           "PRECHECK CRITICAL - rp-1: 3 failed of 3 items: onlyId, (unnamed item), Only name"
	           PERF(3, 0, 0, 3, 0, 0)
	           "[CRITICAL] onlyId\n"
	           "[CRITICAL] (unnamed item): m\n"
	           "[CRITICAL] Only name\n");
}
END_TEST

START_TEST(test_summary_name_truncated)
{
	char body[1024], want[1024];
	char name[101];
	memset(name, 'n', 100);
	name[100] = '\0';
	snprintf(body, sizeof body, RESP(S("failure"), "{\"itemId\":\"x\",\"itemName\":\"%s\",\"status\":\"failure\"}"), name);
	snprintf(want, sizeof want, "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: %.57s" MORE
	         PERF(1, 0, 0, 1, 0, 0) "[CRITICAL] %s (x)\n", name, name);
	ASSERT_STR(go(body), want);
}
END_TEST

START_TEST(test_ignored_items)
{
	const char *ignore[] = { "b" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	ASSERT_STR(go(RESP(S("failure"), ITEM("a", S("success")) "," ITEMM("b", S("failure"), "down"))),
	           "PRECHECK OK - rp-1: 1 item passed (1 ignored); precheck status 'failure' overridden by item rules"
	           PERF(2, 1, 0, 0, 0, 1));
}
END_TEST

START_TEST(test_ignored_items_verbose)
{
	const char *ignore[] = { "b*" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	ro.verbose = 1;
	ASSERT_STR(go(RESP(S("failure"), ITEM("a", S("success")) "," ITEMM("b1", S("failure"), "down") ","
	                   ITEM("b2", S("running")) "," ITEMM("c", S("warning"), "slow"))),
	           "PRECHECK WARNING - rp-1: 1 warning of 2 items: Name c (2 ignored); precheck status 'failure' "
	           "overridden by item rules" PERF(4, 1, 1, 0, 0, 2)
	           "[WARNING] Name c (c): slow\n"
	           "[OK] Name a (a)\n"
	           "[IGNORED] Name b1 (b1): down\n"
	           "[IGNORED] Name b2 (b2): status 'running' is not a known value\n");
}
END_TEST

START_TEST(test_all_items_ignored)
{
	const char *ignore[] = { "*" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	ASSERT_STR(go(RESP(S("failure"), ITEM("a", S("failure")) "," ITEM("b", S("failure")))),
	           "PRECHECK OK - rp-1: all 2 items ignored; precheck status 'failure' overridden by item rules"
	           PERF(2, 0, 0, 0, 0, 2));
}
END_TEST

START_TEST(test_all_items_ignored_single)
{
	const char *ignore[] = { "*" };
	cfg.ignore = ignore;
	cfg.n_ignore = 1;
	/* Singular like "1 item passed", not "all 1 items ignored". */
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("failure")))),
	           "PRECHECK OK - rp-1: 1 item ignored" PERF(1, 0, 0, 0, 0, 1));
}
END_TEST

START_TEST(test_capped_item)
{
	const char *warn[] = { "b" };
	cfg.warn = warn;
	cfg.n_warn = 1;
	ASSERT_STR(go(RESP(S("failure"), ITEM("a", S("success")) "," ITEM("b", S("failure")))),
	           "PRECHECK WARNING - rp-1: 1 warning of 2 items: Name b; precheck status 'failure' "
	           "overridden by item rules" PERF(2, 1, 1, 0, 0, 0)
	           "[WARNING] Name b (b): failure capped at WARNING\n");
}
END_TEST

START_TEST(test_capped_item_with_message)
{
	const char *warn[] = { "*" };
	cfg.warn = warn;
	cfg.n_warn = 1;
	ASSERT_STR(go(RESP(S("failure"), ITEMM("b", S("failure"), "Connection timed out"))),
	           "PRECHECK WARNING - rp-1: 1 warning of 1 item: Name b; precheck status 'failure' "
	           "overridden by item rules" PERF(1, 0, 1, 0, 0, 0)
	           "[WARNING] Name b (b): Connection timed out (failure capped at WARNING)\n");
}
END_TEST

START_TEST(test_overrides_agreeing_status_not_mentioned)
{
	const char *warn[] = { "nothing" };
	cfg.warn = warn;
	cfg.n_warn = 1;
	ASSERT_STR(go(RESP(S("failure"), ITEM("a", S("failure")))),
	           "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: Name a" PERF(1, 0, 0, 1, 0, 0)
	           "[CRITICAL] Name a (a)\n");
}
END_TEST

START_TEST(test_status_missing_items_decide)
{
	ASSERT_STR(go("{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"items\":["
	              ITEM("a", S("success")) "]}}"),
	           "PRECHECK OK - rp-1: 1 item passed" PERF(1, 1, 0, 0, 0, 0));
}
END_TEST

/* ---- caps ---- */

#define FIVE_FAILED RESP(S("failure"), ITEM("a", S("failure")) "," ITEM("b", S("failure")) "," \
	ITEM("c", S("failure")) "," ITEM("d", S("failure")) "," ITEM("e", S("failure")))
#define FIVE_FAILED_HEAD \
	"PRECHECK CRITICAL - rp-1: 5 failed of 5 items: Name a, Name b, Name c and 2 more" \
	PERF(5, 0, 0, 5, 0, 0)

START_TEST(test_max_items_cap)
{
	ro.max_items = 2;
	ASSERT_STR(go(FIVE_FAILED), FIVE_FAILED_HEAD
	           "[CRITICAL] Name a (a)\n[CRITICAL] Name b (b)\n"
	           MORE " 3 more items not shown (see --max-items)\n");
}
END_TEST

START_TEST(test_max_items_cap_singular)
{
	ro.max_items = 4;
	ASSERT_STR(go(FIVE_FAILED), FIVE_FAILED_HEAD
	           "[CRITICAL] Name a (a)\n[CRITICAL] Name b (b)\n[CRITICAL] Name c (c)\n[CRITICAL] Name d (d)\n"
	           MORE " 1 more item not shown (see --max-items)\n");
}
END_TEST

START_TEST(test_max_items_exact_and_zero)
{
	static const char *const all =
		FIVE_FAILED_HEAD "[CRITICAL] Name a (a)\n[CRITICAL] Name b (b)\n[CRITICAL] Name c (c)\n"
		"[CRITICAL] Name d (d)\n[CRITICAL] Name e (e)\n";
	ro.max_items = 5;
	ASSERT_STR(go(FIVE_FAILED), all);
	teardown();
	setup();
	ro.max_items = 0;
	ASSERT_STR(go(FIVE_FAILED), all);
}
END_TEST

START_TEST(test_max_items_counts_verbose_lines)
{
	ro.max_items = 1;
	ro.verbose = 1;
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("success")) "," ITEM("b", S("success")) ","
	                   ITEM("c", S("success")))),
	           "PRECHECK OK - rp-1: all 3 items passed" PERF(3, 3, 0, 0, 0, 0)
	           "[OK] Name a (a)\n" MORE " 2 more items not shown (see --max-items)\n");
}
END_TEST

START_TEST(test_max_message_truncates_item_message)
{
	char body[2048], want[2048], msg[301];
	memset(msg, 'm', 300);
	msg[300] = '\0';
	snprintf(body, sizeof body, RESP(S("failure"), ITEMM("a", S("failure"), "%s")), msg);
	snprintf(want, sizeof want, "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: Name a"
	         PERF(1, 0, 0, 1, 0, 0) "[CRITICAL] Name a (a): %.197s" MORE "\n", msg);
	ASSERT_STR(go(body), want);
	teardown();
	setup();
	ro.max_message = 20;
	snprintf(want, sizeof want, "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: Name a"
	         PERF(1, 0, 0, 1, 0, 0) "[CRITICAL] Name a (a): %.17s" MORE "\n", msg);
	ASSERT_STR(go(body), want);
	teardown();
	setup();
	ro.max_message = 0;
	snprintf(want, sizeof want, "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: Name a"
	         PERF(1, 0, 0, 1, 0, 0) "[CRITICAL] Name a (a): %s\n", msg);
	ASSERT_STR(go(body), want);
}
END_TEST

START_TEST(test_max_message_truncates_error_message)
{
	char body[1024], want[1024], msg[301];
	memset(msg, 'e', 300);
	msg[300] = '\0';
	ro.max_message = 16;
	snprintf(body, sizeof body, "{\"success\":false,\"message\":\"%s\"}", msg);
	snprintf(want, sizeof want, "PRECHECK UNKNOWN - rp-1: API error: %.13s" MORE PERF_TIME, msg);
	ASSERT_STR(go(body), want);
}
END_TEST

/* ---- --max-output: the whole output fits a byte budget ---- */

#define MORE_OUT(n, see) MORE " " #n " more items not shown (see " see ")\n"

START_TEST(test_max_output_drops_items_from_end)
{
	const char *two = FIVE_FAILED_HEAD "[CRITICAL] Name a (a)\n[CRITICAL] Name b (b)\n"
	                  MORE_OUT(3, "--max-output");
	ro.max_output = strlen(two);
	ASSERT_STR(go(FIVE_FAILED), two);
	teardown();
	setup();
	ro.max_output = strlen(two) - 1;
	ASSERT_STR(go(FIVE_FAILED), FIVE_FAILED_HEAD "[CRITICAL] Name a (a)\n" MORE_OUT(4, "--max-output"));
}
END_TEST

START_TEST(test_max_output_everything_fits)
{
	static const char *const all =
		FIVE_FAILED_HEAD "[CRITICAL] Name a (a)\n[CRITICAL] Name b (b)\n[CRITICAL] Name c (c)\n"
		"[CRITICAL] Name d (d)\n[CRITICAL] Name e (e)\n";
	ro.max_output = strlen(all);
	ASSERT_STR(go(FIVE_FAILED), all);
}
END_TEST

START_TEST(test_max_output_and_max_items)
{
	const char *want = FIVE_FAILED_HEAD "[CRITICAL] Name a (a)\n"
	                   MORE_OUT(4, "--max-items and --max-output");
	ro.max_items = 3;
	ro.max_output = strlen(want);
	ASSERT_STR(go(FIVE_FAILED), want);
}
END_TEST

/* No room for even the "... N more" line: line 1 alone. */
START_TEST(test_max_output_no_room_for_more_line)
{
	ro.max_output = strlen(FIVE_FAILED_HEAD) + 10;
	ASSERT_STR(go(FIVE_FAILED), FIVE_FAILED_HEAD);
}
END_TEST

/* A JSON string of n bytes of multi-byte text: 2-, 3- and 4-byte UTF-8. */
static void put_wide(strbuf *b, size_t n, unsigned seed)
{
	static const char *const glyphs[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "x" };
	size_t start = b->len;
	strbuf_appendc(b, '"');
	for (unsigned k = seed; b->len - start < n; k++)
		strbuf_append(b, glyphs[k % 4]);
	strbuf_appendc(b, '"');
}

/* n failing items whose name, id and message are each kb KB long. */
static char *many_wide_items(size_t n, size_t kb)
{
	strbuf b = STRBUF_INIT;
	strbuf_append(&b, "{\"success\":true,\"data\":{\"replicationId\":\"rp-1\","
	                  "\"precheckStatus\":\"failure\",\"items\":[");
	for (size_t i = 0; i < n; i++) {
		strbuf_append(&b, i ? ",{\"itemId\":" : "{\"itemId\":");
		put_wide(&b, kb * 1024, (unsigned)i);
		strbuf_append(&b, ",\"itemName\":");
		put_wide(&b, kb * 1024, (unsigned)i + 1);
		strbuf_append(&b, ",\"status\":\"failure\",\"message\":");
		put_wide(&b, kb * 1024, (unsigned)i + 2);
		strbuf_append(&b, "}");
	}
	strbuf_append(&b, "]}}");
	return strbuf_detach(&b);
}

/* Whatever the budget: within it (line 1 permitting), line 1 whole, then
 * whole item lines of the unlimited output, then at most one "... N more"
 * line. assert_output_safe (in go) checks UTF-8 on every run. */
START_TEST(test_max_output_many_long_items)
{
	static const size_t messages[] = { 0, 200 };
	char *body = many_wide_items(40, 3);
	for (size_t m = 0; m < ARRAY_LEN(messages); m++) {
		teardown();
		setup();
		ro.max_items = 0;
		ro.max_message = messages[m];
		char *full = xstrdup(go(body));
		size_t line1 = (size_t)(strchr(full, '\n') - full) + 1;
		for (size_t budget = 256; budget < 40000; budget = budget * 5 / 4 + 7) {
			teardown();
			setup();
			ro.max_items = 0;
			ro.max_message = messages[m];
			ro.max_output = budget;
			const char *got = go(body);
			size_t len = strlen(got);
			ck_assert_msg(len <= budget, "budget %zu: %zu bytes", budget, len);
			if (budget < line1) {
				/* Line 1 alone is cut, before its perfdata. */
				const char *perf = strstr(full, " | ");
				size_t plen = (size_t)(strchr(perf, '\n') - perf) + 1;
				ck_assert_msg(strchr(got, '\n') == got + len - 1, "budget %zu: more than line 1", budget);
				ck_assert_msg(len > plen && strncmp(got + len - plen, perf, plen) == 0 &&
				              strncmp(got + len - plen - strlen(MORE), MORE, strlen(MORE)) == 0,
				              "budget %zu: perfdata not whole: %s", budget, got);
				continue;
			}
			ck_assert_msg(strncmp(got, full, line1) == 0, "budget %zu: line 1 changed", budget);
			const char *more = strstr(got, "\n" MORE " ");
			size_t kept = more ? (size_t)(more - got) + 1 : len;
			ck_assert_msg(strncmp(got, full, kept) == 0, "budget %zu: not whole lines", budget);
			if (more)
				ck_assert_msg(strstr(more, "(see --max-output)\n") && more[strlen(more) - 1] == '\n' &&
				              !strchr(more + 1, '\n')[1], "budget %zu: more line", budget);
			else
				ck_assert_msg(len == strlen(full) || len == line1 || len + 60 > budget,
				              "budget %zu: cut without a note", budget);
		}
		free(full);
	}
	free(body);
}
END_TEST

/* The default budget with the default caps: the usual case. */
START_TEST(test_max_output_default_budget)
{
	char *body = many_wide_items(60, 4);
	ro.max_output = DEFAULT_MAX_OUTPUT;
	const char *got = go(body);
	ck_assert_uint_le(strlen(got), DEFAULT_MAX_OUTPUT);
	ck_assert_ptr_nonnull(strstr(got, " more items not shown (see --max-items and --max-output)\n"));
	ck_assert_ptr_nonnull(strstr(got, "items=60;;;0 success=0;;;0 warning=0;;;0 failure=60;;;0 "
	                                  "unknown=0;;;0 ignored=0;;;0 time=0.012000s;;;0\n"));
	free(body);
}
END_TEST

/* Line 1 alone too long (no --max-message): its text gives way, at a
 * character boundary, and its perfdata stays whole. */
START_TEST(test_max_output_first_line_cut)
{
	strbuf b = STRBUF_INIT;
	strbuf_append(&b, "{\"success\":false,\"requestId\":\"r\",\"message\":");
	put_wide(&b, 5000, 0);
	strbuf_append(&b, "}");
	for (size_t budget = 256; budget < 1100; budget += 37) {
		teardown();
		setup();
		ro.max_message = 0;
		ro.max_output = budget;
		const char *got = go_http(404, b.data);
		size_t len = strlen(got);
		ck_assert_uint_le(len, budget);
		ck_assert_msg(len + 4 > budget, "budget %zu: only %zu bytes used", budget, len);
		ck_assert_msg(strncmp(got, "PRECHECK UNKNOWN - rp-1: HTTP 404 Not Found: ", 45) == 0, "%s", got);
		const char *tail = MORE PERF_TIME;
		ck_assert_msg(len > strlen(tail) && strcmp(got + len - strlen(tail), tail) == 0,
		              "budget %zu: ends \"%s\"", budget, got + (len > 40 ? len - 40 : 0));
	}
	strbuf_free(&b);
}
END_TEST

/* A budget smaller than line 1's fixed parts: those survive regardless. */
START_TEST(test_max_output_tiny_budget_keeps_perfdata)
{
	ro.max_output = 20;
	ASSERT_STR(go(FIVE_FAILED), "PRECHECK CRITICAL - " MORE PERF(5, 0, 0, 5, 0, 0));
}
END_TEST

/* ---- perfdata ---- */

START_TEST(test_perfdata_without_time)
{
	ro.elapsed = -1;
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("success")))),
	           "PRECHECK OK - rp-1: 1 item passed | items=1;;;0 success=1;;;0 warning=0;;;0 "
	           "failure=0;;;0 unknown=0;;;0 ignored=0;;;0\n");
}
END_TEST

START_TEST(test_perfdata_time_format)
{
	ro.elapsed = 1.5;
	ASSERT_STR(go(RESP(S("success"), "")),
	           "PRECHECK OK - rp-1: precheck status 'success', no items | items=0;;;0 success=0;;;0 "
	           "warning=0;;;0 failure=0;;;0 unknown=0;;;0 ignored=0;;;0 time=1.500000s;;;0\n");
	teardown();
	setup();
	ro.elapsed = 0;
	ASSERT_STR(go("{\"success\":false}"),
	           "PRECHECK UNKNOWN - rp-1: API error (success: false, no message) | time=0.000000s;;;0\n");
}
END_TEST

START_TEST(test_error_without_time_has_no_perfdata)
{
	ro.elapsed = -0.5;
	ASSERT_STR(go("{\"success\":false,\"message\":\"nope\"}"),
	           "PRECHECK UNKNOWN - rp-1: API error: nope\n");
}
END_TEST

START_TEST(test_no_replication_id)
{
	ro.replication_id = NULL;
	ASSERT_STR(go(RESP(S("success"), ITEM("a", S("success")))),
	           "PRECHECK OK - 1 item passed" PERF(1, 1, 0, 0, 0, 0));
}
END_TEST

/* ---- error lines ---- */

START_TEST(test_http_404_with_api_message)
{
	ASSERT_STR(go_http(404, "{\"success\":false,\"requestId\":\"Tv8j8OCQ\","
	                        "\"message\":\"replication rp-1 not found\"}"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 404 Not Found: replication rp-1 not found (requestId Tv8j8OCQ)"
	           PERF_TIME);
}
END_TEST

START_TEST(test_http_404_json_without_message)
{
	ASSERT_STR(go_http(404, "{\"success\":false}"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 404 Not Found: {\"success\":false}" PERF_TIME);
}
END_TEST

START_TEST(test_http_502_html_title)
{
	ASSERT_STR(go_http(502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
	                        "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>"
	                        "</body></html>\r\n"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 502 Bad Gateway: 502 Bad Gateway" PERF_TIME);
}
END_TEST

START_TEST(test_http_503_html_without_title)
{
	ASSERT_STR(go_http(503, "<html><body>\n<h1>Service down</h1>\n</body></html>"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 503 Service Unavailable: <html><body> <h1>Service down</h1> "
	           "</body></html>" PERF_TIME);
}
END_TEST

START_TEST(test_http_error_title_whitespace)
{
	ASSERT_STR(go_http(504, "<title>\n   504 Gateway Time-out\n</title>"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 504 Gateway Timeout: 504 Gateway Time-out" PERF_TIME);
}
END_TEST

START_TEST(test_http_error_long_snippet)
{
	char body[400], want[400];
	memset(body, 'z', 300);
	body[300] = '\0';
	snprintf(want, sizeof want, "PRECHECK UNKNOWN - rp-1: HTTP 500 Internal Server Error: %.117s"
	         MORE PERF_TIME, body);
	ASSERT_STR(go_http(500, body), want);
}
END_TEST

START_TEST(test_http_error_empty_body)
{
	ASSERT_STR(go_http(500, ""),
	           "PRECHECK UNKNOWN - rp-1: HTTP 500 Internal Server Error" PERF_TIME);
	teardown();
	setup();
	ASSERT_STR(go_http(429, "  \r\n"), "PRECHECK UNKNOWN - rp-1: HTTP 429 Too Many Requests" PERF_TIME);
}
END_TEST

START_TEST(test_http_unknown_code)
{
	ASSERT_STR(go_http(418, "I'm a teapot"), "PRECHECK UNKNOWN - rp-1: HTTP 418: I'm a teapot" PERF_TIME);
}
END_TEST

START_TEST(test_http_401_hint)
{
	ASSERT_STR(go_http(401, ""),
	           "PRECHECK UNKNOWN - rp-1: HTTP 401 Unauthorized - check the credentials" PERF_TIME);
	teardown();
	setup();
	ASSERT_STR(go_http(401, "<html><head><title>401 Authorization Required</title></head></html>"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 401 Unauthorized: 401 Authorization Required - check the "
	           "credentials" PERF_TIME);
}
END_TEST

START_TEST(test_http_403_hint_with_message)
{
	common.error_state = STATE_CRITICAL;
	ASSERT_STR(go_http(403, "{\"success\":false,\"requestId\":\"r1\",\"message\":\"token expired\"}"),
	           "PRECHECK CRITICAL - rp-1: HTTP 403 Forbidden: token expired - check the credentials "
	           "(requestId r1)" PERF_TIME);
}
END_TEST

START_TEST(test_http_redirect_not_followed)
{
	xfer.redirect_to = "https://sso.example.com/login?next=/x";
	ASSERT_STR(go_http(302, "<html>moved</html>"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 302 Found: redirect to https://sso.example.com/login?next=/x "
	           "not followed (see --follow)" PERF_TIME);
}
END_TEST

START_TEST(test_http_redirect_without_location)
{
	ASSERT_STR(go_http(301, ""), "PRECHECK UNKNOWN - rp-1: HTTP 301 Moved Permanently" PERF_TIME);
}
END_TEST

START_TEST(test_http_reasons)
{
	ASSERT_STR(http_reason(200), "");
	ASSERT_STR(http_reason(307), "Temporary Redirect");
	ASSERT_STR(http_reason(308), "Permanent Redirect");
	ASSERT_STR(http_reason(404), "Not Found");
	ASSERT_STR(http_reason(408), "Request Timeout");
	ASSERT_STR(http_reason(429), "Too Many Requests");
	ASSERT_STR(http_reason(503), "Service Unavailable");
	ASSERT_STR(http_reason(504), "Gateway Timeout");
	ASSERT_STR(http_reason(0), "");
	ASSERT_STR(http_reason(999), "");
}
END_TEST

static const struct {
	xfer_status st;
	const char *detail;
	const char *want;
} transport_cases[] = {
	{ XFER_TIMEOUT, "Operation timed out after 10001 milliseconds with 0 bytes received",
	  "timeout: Operation timed out after 10001 milliseconds with 0 bytes received" },
	{ XFER_DNS, "Could not resolve host: api.invalid", "cannot resolve host: Could not resolve host: api.invalid" },
	{ XFER_CONNECT, "Failed to connect to 127.0.0.1 port 9: Connection refused",
	  "connection failed: Failed to connect to 127.0.0.1 port 9: Connection refused" },
	{ XFER_TLS, "SSL certificate problem: self-signed certificate",
	  "TLS error: SSL certificate problem: self-signed certificate" },
	{ XFER_TOO_LARGE, "body larger than 8388608 bytes", "response too large: body larger than 8388608 bytes" },
	{ XFER_FILE, "/nonexistent: No such file or directory",
	  "cannot read response file: /nonexistent: No such file or directory" },
	{ XFER_REDIRECT, "redirect to ftp://x refused", "redirect refused: redirect to ftp://x refused" },
	{ XFER_OTHER, "Recv failure: Connection reset by peer", "request failed: Recv failure: Connection reset by peer" },
	{ XFER_SETUP, "cannot set CURLOPT_PROTOCOLS_STR: not built into this libcurl (libcurl error 4)",
	  "libcurl setup failed: cannot set CURLOPT_PROTOCOLS_STR: not built into this libcurl (libcurl error 4)" },
	{ XFER_TIMEOUT, "", "timeout" },
	{ XFER_CONNECT, "", "connection failed" },
};

START_TEST(test_transport_errors)
{
	char want[512];
	snprintf(want, sizeof want, "PRECHECK UNKNOWN - rp-1: %s" PERF_TIME, transport_cases[_i].want);
	ASSERT_STR(go_transport(transport_cases[_i].st, transport_cases[_i].detail), want);
}
END_TEST

START_TEST(test_timeout_state)
{
	common.timeout_state = STATE_CRITICAL;
	ASSERT_STR(go_transport(XFER_TIMEOUT, "no complete answer within 10 s"),
	           "PRECHECK CRITICAL - rp-1: timeout: no complete answer within 10 s" PERF_TIME);
}
END_TEST

START_TEST(test_transport_detail_capped_by_max_message)
{
	char detail[200], want[300];
	memset(detail, 'q', 100);
	detail[100] = '\0';
	ro.max_message = 30;
	snprintf(want, sizeof want, "PRECHECK UNKNOWN - rp-1: TLS error: %.27s" MORE PERF_TIME, detail);
	ASSERT_STR(go_transport(XFER_TLS, detail), want);
}
END_TEST

START_TEST(test_body_error_with_snippet)
{
	ASSERT_STR(go_http(200, "{\"success\":true} trailing"),
	           "PRECHECK UNKNOWN - rp-1: invalid response (HTTP 200): unexpected character; "
	           "body starts: {\"success\":true} trailing" PERF_TIME);
}
END_TEST

START_TEST(test_body_error_html_with_200)
{
	ASSERT_STR(go_http(200, "<html><head><title>Login</title></head><body>...</body></html>"),
	           "PRECHECK UNKNOWN - rp-1: invalid response (HTTP 200): unexpected character; body starts: Login"
	           PERF_TIME);
}
END_TEST

START_TEST(test_body_error_shape)
{
	ASSERT_STR(go_http(200, "{\"success\":true,\"data\":{\"items\":{}}}"),
	           "PRECHECK UNKNOWN - rp-1: invalid response (HTTP 200): 'data.items' is object, not an array; "
	           "body starts: {\"success\":true,\"data\":{\"items\":{}}}" PERF_TIME);
}
END_TEST

START_TEST(test_body_error_empty)
{
	ASSERT_STR(go_http(200, ""), "PRECHECK UNKNOWN - rp-1: invalid response (HTTP 200): empty body" PERF_TIME);
	teardown();
	setup();
	ASSERT_STR(go_http(204, " \n"),
	           "PRECHECK UNKNOWN - rp-1: invalid response (HTTP 204): body is only white space" PERF_TIME);
}
END_TEST

START_TEST(test_body_error_from_file)
{
	xfer.http_code = 0;
	ASSERT_STR(go(""), "PRECHECK UNKNOWN - rp-1: invalid response: empty body" PERF_TIME);
}
END_TEST

START_TEST(test_body_error_long_snippet)
{
	char body[400], want[600];
	memset(body, 'w', 300);
	body[0] = '<';
	body[300] = '\0';
	snprintf(want, sizeof want, "PRECHECK UNKNOWN - rp-1: invalid response (HTTP 200): unexpected character; "
	         "body starts: %.117s" MORE PERF_TIME, body);
	ASSERT_STR(go_http(200, body), want);
}
END_TEST

START_TEST(test_api_error)
{
	ASSERT_STR(go("{\"success\":false,\"requestId\":\"r1\",\"message\":\"replication rp-1 not found\"}"),
	           "PRECHECK UNKNOWN - rp-1: API error: replication rp-1 not found (requestId r1)" PERF_TIME);
}
END_TEST

START_TEST(test_api_error_without_message)
{
	ASSERT_STR(go("{\"success\":false,\"message\":\" \\n\"}"),
	           "PRECHECK UNKNOWN - rp-1: API error (success: false, no message)" PERF_TIME);
}
END_TEST

START_TEST(test_api_error_no_success_field)
{
	ASSERT_STR(go("{\"requestId\":\"r2\",\"data\":{\"precheckStatus\":\"success\"}}"),
	           "PRECHECK UNKNOWN - rp-1: invalid response: no 'success' field (requestId r2)" PERF_TIME);
}
END_TEST

START_TEST(test_no_data)
{
	ASSERT_STR(go("{\"success\":true,\"requestId\":\"req-1\"}"),
	           "PRECHECK UNKNOWN - rp-1: API reported success but sent no data (requestId req-1)" PERF_TIME);
}
END_TEST

START_TEST(test_no_status)
{
	ASSERT_STR(go("{\"success\":true,\"data\":{\"replicationId\":\"rp-1\",\"items\":[]}}"),
	           "PRECHECK UNKNOWN - rp-1: response has neither precheckStatus nor items" PERF_TIME);
}
END_TEST

START_TEST(test_wrong_task)
{
	common.error_state = STATE_WARNING;
	ASSERT_STR(go("{\"success\":true,\"requestId\":\"r\",\"data\":{\"replicationId\":\"rp-2\","
	              "\"precheckStatus\":\"success\"}}"),
	           "PRECHECK WARNING - rp-1: response is for replication 'rp-2', not the one asked for "
	           "(requestId r)" PERF_TIME);
}
END_TEST

START_TEST(test_request_id_truncated)
{
	char body[512], want[512], id[101];
	memset(id, 'i', 100);
	id[100] = '\0';
	snprintf(body, sizeof body, "{\"success\":true,\"requestId\":\"%s\"}", id);
	snprintf(want, sizeof want, "PRECHECK UNKNOWN - rp-1: API reported success but sent no data "
	         "(requestId %.77s" MORE ")" PERF_TIME, id);
	ASSERT_STR(go(body), want);
}
END_TEST

START_TEST(test_usage_error)
{
	failure_set(&fail, STATE_UNKNOWN, ERR_USAGE, NULL, "--replication-id is required");
	did_fail = true;
	precheck_render_options uro = { .replication_id = NULL, .elapsed = -1.0 };
	out = render(&res, &uro);
	ASSERT_STR(out, "PRECHECK UNKNOWN - --replication-id is required\n");
	free(out);
	/* The id is not shown even when known: the options were the problem. */
	uro.replication_id = "rp-1";
	out = render(&res, &uro);
	ASSERT_STR(out, "PRECHECK UNKNOWN - --replication-id is required\n");
}
END_TEST

START_TEST(test_usage_error_sanitized)
{
	failure_set(&fail, STATE_UNKNOWN, ERR_USAGE, NULL, "unexpected argument 'a|b\nc'");
	did_fail = true;
	precheck_render_options uro = { .replication_id = NULL, .elapsed = -1.0 };
	out = render(&res, &uro);
	ASSERT_STR(out, "PRECHECK UNKNOWN - unexpected argument 'a" PIPE "b c'\n");
}
END_TEST

/* ---- hostile text: every place that prints network text ---- */

/* In JSON: a|b, newline, c, an invalid byte; sanitized: */
#define EVIL_JSON "a|b\\nc\xff"
#define EVIL_RAW "a|b\nc\xff"
#define EVIL_OUT "a" PIPE "b c" BAD

START_TEST(test_hostile_item_fields)
{
	ro.verbose = 1;
	ASSERT_STR(go(RESP(S("failure"),
	                   "{\"itemId\":\"id|" EVIL_JSON "\",\"itemName\":\"N " EVIL_JSON "\","
	                   "\"status\":\"failure\",\"message\":\"M " EVIL_JSON "\\r\\n\\t|\"},"
	                   "{\"itemId\":\"u\",\"itemName\":\"U\",\"status\":\"st " EVIL_JSON "\","
	                   "\"message\":\"\\u2028x\\u0085\"},"
	                   "{\"itemId\":\"o " EVIL_JSON "\",\"status\":\"success\",\"message\":\"ok|\"}")),
	           "PRECHECK CRITICAL - rp-1: 1 failed, 1 unknown of 3 items: N " EVIL_OUT ", U"
	           PERF(3, 1, 0, 1, 1, 0)
	           "[CRITICAL] N " EVIL_OUT " (id" PIPE EVIL_OUT "): M " EVIL_OUT " " PIPE "\n"
	           "[UNKNOWN] U (u): status 'st " EVIL_OUT "' is not a known value; x\n"
	           "[OK] o " EVIL_OUT ": ok" PIPE "\n");
}
END_TEST

START_TEST(test_hostile_overall_status)
{
	ASSERT_STR(go(RESP(S("x|y\\nz"), "")),
	           "PRECHECK UNKNOWN - rp-1: precheck status 'x" PIPE "y z' is not a known value, no items"
	           PERF(0, 0, 0, 0, 0, 0));
	teardown();
	setup();
	ASSERT_STR(go(RESP(S("bad|\\n"), ITEM("a", S("failure")))),
	           "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: Name a; API overall status 'bad" PIPE "' "
	           "disagrees with the items" PERF(1, 0, 0, 1, 0, 0)
	           "[CRITICAL] Name a (a)\n");
	teardown();
	setup();
	ASSERT_STR(go(RESP(S("succ|ess\\n"), ITEM("a", S("success")))),
	           "PRECHECK UNKNOWN - rp-1: 1 item passed; precheck status 'succ" PIPE "ess' is not a known value"
	           PERF(1, 1, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_hostile_api_message_and_request_id)
{
	ASSERT_STR(go("{\"success\":false,\"requestId\":\"R " EVIL_JSON "\",\"message\":\"M " EVIL_JSON "\"}"),
	           "PRECHECK UNKNOWN - rp-1: API error: M " EVIL_OUT " (requestId R " EVIL_OUT ")" PERF_TIME);
}
END_TEST

START_TEST(test_hostile_http_message)
{
	ASSERT_STR(go_http(404, "{\"success\":false,\"requestId\":\"" EVIL_JSON "\",\"message\":\"" EVIL_JSON "\"}"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 404 Not Found: " EVIL_OUT " (requestId " EVIL_OUT ")" PERF_TIME);
}
END_TEST

START_TEST(test_hostile_snippet_and_title)
{
	ASSERT_STR(go_http(502, "<title>" EVIL_RAW "</title>"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 502 Bad Gateway: " EVIL_OUT PERF_TIME);
	teardown();
	setup();
	ASSERT_STR(go_http(500, "oops " EVIL_RAW "\r\n| x=1"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 500 Internal Server Error: oops " EVIL_OUT " " PIPE " x=1"
	           PERF_TIME);
	teardown();
	setup();
	ASSERT_STR(go_http(200, "x" EVIL_RAW),
	           "PRECHECK UNKNOWN - rp-1: invalid response (HTTP 200): unexpected character; body starts: x"
	           EVIL_OUT PERF_TIME);
}
END_TEST

START_TEST(test_hostile_snippet_with_nul)
{
	static const char body[] = "err\0|\n";
	xfer.http_code = 500;
	xfer.snippet = body;
	xfer.snippet_len = sizeof body - 1;
	ASSERT_STR(go(""), "PRECHECK UNKNOWN - rp-1: HTTP 500 Internal Server Error: err " PIPE PERF_TIME);
}
END_TEST

START_TEST(test_hostile_redirect_location)
{
	xfer.redirect_to = "https://evil.example/|x\r\nX-Injected: 1";
	ASSERT_STR(go_http(307, ""),
	           "PRECHECK UNKNOWN - rp-1: HTTP 307 Temporary Redirect: redirect to https://evil.example/"
	           PIPE "x X-Injected: 1 not followed (see --follow)" PERF_TIME);
}
END_TEST

START_TEST(test_hostile_transport_detail)
{
	ASSERT_STR(go_transport(XFER_TLS, "bad cert " EVIL_RAW),
	           "PRECHECK UNKNOWN - rp-1: TLS error: bad cert " EVIL_OUT PERF_TIME);
}
END_TEST

START_TEST(test_hostile_wrong_task_id)
{
	ASSERT_STR(go("{\"success\":true,\"data\":{\"replicationId\":\"rp|2\\n" "\xff" "\","
	              "\"precheckStatus\":\"success\"}}"),
	           "PRECHECK UNKNOWN - rp-1: response is for replication 'rp" PIPE "2 " BAD "', not the one asked for"
	           PERF_TIME);
}
END_TEST

START_TEST(test_hostile_replication_id_option)
{
	ro.replication_id = "rp|1\n\xff";
	common.replication_id = NULL;
	ASSERT_STR(go(RESP(S("success"), "")),
	           "PRECHECK OK - rp" PIPE "1 " BAD ": precheck status 'success', no items" PERF(0, 0, 0, 0, 0, 0));
}
END_TEST

START_TEST(test_hostile_nul_in_message)
{
	ASSERT_STR(go(RESP(S("failure"), ITEMM("a", S("failure"), "before\\u0000after|"))),
	           "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: Name a" PERF(1, 0, 0, 1, 0, 0)
	           "[CRITICAL] Name a (a): before after" PIPE "\n");
}
END_TEST

/* ---- secrets: never printed, even when the server quotes them ---- */

#define SECRET "s3cr3t-token-value"
static const char *const run_secrets[] = { SECRET, "user:pa55word", "pa55word" };

static void with_secrets(void)
{
	ro.secrets = run_secrets;
	ro.n_secrets = ARRAY_LEN(run_secrets);
}

START_TEST(test_secret_in_api_message)
{
	with_secrets();
	ASSERT_STR(go("{\"success\":false,\"requestId\":\"r-" SECRET "\",\"message\":\"invalid token "
	              SECRET " for user\"}"),
	           "PRECHECK UNKNOWN - rp-1: API error: invalid token <redacted> for user (requestId r-<redacted>)"
	           PERF_TIME);
}
END_TEST

START_TEST(test_secret_in_http_snippet)
{
	with_secrets();
	ASSERT_STR(go_http(401, "<html><title>Bad credentials user:pa55word</title></html>"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 401 Unauthorized: Bad credentials <redacted> - check the credentials"
	           PERF_TIME);
	teardown();
	setup();
	with_secrets();
	ASSERT_STR(go_http(403, "Authorization: Bearer " SECRET "\r\nrejected"),
	           "PRECHECK UNKNOWN - rp-1: HTTP 403 Forbidden: Authorization: Bearer <redacted> rejected"
	           " - check the credentials" PERF_TIME);
}
END_TEST

START_TEST(test_secret_longest_match_and_repeats)
{
	/* "user:pa55word" wins over its tail "pa55word"; every occurrence goes. */
	with_secrets();
	ASSERT_STR(go("{\"success\":false,\"message\":\"user:pa55word pa55word|" SECRET SECRET "\"}"),
	           "PRECHECK UNKNOWN - rp-1: API error: <redacted> <redacted>" "\xc2\xa6" "<redacted><redacted>"
	           PERF_TIME);
}
END_TEST

START_TEST(test_secret_in_item_fields)
{
	with_secrets();
	ASSERT_STR(go(RESP(S("failure"), "{\"itemId\":\"id-" SECRET "\",\"itemName\":\"N " SECRET "\","
	                   "\"status\":\"failure\",\"message\":\"auth " SECRET " failed\"}")),
	           "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: N <redacted>" PERF(1, 0, 0, 1, 0, 0)
	           "[CRITICAL] N <redacted> (id-<redacted>): auth <redacted> failed\n");
}
END_TEST

START_TEST(test_secret_in_transport_detail)
{
	with_secrets();
	ASSERT_STR(go_transport(XFER_OTHER, "proxy said: bad " SECRET),
	           "PRECHECK UNKNOWN - rp-1: request failed: proxy said: bad <redacted>" PERF_TIME);
}
END_TEST

START_TEST(test_secret_redacted_before_truncation)
{
	with_secrets();
	ro.max_message = 20;
	ASSERT_STR(go("{\"success\":false,\"message\":\"token " SECRET " rejected\"}"),
	           "PRECHECK UNKNOWN - rp-1: API error: token <redacted>" MORE PERF_TIME);
}
END_TEST

START_TEST(test_secrets_only_for_their_render)
{
	with_secrets();
	ASSERT_STR(go("{\"success\":false,\"message\":\"" SECRET "\"}"),
	           "PRECHECK UNKNOWN - rp-1: API error: <redacted>" PERF_TIME);
	/* A later render without secrets shows the text as it is. */
	precheck_render_options plain = ro;
	plain.secrets = NULL;
	plain.n_secrets = 0;
	char *again = render(&res, &plain);
	char copy[256];
	snprintf(copy, sizeof copy, "%s", again);
	free(again);
	ASSERT_STR(copy, "PRECHECK UNKNOWN - rp-1: API error: " SECRET PERF_TIME);
}
END_TEST

START_TEST(test_output_checker)
{
	/* The safety checker used on every output above must be able to say no. */
	static const char *const bad[] = {
		"A | x | y\n", "A\nB | c\n", "A \x01\n", "A \xff\n", "A", "A \xc2\x85\n", "A|B\n",
		"A \xe2\x80\xa8\n", "A\tB\n", "A \xed\xa0\x80\n",
	};
	size_t at;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		ck_assert_msg(output_problem(bad[i], &at) != NULL, "checker accepted bad[%zu]", i);
	ck_assert_ptr_null(output_problem("PRECHECK OK - x: y | a=1;;;0\n[OK] b " PIPE " c\n", &at));
}
END_TEST


/* ---- refused signed requests: what to fix ---- */

#define API_ERR(msg) "{\"success\":false,\"requestId\":\"r-1\",\"message\":\"" msg "\"}"

static const char *go_signed(long code, const char *body, bool has_skew, double skew)
{
	xfer.signed_request = true;
	xfer.has_skew = has_skew;
	xfer.skew = skew;
	return go_http(code, body);
}

START_TEST(test_signed_refusal_key_id)
{
	ASSERT_STR(go_signed(401, API_ERR("invalid access key id"), true, 2),
	           "PRECHECK UNKNOWN - rp-1: HTTP 401 Unauthorized: invalid access key id - the"
	           " AccessKey ID is unknown or disabled: check --access-key-id and that the AccessKey"
	           " is enabled in the NineData console (requestId r-1)" PERF_TIME);
}
END_TEST

START_TEST(test_signed_refusal_signature)
{
	/* the same words on a 200 with success:false */
	ASSERT_STR(go_signed(200, API_ERR("signature mismatch"), true, -3),
	           "PRECHECK UNKNOWN - rp-1: API error: signature mismatch - the signature was not"
	           " accepted: check the secret key (requestId r-1)" PERF_TIME);
}
END_TEST

START_TEST(test_signed_refusal_clock_measured)
{
	/* the skew is a measurement: it wins over whatever the words say */
	ASSERT_STR(go_signed(403, API_ERR("signature mismatch"), true, 900),
	           "PRECHECK UNKNOWN - rp-1: HTTP 403 Forbidden: signature mismatch - local clock is"
	           " 15 min behind the service (it accepts 10 min): synchronise it (requestId r-1)"
	           PERF_TIME);
	judge_clear();
	ASSERT_STR(go_signed(200, API_ERR("request expired"), true, -4000),
	           "PRECHECK UNKNOWN - rp-1: API error: request expired - local clock is 67 min ahead"
	           " of the service (it accepts 10 min): synchronise it (requestId r-1)" PERF_TIME);
}
END_TEST

START_TEST(test_signed_refusal_clock_words)
{
	ASSERT_STR(go_signed(401, API_ERR("timestamp out of range"), false, 0),
	           "PRECHECK UNKNOWN - rp-1: HTTP 401 Unauthorized: timestamp out of range - the"
	           " timestamp was not accepted: check the local clock (the service accepts 10 min)"
	           " (requestId r-1)" PERF_TIME);
	judge_clear();
	ASSERT_STR(go_signed(401, API_ERR("timestamp out of range"), true, 0.2),
	           "PRECHECK UNKNOWN - rp-1: HTTP 401 Unauthorized: timestamp out of range - the"
	           " timestamp was not accepted, although the local clock is within 1 s of the"
	           " service's (requestId r-1)" PERF_TIME);
}
END_TEST

START_TEST(test_signed_refusal_no_clue)
{
	ASSERT_STR(go_signed(401, "", true, 1),
	           "PRECHECK UNKNOWN - rp-1: HTTP 401 Unauthorized - the signed request was refused:"
	           " check the AccessKey ID, the secret key and the local clock" PERF_TIME);
}
END_TEST

START_TEST(test_signed_not_a_refusal)
{
	/* an ordinary API error stays as it was */
	ASSERT_STR(go_signed(404, API_ERR("replication rp-1 not found"), true, 0),
	           "PRECHECK UNKNOWN - rp-1: HTTP 404 Not Found: replication rp-1 not found"
	           " (requestId r-1)" PERF_TIME);
	judge_clear();
	ASSERT_STR(go_signed(200, API_ERR("replication rp-1 not found"), true, 0),
	           "PRECHECK UNKNOWN - rp-1: API error: replication rp-1 not found (requestId r-1)"
	           PERF_TIME);
}
END_TEST

static Suite *render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("judged");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_doc_example);
	tcase_add_test(tc, test_doc_example_verbose);
	tcase_add_test(tc, test_ok);
	tcase_add_test(tc, test_ok_single_item);
	tcase_add_test(tc, test_ok_verbose);
	tcase_add_test(tc, test_ok_no_items);
	tcase_add_test(tc, test_warning_overall_only);
	tcase_add_test(tc, test_warning_item);
	tcase_add_test(tc, test_warning_no_items);
	tcase_add_test(tc, test_critical_disagreeing_overall);
	tcase_add_test(tc, test_critical_overall_only);
	tcase_add_test(tc, test_unknown_item_value);
	tcase_add_test(tc, test_unknown_item_value_with_message);
	tcase_add_test(tc, test_unknown_item_without_status);
	tcase_add_test(tc, test_unknown_overall_value);
	tcase_add_test(tc, test_unknown_overall_no_items);
	tcase_add_test(tc, test_mixed_counts_summary);
	tcase_add_test(tc, test_summary_names_capped_at_three);
	tcase_add_test(tc, test_summary_four_problems);
	tcase_add_test(tc, test_summary_label_fallbacks);
	tcase_add_test(tc, test_summary_name_truncated);
	tcase_add_test(tc, test_ignored_items);
	tcase_add_test(tc, test_ignored_items_verbose);
	tcase_add_test(tc, test_all_items_ignored);
	tcase_add_test(tc, test_all_items_ignored_single);
	tcase_add_test(tc, test_capped_item);
	tcase_add_test(tc, test_capped_item_with_message);
	tcase_add_test(tc, test_overrides_agreeing_status_not_mentioned);
	tcase_add_test(tc, test_status_missing_items_decide);
	suite_add_tcase(s, tc);

	tc = tcase_create("caps");
	/* The budget tests parse and render hundreds of kilobytes many times:
	 * seconds under a sanitizer on a loaded machine, not Check's default 4. */
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_max_items_cap);
	tcase_add_test(tc, test_max_items_cap_singular);
	tcase_add_test(tc, test_max_items_exact_and_zero);
	tcase_add_test(tc, test_max_items_counts_verbose_lines);
	tcase_add_test(tc, test_max_output_drops_items_from_end);
	tcase_add_test(tc, test_max_output_everything_fits);
	tcase_add_test(tc, test_max_output_and_max_items);
	tcase_add_test(tc, test_max_output_no_room_for_more_line);
	tcase_add_test(tc, test_max_output_many_long_items);
	tcase_add_test(tc, test_max_output_default_budget);
	tcase_add_test(tc, test_max_output_first_line_cut);
	tcase_add_test(tc, test_max_output_tiny_budget_keeps_perfdata);
	tcase_add_test(tc, test_max_message_truncates_item_message);
	tcase_add_test(tc, test_max_message_truncates_error_message);
	tcase_add_test(tc, test_perfdata_without_time);
	tcase_add_test(tc, test_perfdata_time_format);
	tcase_add_test(tc, test_error_without_time_has_no_perfdata);
	tcase_add_test(tc, test_no_replication_id);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_http_404_with_api_message);
	tcase_add_test(tc, test_http_404_json_without_message);
	tcase_add_test(tc, test_http_502_html_title);
	tcase_add_test(tc, test_http_503_html_without_title);
	tcase_add_test(tc, test_http_error_title_whitespace);
	tcase_add_test(tc, test_http_error_long_snippet);
	tcase_add_test(tc, test_http_error_empty_body);
	tcase_add_test(tc, test_http_unknown_code);
	tcase_add_test(tc, test_http_401_hint);
	tcase_add_test(tc, test_http_403_hint_with_message);
	tcase_add_test(tc, test_http_redirect_not_followed);
	tcase_add_test(tc, test_http_redirect_without_location);
	tcase_add_test(tc, test_http_reasons);
	tcase_add_loop_test(tc, test_transport_errors, 0, (int)ARRAY_LEN(transport_cases));
	tcase_add_test(tc, test_timeout_state);
	tcase_add_test(tc, test_transport_detail_capped_by_max_message);
	tcase_add_test(tc, test_body_error_with_snippet);
	tcase_add_test(tc, test_body_error_html_with_200);
	tcase_add_test(tc, test_body_error_shape);
	tcase_add_test(tc, test_body_error_empty);
	tcase_add_test(tc, test_body_error_from_file);
	tcase_add_test(tc, test_body_error_long_snippet);
	tcase_add_test(tc, test_api_error);
	tcase_add_test(tc, test_api_error_without_message);
	tcase_add_test(tc, test_api_error_no_success_field);
	tcase_add_test(tc, test_no_data);
	tcase_add_test(tc, test_no_status);
	tcase_add_test(tc, test_wrong_task);
	tcase_add_test(tc, test_request_id_truncated);
	tcase_add_test(tc, test_usage_error);
	tcase_add_test(tc, test_usage_error_sanitized);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hostile_item_fields);
	tcase_add_test(tc, test_hostile_overall_status);
	tcase_add_test(tc, test_hostile_api_message_and_request_id);
	tcase_add_test(tc, test_hostile_http_message);
	tcase_add_test(tc, test_hostile_snippet_and_title);
	tcase_add_test(tc, test_hostile_snippet_with_nul);
	tcase_add_test(tc, test_hostile_redirect_location);
	tcase_add_test(tc, test_hostile_transport_detail);
	tcase_add_test(tc, test_hostile_wrong_task_id);
	tcase_add_test(tc, test_hostile_replication_id_option);
	tcase_add_test(tc, test_hostile_nul_in_message);
	tcase_add_test(tc, test_output_checker);
	suite_add_tcase(s, tc);

	tc = tcase_create("signing");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_signed_refusal_key_id);
	tcase_add_test(tc, test_signed_refusal_signature);
	tcase_add_test(tc, test_signed_refusal_clock_measured);
	tcase_add_test(tc, test_signed_refusal_clock_words);
	tcase_add_test(tc, test_signed_refusal_no_clue);
	tcase_add_test(tc, test_signed_not_a_refusal);
	suite_add_tcase(s, tc);

	tc = tcase_create("secrets");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_secret_in_api_message);
	tcase_add_test(tc, test_secret_in_http_snippet);
	tcase_add_test(tc, test_secret_longest_match_and_repeats);
	tcase_add_test(tc, test_secret_in_item_fields);
	tcase_add_test(tc, test_secret_in_transport_detail);
	tcase_add_test(tc, test_secret_redacted_before_truncation);
	tcase_add_test(tc, test_secrets_only_for_their_render);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(render_suite)
