/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sign.c - AccessKey signatures against vectors computed outside the
 * code (printf '%s' STRING | sha256sum), and the one redaction routine. */
#include "config.h"
#include "json.h"
#include "redact.h"
#include "sign.h"
#include "unit.h"

static const struct {
	const char *path, *secret;
	time_t t;
	const char *timestamp, *signature;
} vectors[] = {
	/* the worked example of authentication.md */
	{ "/openapi/v1/replication/precheck/status", "test-secret-key", 1717146933,
	  "2024-05-31T09:15:33Z", "85fdcc3529b3f0219c55561c6d907a5ae713c69bd9bbebda865a6607b6e5dda1" },
	/* separators inside the secret are signed as they are */
	{ "/openapi/v1/replication/status", "s3cr3t/&key", 946684799,
	  "1999-12-31T23:59:59Z", "e3bd608f6d7fbfcbdb3eb9cb5f2756d4978b3e9b6dfe6bf6cbce3ac96cab4fd9" },
	{ "/openapi/now", "x", 0,
	  "1970-01-01T00:00:00Z", "d794d6d6bacd72f8a2f20bba5fa8bc7d67e227e3d03240d6c9d51c66de4735c5" },
};

START_TEST(test_vectors)
{
	sign_headers h;
	ck_assert_int_eq(sign_request(vectors[_i].path, vectors[_i].secret, vectors[_i].t, &h), 0);
	ASSERT_STR(h.timestamp, vectors[_i].timestamp);
	ASSERT_STR(h.signature, vectors[_i].signature);
}
END_TEST

START_TEST(test_timestamp_format)
{
	char ts[SIGN_TIMESTAMP_LEN + 1];
	ck_assert_int_eq(sign_timestamp(1717146933, ts), 0);
	ASSERT_STR(ts, "2024-05-31T09:15:33Z");
	ck_assert_uint_eq(strlen(ts), SIGN_TIMESTAMP_LEN);
	/* single digits are zero-padded, the zone is always Z */
	ck_assert_int_eq(sign_timestamp(1704074645, ts), 0);
	ASSERT_STR(ts, "2024-01-01T02:04:05Z");
}
END_TEST

START_TEST(test_string_shown)
{
	char *s = sign_string_shown("/openapi/v1/replication/precheck/status", "2024-05-31T09:15:33Z");
	ASSERT_STR(s, "/openapi/v1/replication/precheck/status/<secret>&2024-05-31T09:15:33Z");
	free(s);
}
END_TEST

START_TEST(test_sign_path)
{
	ASSERT_STR(sign_path("/nd/openapi/v1/x", "/nd"), "/openapi/v1/x");
	ASSERT_STR(sign_path("/gw/nd/openapi/v1/x", "/gw/nd"), "/openapi/v1/x");
	ASSERT_STR(sign_path("/openapi/v1/x", ""), "/openapi/v1/x");
	ASSERT_STR(sign_path("/openapi/v1/x", NULL), "/openapi/v1/x");
	/* a redirect out of the prefix is signed as it is */
	ASSERT_STR(sign_path("/other/openapi/v1/x", "/nd"), "/other/openapi/v1/x");
	/* "/ndx" does not start with the prefix "/nd" as a path */
	ASSERT_STR(sign_path("/ndx/openapi", "/nd"), "/ndx/openapi");
}
END_TEST

static const char *redacted(const char *s, const char *const *secrets, size_t n)
{
	static char out[512];
	strbuf b = STRBUF_INIT;
	if (redact_append(&b, s, strlen(s), secrets, n))
		snprintf(out, sizeof out, "%s", b.data);
	else
		snprintf(out, sizeof out, "(unchanged)");
	strbuf_free(&b);
	return out;
}

START_TEST(test_redact)
{
	static const char *const secrets[] = { "s3cr3t", "s3cr3t-longer", "abc" };
	ASSERT_STR(redacted("nothing here", secrets, 3), "(unchanged)");
	ASSERT_STR(redacted("key s3cr3t!", secrets, 3), "key <redacted>!");
	/* the longest match wins, and every occurrence goes */
	ASSERT_STR(redacted("s3cr3t-longer s3cr3ts3cr3t", secrets, 3),
	           "<redacted> <redacted><redacted>");
	/* values shorter than REDACT_MIN_LEN would match ordinary words */
	ASSERT_STR(redacted("abc", secrets, 3), "(unchanged)");
	ASSERT_STR(redacted("s3cr3t", secrets, 0), "(unchanged)");
}
END_TEST

/* GET /openapi/now has no documented shape: the likely ones are read. */
static const struct {
	const char *body;
	time_t want;    /* -1: no time in it */
} clock_bodies[] = {
	{ "1717146933", 1717146933 },
	{ "1717146933123", 1717146933 },
	{ "\"2024-05-31T09:15:33Z\"", 1717146933 },
	{ "{\"success\":true,\"data\":1717146933000}", 1717146933 },
	{ "{\"success\":true,\"data\":\"2024-05-31 09:15:33\"}", 1717146933 },
	{ "{\"success\":true,\"data\":{\"now\":\"2024-05-31T09:15:33.250Z\"}}", 1717146933 },
	{ "{\"timestamp\":\"1717146933\"}", 1717146933 },
	{ "{\"success\":true,\"data\":null}", -1 },
	{ "{\"success\":true,\"data\":\"soon\"}", -1 },
	{ "-5", -1 },
	{ "<html>now</html>", -1 },
	{ "", -1 },
};

START_TEST(test_server_time)
{
	time_t t = -1;
	const char *b = clock_bodies[_i].body;
	bool found = json_server_time(b, strlen(b), &t);
	if (clock_bodies[_i].want == -1) {
		ck_assert_msg(!found, "found a time in %s", b);
	} else {
		ck_assert_msg(found, "no time found in %s", b);
		ck_assert_int_eq((long long)t, (long long)clock_bodies[_i].want);
	}
}
END_TEST

static Suite *sign_suite(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("sign");
	tcase_add_loop_test(tc, test_vectors, 0, (int)(sizeof vectors / sizeof vectors[0]));
	tcase_add_test(tc, test_timestamp_format);
	tcase_add_test(tc, test_string_shown);
	tcase_add_test(tc, test_sign_path);
	tcase_add_test(tc, test_redact);
	suite_add_tcase(s, tc);
	tc = tcase_create("service clock");
	tcase_add_loop_test(tc, test_server_time, 0, (int)(sizeof clock_bodies / sizeof clock_bodies[0]));
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sign_suite)
