/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unit.h - shared helpers for the Check unit tests.
 *
 * Every program includes this once. The helpers are static inline so that a
 * program which does not use one of them still builds with -Werror. */
#ifndef PRECHECK_UNIT_H
#define PRECHECK_UNIT_H

#include <check.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A printable, single-line rendering of len bytes (C escapes for anything
 * outside printable ASCII), so failure messages never break the TAP line.
 * The result lives in one of a few static buffers: nothing to free, so a
 * failing assertion leaks nothing under valgrind. Long texts are cut. */
/* printf into one of eight rotating buffers, for building arguments and
 * expected strings inline. */
static inline char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static inline char *fmt(const char *f, ...)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next++ % 8];
	va_list ap;
	va_start(ap, f);
	vsnprintf(b, 1024, f, ap);
	va_end(ap);
	return b;
}

/* Writes a file into dir with the given mode; returns its path (one of
 * four rotating buffers). */
static inline const char *ut_write_file(const char *dir, const char *name, const char *text,
                                        size_t len, mode_t mode)
{
	static char paths[4][512];
	static int next;
	char *path = paths[next++ % 4];
	snprintf(path, 512, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot create %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

static inline const char *ut_escape(const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	static char ring[8][16384];
	static unsigned next;
	char *out = ring[next++ % 8];
	size_t o = 0, room = sizeof ring[0] - 8;

	if (!s)
		return "(null)";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (o + 4 > room) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c >= 0x20 && c < 0x7f) {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/* Exact string comparison with an escaped, one-line failure report. */
#define ASSERT_STR(got, want) do { \
	const char *ut_g_ = (got), *ut_w_ = (want); \
	if (!ut_g_ || strcmp(ut_g_, ut_w_) != 0) { \
		const char *ut_eg_ = ut_escape(ut_g_, ut_g_ ? strlen(ut_g_) : 0); \
		const char *ut_ew_ = ut_escape(ut_w_, strlen(ut_w_)); \
		ck_abort_msg("%s: got \"%s\", want \"%s\"", #got, ut_eg_, ut_ew_); \
	} \
} while (0)

/* Exact byte comparison of a (pointer, length) pair; the arguments may be
 * written with LIT(). */
#define ASSERT_MEM(...) ASSERT_MEM4(__VA_ARGS__)
#define ASSERT_MEM4(gptr, glen, wptr, wlen) do { \
	const char *ut_g_ = (gptr), *ut_w_ = (wptr); \
	size_t ut_gl_ = (glen), ut_wl_ = (wlen); \
	if (!ut_g_ || ut_gl_ != ut_wl_ || memcmp(ut_g_, ut_w_, ut_wl_) != 0) { \
		const char *ut_eg_ = ut_escape(ut_g_, ut_g_ ? ut_gl_ : 0); \
		const char *ut_ew_ = ut_escape(ut_w_, ut_wl_); \
		ck_abort_msg("%s: got \"%s\" (%zu bytes), want \"%s\" (%zu bytes)", \
		             #gptr, ut_eg_, ut_gl_, ut_ew_, ut_wl_); \
	} \
} while (0)

/* A string literal as (pointer, length), NUL bytes included. */
#define LIT(s) (s), (sizeof(s) - 1)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The example response of the API documentation, verbatim. */
#define DOC_EXAMPLE_JSON \
"{\n" \
"  \"success\": true,\n" \
"  \"requestId\": \"Tv8j8OCQ-JPQIeDXnIMNi2TEdLNx0HDG\",\n" \
"  \"data\": {\n" \
"    \"replicationId\": \"rp-div0qqpbffio\",\n" \
"    \"precheckStatus\": \"failure\",\n" \
"    \"items\": [\n" \
"      {\n" \
"        \"itemId\": \"replBidirectionLoopExistCheck\",\n" \
"        \"itemName\": \"Cyclic replication check\",\n" \
"        \"itemDescription\": \"Check for replication loops\",\n" \
"        \"status\": \"success\",\n" \
"        \"message\": \"\"\n" \
"      },\n" \
"      {\n" \
"        \"itemId\": \"srcDataSourceCheck\",\n" \
"        \"itemName\": \"Source datasource connection check\",\n" \
"        \"itemDescription\": \"Check the status of the gateway of the source datasource, database connectable, and verify the username and password\",\n" \
"        \"status\": \"failure\",\n" \
"        \"message\": \"Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out\"\n" \
"      }\n" \
"    ]\n" \
"  }\n" \
"}\n"

#define DOC_EXAMPLE_MESSAGE \
	"Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out"

/* main(): TAP on standard output, one line per test, non-zero exit status
 * when any test failed. */
#define UNIT_MAIN(make_suite) \
int main(void) \
{ \
	SRunner *sr; \
	int failed; \
	setvbuf(stdout, NULL, _IOLBF, 0); \
	sr = srunner_create(make_suite()); \
	srunner_set_tap(sr, "-"); \
	srunner_run_all(sr, CK_SILENT); \
	failed = srunner_ntests_failed(sr); \
	srunner_free(sr); \
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE; \
}

#endif
