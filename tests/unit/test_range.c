/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_range.c - threshold ranges with units: parsing, judging, and how
 * perfdata writes them back. */
#include "config.h"
#include "range.h"
#include "unit.h"

#include <math.h>

static const struct {
	const char *text;
	double below, inside, above;   /* probe values */
	bool alert_below, alert_inside, alert_above;
	const char *perf;
} good[] = {
	/* the Monitoring Plugins guidelines' table */
	{ "10", -1, 5, 11, true, false, true, "10" },
	{ "10:", 9, 10, 1e9, true, false, false, "10:" },
	{ "~:10", -1e9, 10, 10.5, false, false, true, "~:10" },
	{ "10:20", 9.99, 15, 20.01, true, false, true, "10:20" },
	{ "@10:20", 9.99, 15, 20.01, false, true, false, "@10:20" },
	{ "@10", -1, 5, 11, false, true, false, "@0:10" },
	/* units */
	{ "500ms", -1, 0.5, 0.501, true, false, true, "0.5" },
	{ "5m", -1, 300, 301, true, false, true, "300" },
	{ "1.5h", -1, 5400, 5401, true, false, true, "5400" },
	{ "30s:2m", 29, 60, 121, true, false, true, "30:120" },
	{ "~:90s", -1e9, 90, 91, false, false, true, "~:90" },
	{ "@1m:2m", 59, 90, 121, false, true, false, "@60:120" },
	{ "0.25", -0.01, 0.25, 0.26, true, false, true, "0.25" },
};

START_TEST(test_good)
{
	mp_range r;
	char err[128] = "";
	ck_assert_msg(range_parse(good[_i].text, &r, err, sizeof err) == 0, "%s: %s", good[_i].text, err);
	ck_assert(r.set);
	ck_assert_int_eq(range_alerts(&r, good[_i].below), good[_i].alert_below);
	ck_assert_int_eq(range_alerts(&r, good[_i].inside), good[_i].alert_inside);
	ck_assert_int_eq(range_alerts(&r, good[_i].above), good[_i].alert_above);
	strbuf b = STRBUF_INIT;
	range_append(&b, &r);
	ASSERT_STR(strbuf_str(&b), good[_i].perf);
	strbuf_free(&b);
}
END_TEST

static const char *const bad[] = {
	"", ":", "~:", "@", "abc", "10:5", "5m:1m", "10x", "10 ", " 10", "1e400", "inf", "nan",
	"0x10", "10::20", "~10", "10:~", "5mm", "ms", "@@10", "--5",
};

START_TEST(test_bad)
{
	mp_range r;
	char err[128] = "";
	ck_assert_msg(range_parse(bad[_i], &r, err, sizeof err) == -1, "'%s' accepted", bad[_i]);
	ck_assert_msg(strstr(err, "is not a range") != NULL, "no reason for '%s': %s", bad[_i], err);
}
END_TEST

START_TEST(test_unset_never_alerts)
{
	mp_range r;
	memset(&r, 0, sizeof r);
	ck_assert(!range_alerts(&r, 0));
	ck_assert(!range_alerts(&r, 1e12));
	strbuf b = STRBUF_INIT;
	range_append(&b, &r);
	ASSERT_STR(strbuf_str(&b), "");
	strbuf_free(&b);
}
END_TEST

static Suite *range_suite(void)
{
	Suite *s = suite_create("range");
	TCase *tc = tcase_create("range");
	tcase_add_loop_test(tc, test_good, 0, (int)(sizeof good / sizeof good[0]));
	tcase_add_loop_test(tc, test_bad, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, test_unset_never_alerts);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(range_suite)
