/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_tasks.c - check_replication_tasks' own parts: the shard of an id,
 * the task list's parse, and the fleet's verdict from a run. */
#include "config.h"
#include "answer.h"
#include "render.h"
#include "tasks.h"
#include "unit.h"

#include <stdio.h>

/* ---- --shard ---- */

START_TEST(test_shard_known_values)
{
	/* FNV-1a 64 of the bytes, computed independently (Python), modulo N. */
	static const struct {
		const char *id;
		int of3, of7;
	} known[] = {
		{ .id = "rs-running~b00001", .of3 = 1, .of7 = 3 },
		{ .id = "rs-doc", .of3 = 3, .of7 = 1 },
		{ .id = "a", .of3 = 2, .of7 = 6 },
		{ .id = "", .of3 = 3, .of7 = 3 },
		{ .id = "rp-div0qqpbffio", .of3 = 2, .of7 = 5 },
	};
	for (size_t i = 0; i < ARRAY_LEN(known); i++) {
		ck_assert_int_eq(fleet_shard_of(known[i].id, 3), known[i].of3);
		ck_assert_int_eq(fleet_shard_of(known[i].id, 7), known[i].of7);
		ck_assert_int_eq(fleet_shard_of(known[i].id, 1), 1);
	}
}
END_TEST

START_TEST(test_shard_split_10000)
{
	/* Every one of 10 000 ids in exactly one shard, and no shard starved:
	 * N satellites share the load. */
	static const int ns[] = { 2, 3, 5, 7, 16 };
	for (size_t k = 0; k < ARRAY_LEN(ns); k++) {
		int n = ns[k];
		size_t count[16] = { 0 };
		for (int i = 1; i <= 10000; i++) {
			char id[32];
			snprintf(id, sizeof id, "rs-running~b%05d", i);
			int s = fleet_shard_of(id, n);
			ck_assert_msg(s >= 1 && s <= n, "%s in shard %d of %d", id, s, n);
			count[s - 1]++;
		}
		size_t sum = 0;
		for (int s = 0; s < n; s++) {
			sum += count[s];
			size_t fair = (size_t)(10000 / n);
			ck_assert_msg(count[s] > fair * 8 / 10 && count[s] < fair * 12 / 10,
			              "shard %d of %d holds %zu of 10000", s + 1, n, count[s]);
		}
		ck_assert_uint_eq(sum, 10000);
	}
}
END_TEST

/* ---- the list's parse ---- */

static answer_reader ar;

static void parse_setup(void)
{
	answer_reader_init(&ar, tasks_plugin.fleet->list);
}

static void parse_teardown(void)
{
	answer_reader_release(&ar);
}

static const fleet_page *parse(const char *body)
{
	answer_reader_clear(&ar);
	answer_reader_parse(&ar, body, strlen(body));
	return ar.answer;
}

#define TASK(id, name, status) \
	"{\"replicationId\":\"" id "\",\"name\":\"" name "\",\"type\":\"default\",\"status\":\"" \
	status "\",\"sourceDatasourceId\":\"s\",\"targetDatasourceId\":\"t\"}"

START_TEST(test_parse_page)
{
	const fleet_page *p = parse("{\"success\":true,\"requestId\":\"r\",\"data\":["
	                            TASK("rs-1", "one", "running") ","
	                            TASK("rs-2", "two", "failed")
	                            "],\"current\":2,\"pageSize\":2,\"total\":7}");
	ck_assert_int_eq(ar.pst, PARSE_OK);
	ck_assert(ar.head.has_data && ar.head.judgeable);
	ck_assert_int_eq(ar.head.env.success, TRISTATE_TRUE);
	ck_assert_uint_eq(p->n, 2);
	ASSERT_STR(p->tasks[1].id, "rs-2");
	ASSERT_STR(p->tasks[1].name, "two");
	ASSERT_STR(p->tasks[1].status, "failed");
	ASSERT_STR(p->tasks[0].source, "s");
	ck_assert_ptr_null(p->tasks[0].pair);
	ck_assert(p->has_page_size && p->has_total);
	ck_assert_int_eq(p->page_size, 2);
	ck_assert_int_eq(p->total, 7);
}
END_TEST

START_TEST(test_parse_empty_and_absent)
{
	const fleet_page *p = parse("{\"success\":true,\"data\":[]}");
	ck_assert_int_eq(ar.pst, PARSE_OK);
	ck_assert_uint_eq(p->n, 0);
	ck_assert(!p->has_total && !p->has_page_size);
	p = parse("{\"success\":true}");
	ck_assert_int_eq(ar.pst, PARSE_OK);
	ck_assert(!ar.head.has_data);
	/* An id that cannot be asked for as it is counts as none. */
	p = parse("{\"success\":true,\"data\":[{\"replicationId\":\"a\\u0000b\"}]}");
	ck_assert_int_eq(ar.pst, PARSE_OK);
	ck_assert_ptr_null(p->tasks[0].id);
}
END_TEST

START_TEST(test_parse_shapes)
{
	static const struct {
		const char *body, *why;
	} bad[] = {
		{ "[]", "response is a JSON array, not an object" },
		{ "{\"data\":{}}", "'data' is object, not an array" },
		{ "{\"data\":[1]}", "'data[0]' is int, not an object" },
		{ "{\"data\":[{\"replicationId\":7}]}", "'data[0].replicationId' is int, not a string" },
		{ "{\"data\":[{\"name\":\"x\"},{\"status\":true}]}", "'data[1].status' is boolean, not a string" },
		{ "{\"data\":[],\"total\":\"9\"}", "'total' is string, not a count" },
		{ "{\"data\":[],\"pageSize\":-1}", "'pageSize' is int, not a count" },
		{ "{\"data\":[],\"current\":1.5}", "'current' is double, not a count" },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		parse(bad[i].body);
		ck_assert_int_eq(ar.pst, PARSE_SHAPE);
		ASSERT_STR(ar.perr, bad[i].why);
	}
}
END_TEST

/* ---- the fleet's verdict ---- */

static tasks_config cfg;
static fleet_run run;
static check_result res;
static char *out;

static void eval_setup(void)
{
	tasks_plugin.config_free(&cfg); /* the defaults */
	run = (fleet_run){ .total = -1, .budget = 10 };
	result_init(&res, "REPLICATION", "Replication tasks");
	res.subs_key = "tasks";
	res.more_noun = "task";
	out = NULL;
}

static void eval_teardown(void)
{
	for (size_t i = 0; i < run.n; i++)
		result_free(&run.entries[i].result);
	free(run.entries);
	rtext_free(&run.list_error);
	result_free(&res);
	free(out);
	tasks_plugin.config_free(&cfg);
}

/* A task judged (or, reached false, not checked) with state and words. */
static void add(const char *id, const char *name, state_t st, bool reached, const char *words)
{
	run.entries = realloc(run.entries, (run.n + 1) * sizeof *run.entries);
	fleet_entry *e = &run.entries[run.n++];
	*e = (fleet_entry){ .task = { .id = (char *)id, .name = (char *)name }, .reached = reached,
		            .in_list = true };
	result_init(&e->result, "REPLICATION", "Replication status");
	e->result.state = reached ? st : STATE_UNKNOWN;
	rtext_lit(&e->result.summary, words);
	run.listed++;
}

static const char *verdict(void)
{
	tasks_evaluate(&cfg, &run, &res);
	render_options ro = render_options_init();
	out = render_nagios(&res, &ro);
	return out;
}

START_TEST(test_evaluate_worst_first)
{
	add("rs-1", "one", STATE_OK, true, "running");
	add("rs-2", "two", STATE_WARNING, true, "stopped");
	add("rs-3", "three", STATE_CRITICAL, true, "failed");
	add("rs-4", "four", STATE_UNKNOWN, true, "HTTP 500");
	run.entries[0].has_gauge = true;
	run.entries[0].gauge = 12.5;
	ASSERT_STR(verdict(),
	           "REPLICATION CRITICAL - 4 tasks: 1 critical, 1 warning, 1 unknown, 1 ok | tasks=4;;;0 "
	           "ok=1;;;0 warning=1;;;0 critical=1;;;0 unknown=1;;;0 unreached=0;;;0 "
	           "delay_max=12.5s;;;0\n"
	           "[CRITICAL] three (rs-3): failed\n"
	           "[WARNING] two (rs-2): stopped\n"
	           "[UNKNOWN] four (rs-4): HTTP 500\n");
	ck_assert_int_eq(res.state, STATE_CRITICAL);
}
END_TEST

START_TEST(test_evaluate_unreached_is_unknown)
{
	/* Even when every checked task is OK: a task not checked hides nothing. */
	add("rs-1", "one", STATE_OK, true, "running");
	add("rs-2", "two", STATE_OK, false, "not checked: time budget of 10 s spent");
	ASSERT_STR(verdict(),
	           "REPLICATION UNKNOWN - 2 tasks: 1 ok, 1 not checked (time budget of 10 s spent) | "
	           "tasks=2;;;0 ok=1;;;0 warning=0;;;0 critical=0;;;0 unknown=0;;;0 unreached=1;;;0\n"
	           "[UNKNOWN] two (rs-2): not checked: time budget of 10 s spent\n");
}
END_TEST

START_TEST(test_evaluate_min_tasks)
{
	ASSERT_STR(verdict(), "REPLICATION UNKNOWN - the task list is empty, fewer than --min-tasks 1"
	                      " | tasks=0;;;0 ok=0;;;0 warning=0;;;0 critical=0;;;0 unknown=0;;;0"
	                      " unreached=0;;;0\n");
	eval_teardown();
	eval_setup();
	cfg.fleet.min_tasks = 3;
	cfg.fleet.keyword = "db";
	add("rs-1", "db-one", STATE_OK, true, "running");
	ASSERT_STR(verdict(), "REPLICATION UNKNOWN - 1 task: 1 ok; fewer than --min-tasks 3 match "
	                      "(keyword=db) | tasks=1;;;0 ok=1;;;0 warning=0;;;0 critical=0;;;0 "
	                      "unknown=0;;;0 unreached=0;;;0\n");
}
END_TEST

START_TEST(test_evaluate_list_failed)
{
	rtext_lit(&run.list_error, "HTTP 503 Service Unavailable");
	run.list_failed = true;
	run.list_state = STATE_CRITICAL;
	ASSERT_STR(verdict(), "REPLICATION CRITICAL - cannot read the task list: HTTP 503 Service "
	                      "Unavailable | tasks=0;;;0 ok=0;;;0 warning=0;;;0 critical=0;;;0 "
	                      "unknown=0;;;0 unreached=0;;;0\n");
	ck_assert(res.error);
	/* A list cut short after some tasks: they are judged, and the state is
	 * at least the list's. */
	eval_teardown();
	eval_setup();
	rtext_lit(&run.list_error, "timeout");
	run.list_failed = true;
	run.list_state = STATE_UNKNOWN;
	add("rs-1", "one", STATE_OK, true, "running");
	ASSERT_STR(verdict(), "REPLICATION UNKNOWN - 1 task: 1 ok; the task list is incomplete: "
	                      "timeout | tasks=1;;;0 ok=1;;;0 warning=0;;;0 critical=0;;;0 "
	                      "unknown=0;;;0 unreached=0;;;0\n");
	ck_assert(!res.error);
}
END_TEST

START_TEST(test_evaluate_shortfall)
{
	run.total = 5;
	add("rs-1", "one", STATE_OK, true, "running");
	ck_assert_ptr_nonnull(strstr(verdict(), "1 task: 1 ok; the list said 5 tasks, 1 arrived |"));
}
END_TEST

static Suite *tasks_suite(void)
{
	Suite *s = suite_create("tasks");
	TCase *tc = tcase_create("shard");
	tcase_add_test(tc, test_shard_known_values);
	tcase_add_test(tc, test_shard_split_10000);
	suite_add_tcase(s, tc);
	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, parse_setup, parse_teardown);
	tcase_add_test(tc, test_parse_page);
	tcase_add_test(tc, test_parse_empty_and_absent);
	tcase_add_test(tc, test_parse_shapes);
	suite_add_tcase(s, tc);
	tc = tcase_create("evaluate");
	tcase_add_checked_fixture(tc, eval_setup, eval_teardown);
	tcase_add_test(tc, test_evaluate_worst_first);
	tcase_add_test(tc, test_evaluate_unreached_is_unknown);
	tcase_add_test(tc, test_evaluate_min_tasks);
	tcase_add_test(tc, test_evaluate_list_failed);
	tcase_add_test(tc, test_evaluate_shortfall);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(tasks_suite)
