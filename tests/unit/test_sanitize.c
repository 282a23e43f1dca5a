/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sanitize.c - the output gate: '|', controls, invalid UTF-8, truncation. */
#include "config.h"
#include "sanitize.h"
#include "strbuf.h"
#include "unit.h"

#include <stdbool.h>
#include <stdint.h>

#define PIPE "\xc2\xa6"          /* U+00A6 */
#define BAD  "\xef\xbf\xbd"      /* U+FFFD */
#define MORE "\xe2\x80\xa6"      /* U+2026 */

typedef struct {
	const char *in;
	size_t in_len;
	size_t max;
	const char *want;
	size_t want_len;
} san_case;

#define CASE(in, max, want) { LIT(in), (max), LIT(want) }

static const san_case cases[] = {
	/* '|' would start the perfdata */
	CASE("a|b", 0, "a" PIPE "b"),
	CASE("|", 0, PIPE),
	CASE("||x||", 0, PIPE PIPE "x" PIPE PIPE),
	CASE("rc=1 | load=5", 0, "rc=1 " PIPE " load=5"),
	/* line breaks, tabs, other C0 controls and DEL: one space per run */
	CASE("a\nb", 0, "a b"),
	CASE("a\rb", 0, "a b"),
	CASE("a\r\nb", 0, "a b"),
	CASE("a\tb", 0, "a b"),
	CASE("a \t\r\n  \n b", 0, "a b"),
	CASE("a\x01\x02\x03" "b", 0, "a b"),
	CASE("a\x1b[31mred", 0, "a [31mred"),
	CASE("a\x7f" "b", 0, "a b"),
	CASE("a\x0b\x0c" "b", 0, "a b"),
	CASE("a  b", 0, "a b"),
	CASE("a\n|\nb", 0, "a " PIPE " b"),
	/* leading and trailing separators are dropped */
	CASE("  lead", 0, "lead"),
	CASE("trail \n\t", 0, "trail"),
	CASE("\r\n x \r\n", 0, "x"),
	CASE("\n\n\t ", 0, ""),
	CASE("", 0, ""),
	/* C1 controls and the Unicode line/paragraph separators */
	CASE("a\xc2\x80" "b", 0, "a b"),
	CASE("a\xc2\x85" "b", 0, "a b"),
	CASE("a\xc2\x9f" "b", 0, "a b"),
	CASE("a\xe2\x80\xa8" "b", 0, "a b"),
	CASE("a\xe2\x80\xa9" "b", 0, "a b"),
	CASE("a\n\xc2\x85\t\xe2\x80\xa8 \xe2\x80\xa9" "b", 0, "a b"),
	CASE("\xe2\x80\xa8" "x" "\xc2\x85", 0, "x"),
	/* valid UTF-8 that is not a separator stays */
	CASE("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 0, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
	CASE("a\xc2\xa0" "b", 0, "a\xc2\xa0" "b"),        /* NBSP is not a control */
	CASE("\xc2\xa1", 0, "\xc2\xa1"),                   /* first code point after C1 */
	CASE("\xe2\x80\xa7\xe2\x80\xaa", 0, "\xe2\x80\xa7\xe2\x80\xaa"), /* U+2027, U+202A */
	CASE("\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf"),   /* U+10FFFF */
	CASE("\xef\xbf\xbd", 0, BAD),                      /* U+FFFD itself */
	CASE("\xed\x9f\xbf", 0, "\xed\x9f\xbf"),           /* U+D7FF, below surrogates */
	CASE("\xee\x80\x80", 0, "\xee\x80\x80"),           /* U+E000, above surrogates */
	/* invalid UTF-8: one U+FFFD per bad byte */
	CASE("a\x80" "b", 0, "a" BAD "b"),                 /* lone continuation */
	CASE("\xbf\xbf", 0, BAD BAD),
	CASE("\xc0\xaf", 0, BAD BAD),                      /* overlong '/' */
	CASE("\xc1\xbf", 0, BAD BAD),
	CASE("\xe0\x80\xaf", 0, BAD BAD BAD),              /* overlong, 3 bytes */
	CASE("\xe0\x9f\xbf", 0, BAD BAD BAD),
	CASE("\xf0\x80\x80\xaf", 0, BAD BAD BAD BAD),      /* overlong, 4 bytes */
	CASE("\xf0\x8f\xbf\xbf", 0, BAD BAD BAD BAD),
	CASE("\xed\xa0\x80", 0, BAD BAD BAD),              /* U+D800 */
	CASE("\xed\xbf\xbf", 0, BAD BAD BAD),              /* U+DFFF */
	CASE("\xed\xa0\xbd\xed\xb8\x80", 0, BAD BAD BAD BAD BAD BAD), /* CESU pair */
	CASE("ab\xe2\x82", 0, "ab" BAD BAD),               /* truncated at the end */
	CASE("\xf0\x9f\x98", 0, BAD BAD BAD),
	CASE("\xc3", 0, BAD),
	CASE("\xe2\x82x", 0, BAD BAD "x"),                 /* truncated in the middle */
	CASE("\xc3 x", 0, BAD " x"),
	CASE("\xf5", 0, BAD),                              /* 0xF5 and above never start UTF-8 */
	CASE("\xf5\x80\x80\x80", 0, BAD BAD BAD BAD),
	CASE("\xf8\x88\x80\x80\x80", 0, BAD BAD BAD BAD BAD),
	CASE("\xfe\xff", 0, BAD BAD),
	CASE("\xf4\x90\x80\x80", 0, BAD BAD BAD BAD),      /* above U+10FFFF */
	CASE("ok\xff" "ok", 0, "ok" BAD "ok"),
	CASE("\xff\n\xff", 0, BAD " " BAD),
	/* embedded NUL is a control character */
	CASE("a\0b", 0, "a b"),
	CASE("\0a\0", 0, "a"),
	CASE("a\0\0\n\0b", 0, "a b"),
};

START_TEST(test_table)
{
	const san_case *c = &cases[_i];
	char *got = sanitize_dup(c->in, c->in_len, c->max);
	bool same = strlen(got) == c->want_len && memcmp(got, c->want, c->want_len) == 0;
	const char *eg = ut_escape(got, strlen(got));
	free(got);
	ck_assert_msg(same, "case %d: sanitize(\"%s\", %zu) = \"%s\", want \"%s\"",
	              _i, ut_escape(c->in, c->in_len), c->max, eg, ut_escape(c->want, c->want_len));
}
END_TEST

static const san_case trunc_cases[] = {
	CASE("abcdefghij", 8, "abcde" MORE),               /* ellipsis inside the budget */
	CASE("abcdefghi", 8, "abcde" MORE),
	CASE("abcdefgh", 8, "abcdefgh"),                   /* exact fit: not cut */
	CASE("abcdefg", 8, "abcdefg"),
	CASE("abcdefgh\n\n\n  ", 8, "abcdefgh"),           /* trailing separators are free */
	CASE("a  \n\n  b", 3, "a b"),                      /* fits once collapsed */
	CASE("abcd efgh", 8, "abcd" MORE),                 /* no space before the ellipsis */
	CASE("abc defgh", 8, "abc d" MORE),
	CASE("abcde fghij", 8, "abcde" MORE),
	/* cut on a character boundary */
	CASE("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8, "\xc3\xa9\xc3\xa9" MORE),
	CASE("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 9, "\xc3\xa9\xc3\xa9\xc3\xa9" MORE),
	CASE("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 10, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"),
	CASE("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 8, "\xe2\x82\xac" MORE),
	CASE("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 8, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80"),
	CASE("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 7, "\xf0\x9f\x98\x80" MORE),
	CASE("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 6, MORE),
	/* replacements count with their output size */
	CASE("||||", 8, PIPE PIPE PIPE PIPE),
	CASE("|||||", 8, PIPE PIPE MORE),
	CASE("\xff\xff\xff", 8, BAD MORE),
	CASE("\xff\xff\xff", 9, BAD BAD BAD),
	/* tiny budgets: the ellipsis alone needs 3 bytes */
	CASE("abcd", 4, "abcd"),
	CASE("abcde", 4, "a" MORE),
	CASE("abc", 3, "abc"),
	CASE("abcd", 3, MORE),
	CASE("\xc3\xa9\xc3\xa9", 3, MORE),
	CASE("ab", 2, "ab"),
	CASE("\xc3\xa9", 2, "\xc3\xa9"),
	CASE("abc", 2, ""),
	CASE("a", 1, "a"),
	CASE("ab", 1, ""),
	CASE("\xc3\xa9", 1, ""),
	CASE("", 1, ""),
	CASE("  \n", 1, ""),
};

START_TEST(test_truncation_table)
{
	const san_case *c = &trunc_cases[_i];
	char *got = sanitize_dup(c->in, c->in_len, c->max);
	size_t n = strlen(got);
	bool same = n == c->want_len && memcmp(got, c->want, c->want_len) == 0;
	const char *eg = ut_escape(got, n);
	free(got);
	ck_assert_msg(same, "case %d: sanitize(\"%s\", max %zu) = \"%s\", want \"%s\"",
	              _i, ut_escape(c->in, c->in_len), c->max, eg, ut_escape(c->want, c->want_len));
	ck_assert_msg(n <= c->max, "case %d: %zu bytes exceed max %zu", _i, n, c->max);
}
END_TEST

START_TEST(test_max_zero_is_unlimited)
{
	size_t n = 100000;
	char *in = malloc(n);
	ck_assert_ptr_nonnull(in);
	memset(in, 'x', n);
	char *got = sanitize_dup(in, n, 0);
	ck_assert_uint_eq(strlen(got), n);
	ck_assert_int_eq(memcmp(got, in, n), 0);
	free(got);
	free(in);
}
END_TEST

START_TEST(test_long_text_cut_to_budget)
{
	size_t n = 5000;
	char *in = malloc(n);
	ck_assert_ptr_nonnull(in);
	memset(in, 'y', n);
	char *got = sanitize_dup(in, n, 200);
	ck_assert_uint_eq(strlen(got), 200);
	ck_assert_int_eq(memcmp(got, in, 197), 0);
	ASSERT_STR(got + 197, MORE);
	free(got);
	free(in);
}
END_TEST

START_TEST(test_append_to_existing_buffer)
{
	strbuf b = STRBUF_INIT;
	strbuf_append(&b, "X: ");
	sanitize_append(&b, LIT("  hi|\n"), 0);
	ASSERT_STR(strbuf_str(&b), "X: hi" PIPE);
	strbuf_free(&b);
}
END_TEST

START_TEST(test_append_budget_counts_only_appended_text)
{
	strbuf b = STRBUF_INIT;
	strbuf_append(&b, "prefix that is long: ");
	sanitize_append(&b, LIT("hello world"), 5);
	ASSERT_STR(strbuf_str(&b), "prefix that is long: he" MORE);
	sanitize_append(&b, LIT(" / "), 0);
	sanitize_append(&b, LIT("12345"), 5);
	ASSERT_STR(strbuf_str(&b), "prefix that is long: he" MORE "/12345");
	strbuf_free(&b);
}
END_TEST

START_TEST(test_append_keeps_prefix_spaces)
{
	/* Only the appended text is trimmed, never what was already there. */
	strbuf b = STRBUF_INIT;
	strbuf_append(&b, "a ");
	sanitize_append(&b, LIT("\n\n"), 0);
	ASSERT_STR(strbuf_str(&b), "a ");
	ck_assert_uint_eq(b.len, 2);
	sanitize_append(&b, LIT("abcdefgh"), 4);
	ASSERT_STR(strbuf_str(&b), "a a" MORE);
	strbuf_free(&b);
}
END_TEST

START_TEST(test_null_input)
{
	strbuf b = STRBUF_INIT;
	strbuf_append(&b, "keep");
	sanitize_append(&b, NULL, 10, 0);
	ASSERT_STR(strbuf_str(&b), "keep");
	strbuf_free(&b);

	char *s = sanitize_dup(NULL, 0, 0);
	ASSERT_STR(s, "");
	free(s);
}
END_TEST

START_TEST(test_len_is_respected)
{
	/* Only len bytes are read, even when more follow. */
	char *s = sanitize_dup("abc|def", 3, 0);
	ASSERT_STR(s, "abc");
	free(s);
	s = sanitize_dup("\xc3\xa9", 1, 0);   /* half a character */
	ASSERT_STR(s, BAD);
	free(s);
}
END_TEST

/* ---- property test over pseudo-random bytes ---- */

static uint32_t rng_state;

static uint32_t rng(void)
{
	/* xorshift32: deterministic, so a failure can be reproduced. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Checks the output contract; returns NULL or a static reason. */
static const char *output_problem(const char *s, size_t n, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	if (max && n > max)
		return "longer than max";
	if (n && (p[0] == ' ' || p[n - 1] == ' '))
		return "leading or trailing space";
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t need;
		uint32_t v;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return "C0 control or DEL";
			if (c == '|')
				return "pipe";
			if (c == ' ' && i + 1 < n && p[i + 1] == ' ')
				return "two spaces";
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { need = 2; v = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { need = 3; v = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { need = 4; v = c & 0x07; }
		else return "invalid lead byte";
		if (i + need > n)
			return "truncated sequence";
		for (size_t k = 1; k < need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return "bad continuation";
			v = (v << 6) | (p[i + k] & 0x3f);
		}
		if ((need == 2 && v < 0x80) || (need == 3 && v < 0x800) || (need == 4 && v < 0x10000))
			return "overlong";
		if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return "surrogate or out of range";
		if (v >= 0x80 && v <= 0x9f)
			return "C1 control";
		if (v == 0x2028 || v == 0x2029)
			return "line or paragraph separator";
		i += need;
	}
	return NULL;
}

/* The checker itself must be able to say no, or the property test proves
 * nothing. */
START_TEST(test_checker_detects_problems)
{
	static const char *const bad[] = {
		"a|b", "a\nb", " a", "a ", "a  b", "\xc2\x85", "\xe2\x80\xa8", "\xff",
		"\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\x7f",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		ck_assert_msg(output_problem(bad[i], strlen(bad[i]), 0) != NULL,
		              "checker accepted bad[%zu]", i);
	ck_assert_ptr_nonnull(output_problem("abcd", 4, 3));
	ck_assert_ptr_null(output_problem("a b\xc2\xa6\xef\xbf\xbd", 8, 8));
}
END_TEST

START_TEST(test_random_bytes_always_safe)
{
	static const unsigned char alphabet[] = {
		'a', 'b', ' ', '|', '\n', '\r', '\t', 0, 0x7f, 0x80, 0x85, 0xa0, 0xa6, 0xbf,
		0xc0, 0xc2, 0xc3, 0xe2, 0x80, 0xa8, 0xed, 0xa0, 0xef, 0xbf, 0xbd, 0xf0, 0x9f,
		0xf4, 0x8f, 0xf5, 0xff,
	};
	static const size_t maxes[] = { 0, 1, 2, 3, 4, 5, 7, 8, 16, 40 };
	unsigned char buf[64];

	rng_state = 0x9e3779b9u;
	for (int round = 0; round < 20000; round++) {
		size_t len = rng() % sizeof buf;
		for (size_t i = 0; i < len; i++)
			buf[i] = (rng() & 3) ? alphabet[rng() % sizeof alphabet] : (unsigned char)rng();
		size_t max = maxes[rng() % ARRAY_LEN(maxes)];
		char *got = sanitize_dup((const char *)buf, len, max);
		size_t n = strlen(got);
		const char *why = output_problem(got, n, max);
		if (why) {
			const char *ein = ut_escape((const char *)buf, len), *eg = ut_escape(got, n);
			free(got);
			ck_abort_msg("round %d, max %zu: %s: in \"%s\" out \"%s\"", round, max, why, ein, eg);
		}
		/* Truncation never loses more than needed: an uncut result is
		 * never longer than max, a cut one ends with the ellipsis. */
		char *full = sanitize_dup((const char *)buf, len, 0);
		bool cut = max && strlen(full) > max;
		bool ellipsis_ok = !cut || max < 3 || (n >= 3 && memcmp(got + n - 3, MORE, 3) == 0);
		bool unchanged_ok = cut || strcmp(got, full) == 0;
		free(full);
		free(got);
		ck_assert_msg(ellipsis_ok, "round %d: cut result does not end with an ellipsis", round);
		ck_assert_msg(unchanged_ok, "round %d: text that fits was changed", round);
	}
}
END_TEST

START_TEST(test_clean_text_unchanged)
{
	static const char *const clean[] = {
		"Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out",
		"Cyclic replication check", "\xe6\xba\x90\xe6\x95\xb0\xe6\x8d\xae\xe6\xba\x90", "a b c",
	};
	for (size_t i = 0; i < ARRAY_LEN(clean); i++) {
		char *got = sanitize_dup(clean[i], strlen(clean[i]), 0);
		ASSERT_STR(got, clean[i]);
		free(got);
	}
}
END_TEST

static Suite *sanitize_suite(void)
{
	Suite *s = suite_create("sanitize");
	TCase *tc = tcase_create("characters");
	tcase_add_loop_test(tc, test_table, 0, (int)ARRAY_LEN(cases));
	tcase_add_test(tc, test_clean_text_unchanged);
	tcase_add_test(tc, test_len_is_respected);
	tcase_add_test(tc, test_null_input);
	suite_add_tcase(s, tc);

	tc = tcase_create("truncation");
	tcase_add_loop_test(tc, test_truncation_table, 0, (int)ARRAY_LEN(trunc_cases));
	tcase_add_test(tc, test_max_zero_is_unlimited);
	tcase_add_test(tc, test_long_text_cut_to_budget);
	suite_add_tcase(s, tc);

	tc = tcase_create("append");
	tcase_add_test(tc, test_append_to_existing_buffer);
	tcase_add_test(tc, test_append_budget_counts_only_appended_text);
	tcase_add_test(tc, test_append_keeps_prefix_spaces);
	suite_add_tcase(s, tc);

	tc = tcase_create("property");
	tcase_add_test(tc, test_checker_detects_problems);
	tcase_add_test(tc, test_random_bytes_always_safe);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sanitize_suite)
