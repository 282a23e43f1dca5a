/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_state.c - state names, STATE word parsing and the worst-of order. */
#include "config.h"
#include "state.h"
#include "unit.h"

START_TEST(test_names)
{
	ASSERT_STR(state_name(STATE_OK), "OK");
	ASSERT_STR(state_name(STATE_WARNING), "WARNING");
	ASSERT_STR(state_name(STATE_CRITICAL), "CRITICAL");
	ASSERT_STR(state_name(STATE_UNKNOWN), "UNKNOWN");
}
END_TEST

START_TEST(test_name_out_of_range)
{
	ASSERT_STR(state_name((state_t)7), "UNKNOWN");
	ASSERT_STR(state_name((state_t)-1), "UNKNOWN");
}
END_TEST

START_TEST(test_numeric_values)
{
	/* The plugin exit codes are the enum values. */
	ck_assert_int_eq(STATE_OK, 0);
	ck_assert_int_eq(STATE_WARNING, 1);
	ck_assert_int_eq(STATE_CRITICAL, 2);
	ck_assert_int_eq(STATE_UNKNOWN, 3);
}
END_TEST

static const struct {
	const char *word;
	state_t state;
} good_words[] = {
	{ "OK", STATE_OK }, { "ok", STATE_OK }, { "Ok", STATE_OK }, { "0", STATE_OK },
	{ "WARNING", STATE_WARNING }, { "warning", STATE_WARNING }, { "WaRnInG", STATE_WARNING },
	{ "WARN", STATE_WARNING }, { "warn", STATE_WARNING }, { "1", STATE_WARNING },
	{ "CRITICAL", STATE_CRITICAL }, { "critical", STATE_CRITICAL }, { "Critical", STATE_CRITICAL },
	{ "CRIT", STATE_CRITICAL }, { "crit", STATE_CRITICAL }, { "2", STATE_CRITICAL },
	{ "UNKNOWN", STATE_UNKNOWN }, { "unknown", STATE_UNKNOWN }, { "UnKnOwN", STATE_UNKNOWN },
	{ "3", STATE_UNKNOWN },
};

START_TEST(test_parse_good)
{
	/* Preset to a value the word does not mean, so a no-op would fail. */
	state_t want = good_words[_i].state;
	state_t got = want == STATE_OK ? STATE_CRITICAL : STATE_OK;
	ck_assert_msg(state_parse(good_words[_i].word, &got) == 0,
	              "state_parse(\"%s\") rejected", good_words[_i].word);
	ck_assert_msg(got == want, "state_parse(\"%s\") = %d, want %d",
	              good_words[_i].word, (int)got, (int)want);
}
END_TEST

static const char *const bad_words[] = {
	"", " ", "4", "-1", "00", "01", "3 ", " OK", "OK ", "OKAY", "O", "W", "WARNINGS",
	"CRI", "CRITICALL", "UNKNOW", "UNK", "none", "1.0", "0x1", "+1", "ok\n", "CRIT\t",
	"ÖK",
};

START_TEST(test_parse_bad)
{
	state_t got = STATE_WARNING;
	ck_assert_msg(state_parse(bad_words[_i], &got) == -1,
	              "state_parse(\"%s\") accepted", bad_words[_i]);
	ck_assert_msg(got == STATE_WARNING, "state_parse(\"%s\") wrote *out on failure",
	              bad_words[_i]);
}
END_TEST

START_TEST(test_parse_null)
{
	state_t got = STATE_WARNING;
	ck_assert_int_eq(state_parse(NULL, &got), -1);
	ck_assert_int_eq(got, STATE_WARNING);
}
END_TEST

START_TEST(test_rank_order)
{
	ck_assert_int_gt(state_rank(STATE_CRITICAL), state_rank(STATE_WARNING));
	ck_assert_int_gt(state_rank(STATE_WARNING), state_rank(STATE_UNKNOWN));
	ck_assert_int_gt(state_rank(STATE_UNKNOWN), state_rank(STATE_OK));
}
END_TEST

/* Every pair, both argument orders. */
START_TEST(test_worst_table)
{
	static const state_t order[] = { STATE_OK, STATE_UNKNOWN, STATE_WARNING, STATE_CRITICAL };
	for (size_t i = 0; i < 4; i++) {
		for (size_t j = 0; j < 4; j++) {
			state_t want = order[i > j ? i : j];
			state_t a = state_worst(order[i], order[j]);
			ck_assert_msg(a == want, "state_worst(%s, %s) = %s, want %s",
			              state_name(order[i]), state_name(order[j]),
			              state_name(a), state_name(want));
		}
	}
}
END_TEST

START_TEST(test_worst_named_cases)
{
	ck_assert_int_eq(state_worst(STATE_OK, STATE_UNKNOWN), STATE_UNKNOWN);
	ck_assert_int_eq(state_worst(STATE_UNKNOWN, STATE_WARNING), STATE_WARNING);
	ck_assert_int_eq(state_worst(STATE_WARNING, STATE_UNKNOWN), STATE_WARNING);
	ck_assert_int_eq(state_worst(STATE_CRITICAL, STATE_UNKNOWN), STATE_CRITICAL);
	ck_assert_int_eq(state_worst(STATE_UNKNOWN, STATE_CRITICAL), STATE_CRITICAL);
	ck_assert_int_eq(state_worst(STATE_WARNING, STATE_CRITICAL), STATE_CRITICAL);
	ck_assert_int_eq(state_worst(STATE_OK, STATE_OK), STATE_OK);
}
END_TEST

START_TEST(test_worst_fold)
{
	/* Folding a list, as evaluate does over items. */
	static const state_t list[] = { STATE_OK, STATE_UNKNOWN, STATE_OK, STATE_WARNING, STATE_UNKNOWN };
	state_t s = STATE_OK;
	for (size_t i = 0; i < ARRAY_LEN(list); i++)
		s = state_worst(s, list[i]);
	ck_assert_int_eq(s, STATE_WARNING);
}
END_TEST

static Suite *state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("names");
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_name_out_of_range);
	tcase_add_test(tc, test_numeric_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_good, 0, (int)ARRAY_LEN(good_words));
	tcase_add_loop_test(tc, test_parse_bad, 0, (int)ARRAY_LEN(bad_words));
	tcase_add_test(tc, test_parse_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("worst");
	tcase_add_test(tc, test_rank_order);
	tcase_add_test(tc, test_worst_table);
	tcase_add_test(tc, test_worst_named_cases);
	tcase_add_test(tc, test_worst_fold);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(state_suite)
