/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_parse.c - JSON bytes to precheck_response: shape, types, errors,
 * incremental feeding. */
#include "config.h"
#include "parse.h"
#include "strbuf.h"
#include "unit.h"

#include <malloc.h>
#include <time.h>

#define ASSERT_TEXT(t, want) ASSERT_MEM((t).ptr, (t).len, LIT(want))
#define ASSERT_ABSENT(t) do { \
	ck_assert_msg((t).ptr == NULL, "%s should be absent", #t); \
	ck_assert_uint_eq((t).len, 0); \
} while (0)

static char err[256];

static void assert_chunking_irrelevant(const char *body, size_t len);

/* One-shot parse that must succeed. */
static void parse_ok(const char *json, precheck_response *r)
{
	parse_status st = parse_response(json, strlen(json), r, err, sizeof err);
	ck_assert_msg(st == PARSE_OK, "parse failed (%d): %s", (int)st, err);
}

/* One-shot parse that must fail with exactly this status and reason. */
static void parse_fails(const char *json, size_t len, parse_status want, const char *why)
{
	precheck_response r;
	memset(&r, 0x5a, sizeof r);
	parse_status st = parse_response(json, len, &r, err, sizeof err);
	if (st == PARSE_OK)
		response_free(&r);
	ck_assert_msg(st == want, "\"%s\": status %d, want %d (err \"%s\")",
	              ut_escape(json, len > 80 ? 80 : len), (int)st, (int)want, err);
	ASSERT_STR(err, why);
	/* A failed parse leaves nothing to free. */
	ck_assert_ptr_null(r.items);
	ck_assert_ptr_null(r.owner_);
	ck_assert_uint_eq(r.n_items, 0);
	response_free(&r);
}

/* ---- the documented example ---- */

START_TEST(test_doc_example_fields)
{
	precheck_response r;
	parse_ok(DOC_EXAMPLE_JSON, &r);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	ASSERT_TEXT(r.env.request_id, "Tv8j8OCQ-JPQIeDXnIMNi2TEdLNx0HDG");
	ASSERT_ABSENT(r.env.message);
	ck_assert(r.has_data);
	ASSERT_TEXT(r.replication_id, "rp-div0qqpbffio");
	ASSERT_TEXT(r.precheck_status, "failure");
	ck_assert(r.has_items);
	ck_assert_uint_eq(r.n_items, 2);

	ASSERT_TEXT(r.items[0].id, "replBidirectionLoopExistCheck");
	ASSERT_TEXT(r.items[0].name, "Cyclic replication check");
	ASSERT_TEXT(r.items[0].description, "Check for replication loops");
	ASSERT_TEXT(r.items[0].status, "success");
	ASSERT_TEXT(r.items[0].message, "");
	ck_assert_ptr_nonnull(r.items[0].message.ptr);   /* "" is present, not absent */

	ASSERT_TEXT(r.items[1].id, "srcDataSourceCheck");
	ASSERT_TEXT(r.items[1].name, "Source datasource connection check");
	ASSERT_TEXT(r.items[1].description,
	            "Check the status of the gateway of the source datasource, database "
	            "connectable, and verify the username and password");
	ASSERT_TEXT(r.items[1].status, "failure");
	ASSERT_TEXT(r.items[1].message, DOC_EXAMPLE_MESSAGE);
	response_free(&r);
	ck_assert_ptr_null(r.items);
	ck_assert_ptr_null(r.owner_);
}
END_TEST

START_TEST(test_failed_request)
{
	precheck_response r;
	parse_ok("{ \"success\": false, \"requestId\": \"req-1\", "
	         "\"message\": \"replication rp-xxx not found\" }", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_FALSE);
	ASSERT_TEXT(r.env.request_id, "req-1");
	ASSERT_TEXT(r.env.message, "replication rp-xxx not found");
	ck_assert(!r.has_data);
	ck_assert(!r.has_items);
	ck_assert_uint_eq(r.n_items, 0);
	ASSERT_ABSENT(r.replication_id);
	ASSERT_ABSENT(r.precheck_status);
	response_free(&r);
}
END_TEST

START_TEST(test_success_missing)
{
	precheck_response r;
	parse_ok("{\"data\":{\"precheckStatus\":\"success\"}}", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_ABSENT);
	ck_assert(r.has_data);
	ASSERT_TEXT(r.precheck_status, "success");
	response_free(&r);
}
END_TEST

START_TEST(test_data_null_and_missing)
{
	precheck_response r;
	parse_ok("{\"success\":true,\"data\":null}", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	ck_assert(!r.has_data);
	response_free(&r);
	parse_ok("{\"success\":true}", &r);
	ck_assert(!r.has_data);
	ck_assert(!r.has_items);
	response_free(&r);
}
END_TEST

START_TEST(test_items_missing_null_empty)
{
	precheck_response r;
	parse_ok("{\"success\":true,\"data\":{\"precheckStatus\":\"success\"}}", &r);
	ck_assert(r.has_data);
	ck_assert(!r.has_items);
	ck_assert_uint_eq(r.n_items, 0);
	response_free(&r);

	parse_ok("{\"success\":true,\"data\":{\"precheckStatus\":\"success\",\"items\":null}}", &r);
	ck_assert(!r.has_items);
	ck_assert_uint_eq(r.n_items, 0);
	response_free(&r);

	parse_ok("{\"success\":true,\"data\":{\"precheckStatus\":\"success\",\"items\":[]}}", &r);
	ck_assert(r.has_items);
	ck_assert_uint_eq(r.n_items, 0);
	response_free(&r);
}
END_TEST

START_TEST(test_null_in_every_string_field)
{
	precheck_response r;
	parse_ok("{\"success\":null,\"requestId\":null,\"message\":null,"
	         "\"data\":{\"replicationId\":null,\"precheckStatus\":null,"
	         "\"items\":[{\"itemId\":null,\"itemName\":null,\"itemDescription\":null,"
	         "\"status\":null,\"message\":null}]}}", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_ABSENT);
	ASSERT_ABSENT(r.env.request_id);
	ASSERT_ABSENT(r.env.message);
	ck_assert(r.has_data);
	ASSERT_ABSENT(r.replication_id);
	ASSERT_ABSENT(r.precheck_status);
	ck_assert(r.has_items);
	ck_assert_uint_eq(r.n_items, 1);
	ASSERT_ABSENT(r.items[0].id);
	ASSERT_ABSENT(r.items[0].name);
	ASSERT_ABSENT(r.items[0].description);
	ASSERT_ABSENT(r.items[0].status);
	ASSERT_ABSENT(r.items[0].message);
	response_free(&r);
}
END_TEST

START_TEST(test_missing_item_fields_absent)
{
	precheck_response r;
	parse_ok("{\"success\":true,\"data\":{\"items\":[{},{\"status\":\"warning\"}]}}", &r);
	ck_assert_uint_eq(r.n_items, 2);
	ASSERT_ABSENT(r.items[0].id);
	ASSERT_ABSENT(r.items[0].status);
	ASSERT_ABSENT(r.items[1].id);
	ASSERT_TEXT(r.items[1].status, "warning");
	ASSERT_ABSENT(r.precheck_status);
	response_free(&r);
}
END_TEST

START_TEST(test_empty_strings_are_present)
{
	precheck_response r;
	parse_ok("{\"success\":true,\"requestId\":\"\",\"message\":\"\","
	         "\"data\":{\"replicationId\":\"\",\"precheckStatus\":\"\"}}", &r);
	ck_assert_ptr_nonnull(r.env.request_id.ptr);
	ASSERT_TEXT(r.env.request_id, "");
	ASSERT_TEXT(r.env.message, "");
	ASSERT_TEXT(r.replication_id, "");
	ASSERT_TEXT(r.precheck_status, "");
	response_free(&r);
}
END_TEST

START_TEST(test_unknown_fields_ignored)
{
	precheck_response r;
	parse_ok("{\"success\":true,\"code\":200,\"extra\":{\"deep\":[1,{\"x\":null}]},"
	         "\"data\":{\"replicationId\":\"rp-1\",\"progress\":55,\"precheckStatus\":\"warning\","
	         "\"items\":[{\"itemId\":\"a\",\"severity\":[\"x\"],\"status\":\"warning\","
	         "\"retryable\":true}],\"owner\":{\"name\":1}},\"trace\":[]}", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	ASSERT_TEXT(r.replication_id, "rp-1");
	ASSERT_TEXT(r.precheck_status, "warning");
	ck_assert_uint_eq(r.n_items, 1);
	ASSERT_TEXT(r.items[0].id, "a");
	ASSERT_TEXT(r.items[0].status, "warning");
	response_free(&r);
}
END_TEST

START_TEST(test_duplicate_keys_last_wins)
{
	precheck_response r;
	parse_ok("{\"success\":false,\"success\":true,\"requestId\":\"first\",\"requestId\":\"second\","
	         "\"data\":{\"precheckStatus\":\"failure\",\"precheckStatus\":\"success\","
	         "\"items\":[{\"status\":\"a\",\"status\":\"b\"}]}}", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	ASSERT_TEXT(r.env.request_id, "second");
	ASSERT_TEXT(r.precheck_status, "success");
	ASSERT_TEXT(r.items[0].status, "b");
	response_free(&r);
}
END_TEST

START_TEST(test_duplicate_key_type_of_last_counts)
{
	/* The earlier valid value must not hide a later wrong type. */
	parse_fails(LIT("{\"success\":true,\"success\":\"yes\"}"), PARSE_SHAPE,
	            "'success' is string, not a boolean");
}
END_TEST

START_TEST(test_nul_inside_strings)
{
	precheck_response r;
	parse_ok("{\"success\":true,\"message\":\"a\\u0000b\","
	         "\"data\":{\"precheckStatus\":\"success\\u0000x\","
	         "\"items\":[{\"itemId\":\"\\u0000\",\"message\":\"x\\u0000\\u0000y\"}]}}", &r);
	ASSERT_MEM(r.env.message.ptr, r.env.message.len, LIT("a\0b"));
	ASSERT_MEM(r.precheck_status.ptr, r.precheck_status.len, LIT("success\0x"));
	ASSERT_MEM(r.items[0].id.ptr, r.items[0].id.len, LIT("\0"));
	ASSERT_MEM(r.items[0].message.ptr, r.items[0].message.len, LIT("x\0\0y"));
	response_free(&r);
}
END_TEST

START_TEST(test_escapes_and_raw_utf8)
{
	precheck_response r;
	parse_ok("{\"message\":\"\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\t|\\n\","
	         "\"requestId\":\"\xe6\xba\x90 \xff\xfe\"}", &r);
	ASSERT_TEXT(r.env.message, "\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ / \t|\n");
	/* Valid UTF-8 as it is; each invalid byte reads as U+FFFD, which is
	 * what sanitize would print for it. */
	ASSERT_TEXT(r.env.request_id, "\xe6\xba\x90 \xef\xbf\xbd\xef\xbf\xbd");
	response_free(&r);
}
END_TEST

/* ---- the parse policy: the same on every json-c version ---- */

#define FFFD "\xef\xbf\xbd"

/* Raw bytes in the "message" of a failed request, as some gateways send
 * them; want is what the parser must hand on. */
static const struct {
	const char *raw;
	size_t len;
	const char *want;
	size_t want_len;
} tolerated[] = {
	{ LIT("bell\x07 esc\x1b[31m tab\t nl\n cr\r us\x1f"), LIT("bell\x07 esc\x1b[31m tab\t nl\n cr\r us\x1f") },
	{ LIT("nul\0byte"), LIT("nul\0byte") },
	{ LIT("del\x7f"), LIT("del\x7f") },
	{ LIT("\xc3\xa9t\xc3\xa9 \xe6\xba\x90 \xf0\x9f\x98\x80 \xef\xbb\xbf \xf4\x8f\xbf\xbf"),
	  LIT("\xc3\xa9t\xc3\xa9 \xe6\xba\x90 \xf0\x9f\x98\x80 \xef\xbb\xbf \xf4\x8f\xbf\xbf") },
	{ LIT("\xff\xfe"), LIT(FFFD FFFD) },
	{ LIT("lone \x80 continuation"), LIT("lone " FFFD " continuation") },
	{ LIT("cut \xe6\xba"), LIT("cut " FFFD FFFD) },
	{ LIT("cut \xe6\xba by a control \xf0\x9f\x98\x01"), LIT("cut " FFFD FFFD " by a control " FFFD FFFD FFFD "\x01") },
	{ LIT("cut by an escape \xc3\\u00e9"), LIT("cut by an escape " FFFD "\xc3\xa9") },
	{ LIT("overlong \xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf"), LIT("overlong " FFFD FFFD " " FFFD FFFD FFFD " " FFFD FFFD FFFD FFFD) },
	{ LIT("surrogate \xed\xa0\x80"), LIT("surrogate " FFFD FFFD FFFD) },
	{ LIT("too big \xf4\x90\x80\x80 \xf5\x80"), LIT("too big " FFFD FFFD FFFD FFFD " " FFFD FFFD) },
	{ LIT("\xe6\xba\x90\xe6"), LIT("\xe6\xba\x90" FFFD) },
};

static char *failed_request(const char *raw, size_t len, size_t *out_len)
{
	static const char head[] = "{\"success\":false,\"message\":\"", tail[] = "\"}";
	char *body = malloc(sizeof head + len + sizeof tail);
	ck_assert_ptr_nonnull(body);
	memcpy(body, head, sizeof head - 1);
	memcpy(body + sizeof head - 1, raw, len);
	memcpy(body + sizeof head - 1 + len, tail, sizeof tail);
	*out_len = sizeof head - 1 + len + sizeof tail - 1;
	return body;
}

START_TEST(test_raw_bytes_in_strings_tolerated)
{
	size_t len;
	char *body = failed_request(tolerated[_i].raw, tolerated[_i].len, &len);
	precheck_response r;
	parse_status st = parse_response(body, len, &r, err, sizeof err);
	ck_assert_msg(st == PARSE_OK, "\"%s\": %d (%s)", ut_escape(body, len), (int)st, err);
	ck_assert_int_eq(r.env.success, TRISTATE_FALSE);
	ASSERT_MEM(r.env.message.ptr, r.env.message.len, tolerated[_i].want, tolerated[_i].want_len);
	response_free(&r);
	/* However the network splits it, multibyte sequences included. */
	assert_chunking_irrelevant(body, len);
	free(body);
}
END_TEST

START_TEST(test_raw_bytes_in_keys_and_items)
{
	precheck_response r;
	parse_ok("{\"success\":true,\"x\x01\xff\":\"\x02\",\"data\":{\"precheckStatus\":\"failure\","
	         "\"items\":[{\"itemId\":\"id\xc3\xa9\",\"status\":\"failure\","
	         "\"message\":\"line1\nline2\t\xe2\x80\xa8|\xfe\"}]}}", &r);
	ASSERT_TEXT(r.items[0].id, "id\xc3\xa9");
	ASSERT_TEXT(r.items[0].message, "line1\nline2\t\xe2\x80\xa8|" FFFD);
	response_free(&r);
}
END_TEST

START_TEST(test_integers_beyond_64_bits)
{
	/* json-c 0.16 clamps them, 0.18 rejects them: accepted everywhere, and
	 * still an int where the type is checked. */
	precheck_response r;
	parse_ok("{\"success\":true,\"n\":123456789012345678901234567890,\"m\":-99999999999999999999,"
	         "\"k\":[18446744073709551616,-9223372036854775809,18446744073709551615,-9223372036854775808],"
	         "\"data\":{\"precheckStatus\":\"success\"}}", &r);
	ASSERT_TEXT(r.precheck_status, "success");
	response_free(&r);
	parse_fails(LIT("{\"success\":123456789012345678901234567890}"), PARSE_SHAPE,
	            "'success' is int, not a boolean");
	parse_fails(LIT("{\"success\":true,\"message\":-123456789012345678901234567890}"), PARSE_SHAPE,
	            "'message' is int, not a string");
	parse_fails(LIT("{\"success\":true,\"data\":{\"items\":[{\"status\":1e999}]}}"), PARSE_SHAPE,
	            "'data.items[0].status' is double, not a string");
	assert_chunking_irrelevant(LIT("{\"success\":true,\"n\":123456789012345678901234567890}"));
}
END_TEST

START_TEST(test_json_c_quirks_everywhere)
{
	/* Not JSON, but json-c's strict mode takes them on every version; the
	 * doc/output.md says so. Should one stop doing so, this fails on that system. */
	precheck_response r;
	parse_ok("{'success':true,\"n\":[NaN,Infinity,-Infinity,1.],"
	         "\"data\":{\"precheckStatus\":\"success\"}}", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	ASSERT_TEXT(r.precheck_status, "success");
	response_free(&r);
	/* Inside a single-quoted key a double quote is a plain character. */
	parse_ok("{'a\"b':1,\"success\":false}", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_FALSE);
	response_free(&r);
	assert_chunking_irrelevant(LIT("{'success':true,\"n\":[NaN,-Infinity,1.]}"));
}
END_TEST

/* Still rejected, with the same reason on every json-c version. */
static const struct {
	const char *body;
	size_t len;
	const char *err;
} strict_cases[] = {
	{ LIT("{\"success\":true,}"), "unexpected character" },
	{ LIT("{\"success\":true,\"data\":{\"items\":[{},]}}"), "unexpected character" },
	{ LIT("/* c */ {\"success\":true}"), "unexpected character" },
	{ LIT("{\"success\":true} // c"), "unexpected character" },
	{ LIT("{\"success\":true /* c */}"), "object value separator ',' expected" },
	{ LIT("{\"success\":true} x"), "unexpected character" },
	{ LIT("{\"success\":true}\x01"), "unexpected character" },
	{ LIT("{\x01\"success\":true}"), "quoted object property name expected" },
	{ LIT("{\"success\":\xc3\xa9}"), "unexpected character" },
	{ LIT("{\"success\":true,\"message\":\"\\\x01\"}"), "invalid string sequence" },
	{ LIT("{\"success\":true,\"message\":\"\\q\"}"), "invalid string sequence" },
	{ LIT("{\"success\":true,\"message\":\"\\u00\x01e\"}"), "invalid string sequence" },
	{ LIT("{\"success\":true,\"message\":'x'}"), "unexpected character" },
	{ LIT("{\"success\":true,\"n\":01}"), "number expected" },
	{ LIT("{\"success\":true,\"n\":000123456789012345678901234567890}"), "number expected" },
	{ LIT("{\"success\":true,\"n\":+1}"), "unexpected character" },
	{ LIT("{\"success\":TRUE}"), "boolean expected" },
};

START_TEST(test_strict_everywhere_else)
{
	parse_fails(strict_cases[_i].body, strict_cases[_i].len, PARSE_SYNTAX, strict_cases[_i].err);
	assert_chunking_irrelevant(strict_cases[_i].body, strict_cases[_i].len);
}
END_TEST

START_TEST(test_many_items)
{
	size_t n = 500;
	char *json = malloc(n * 64 + 100);
	ck_assert_ptr_nonnull(json);
	char *p = json + sprintf(json, "{\"success\":true,\"data\":{\"items\":[");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s{\"itemId\":\"item%zu\",\"status\":\"success\"}", i ? "," : "", i);
	strcpy(p, "]}}");
	precheck_response r;
	parse_ok(json, &r);
	ck_assert_uint_eq(r.n_items, n);
	ASSERT_TEXT(r.items[0].id, "item0");
	ASSERT_TEXT(r.items[499].id, "item499");
	ASSERT_TEXT(r.items[250].status, "success");
	response_free(&r);
	free(json);
}
END_TEST

START_TEST(test_response_outlives_parser)
{
	precheck_parser *p = parser_new();
	precheck_response r;
	ck_assert_int_eq(parser_feed(p, LIT(DOC_EXAMPLE_JSON)), 0);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_OK);
	parser_free(p);
	ASSERT_TEXT(r.items[1].message, DOC_EXAMPLE_MESSAGE);
	response_free(&r);
}
END_TEST

START_TEST(test_response_free_null_and_twice)
{
	precheck_response r;
	response_free(NULL);
	parse_ok("{\"success\":true}", &r);
	response_free(&r);
	response_free(&r);
	ck_assert_ptr_null(r.owner_);
}
END_TEST

/* ---- wrong types: PARSE_SHAPE with the exact reason ---- */

static const struct {
	const char *json;
	const char *err;
} shape_cases[] = {
	{ "{\"success\":\"true\"}", "'success' is string, not a boolean" },
	{ "{\"success\":1}", "'success' is int, not a boolean" },
	{ "{\"success\":{}}", "'success' is object, not a boolean" },
	{ "{\"success\":true,\"requestId\":7}", "'requestId' is int, not a string" },
	{ "{\"success\":false,\"message\":false}", "'message' is boolean, not a string" },
	{ "{\"success\":false,\"message\":[\"a\"]}", "'message' is array, not a string" },
	{ "{\"success\":true,\"data\":[]}", "'data' is array, not an object" },
	{ "{\"success\":true,\"data\":\"none\"}", "'data' is string, not an object" },
	{ "{\"success\":true,\"data\":0}", "'data' is int, not an object" },
	{ "{\"success\":true,\"data\":{\"replicationId\":1}}", "'data.replicationId' is int, not a string" },
	{ "{\"success\":true,\"data\":{\"precheckStatus\":[]}}", "'data.precheckStatus' is array, not a string" },
	{ "{\"success\":true,\"data\":{\"precheckStatus\":true}}", "'data.precheckStatus' is boolean, not a string" },
	{ "{\"success\":true,\"data\":{\"items\":{}}}", "'data.items' is object, not an array" },
	{ "{\"success\":true,\"data\":{\"items\":\"a,b\"}}", "'data.items' is string, not an array" },
	{ "{\"success\":true,\"data\":{\"items\":[5]}}", "'data.items[0]' is int, not an object" },
	{ "{\"success\":true,\"data\":{\"items\":[{},null]}}", "'data.items[1]' is null, not an object" },
	{ "{\"success\":true,\"data\":{\"items\":[{},{},[]]}}", "'data.items[2]' is array, not an object" },
	{ "{\"success\":true,\"data\":{\"items\":[\"x\"]}}", "'data.items[0]' is string, not an object" },
	{ "{\"success\":true,\"data\":{\"items\":[{\"status\":5}]}}", "'data.items[0].status' is int, not a string" },
	{ "{\"success\":true,\"data\":{\"items\":[{\"status\":1.5}]}}", "'data.items[0].status' is double, not a string" },
	{ "{\"success\":true,\"data\":{\"items\":[{\"itemId\":true}]}}", "'data.items[0].itemId' is boolean, not a string" },
	{ "{\"success\":true,\"data\":{\"items\":[{},{\"itemName\":{}}]}}", "'data.items[1].itemName' is object, not a string" },
	{ "{\"success\":true,\"data\":{\"items\":[{\"itemDescription\":[]}]}}", "'data.items[0].itemDescription' is array, not a string" },
	{ "{\"success\":true,\"data\":{\"items\":[{\"message\":404}]}}", "'data.items[0].message' is int, not a string" },
	/* the first problem in document order is reported */
	{ "{\"success\":\"x\",\"data\":[]}", "'success' is string, not a boolean" },
	{ "[]", "response is a JSON array, not an object" },
	{ "[{\"success\":true}]", "response is a JSON array, not an object" },
	{ "12", "response is a JSON int, not an object" },
	{ "-1.5", "response is a JSON double, not an object" },
	{ "\"ok\"", "response is a JSON string, not an object" },
	{ "true", "response is a JSON boolean, not an object" },
};

START_TEST(test_shape_errors)
{
	parse_fails(shape_cases[_i].json, strlen(shape_cases[_i].json), PARSE_SHAPE,
	            shape_cases[_i].err);
}
END_TEST

START_TEST(test_toplevel_null)
{
	/* "null" is valid JSON, just not an object. */
	parse_fails(LIT("null"), PARSE_SHAPE, "response is a JSON null, not an object");
}
END_TEST

START_TEST(test_shape_error_after_valid_items_frees)
{
	/* Items already converted must be released (checked under valgrind/ASan). */
	parse_fails(LIT("{\"success\":true,\"data\":{\"items\":[{\"itemId\":\"a\"},{\"itemId\":\"b\"},"
	                "{\"itemId\":7}]}}"),
	            PARSE_SHAPE, "'data.items[2].itemId' is int, not a string");
}
END_TEST

/* ---- not JSON ---- */

static const struct {
	const char *body;
	size_t len;
	parse_status st;
	const char *err;
} syntax_cases[] = {
	{ LIT(""), PARSE_EMPTY, "empty body" },
	{ LIT(" "), PARSE_EMPTY, "body is only white space" },
	{ LIT(" \r\n\t \n"), PARSE_EMPTY, "body is only white space" },
	{ LIT("{"), PARSE_SYNTAX, "unexpected end of data" },
	{ LIT("{\"success\":"), PARSE_SYNTAX, "unexpected end of data" },
	{ LIT("{\"success\":true,\"data\":{\"items\":[{"), PARSE_SYNTAX, "unexpected end of data" },
	{ LIT("[1,2"), PARSE_SYNTAX, "unexpected end of data" },
	{ LIT("nul"), PARSE_SYNTAX, "unexpected end of data" },
	{ LIT("{\"a\" 1}"), PARSE_SYNTAX, "object property name separator ':' expected" },
	{ LIT("<html><head><title>502 Bad Gateway</title></head></html>"), PARSE_SYNTAX, "unexpected character" },
	{ LIT("\x01"), PARSE_SYNTAX, "unexpected character" },
	{ LIT("Service Unavailable"), PARSE_SYNTAX, "unexpected character" },
	/* trailing garbage */
	{ LIT("{} x"), PARSE_SYNTAX, "unexpected character" },
	{ LIT("{}}"), PARSE_SYNTAX, "unexpected character" },
	{ LIT("{} {}"), PARSE_SYNTAX, "unexpected character" },
	{ LIT("{\"success\":true}\n{\"success\":false}\n"), PARSE_SYNTAX, "unexpected character" },
	{ LIT("{\"success\":true}\0"), PARSE_SYNTAX, "unexpected character" },
	{ LIT("12 x"), PARSE_SYNTAX, "unexpected character" },
	{ LIT("[] <html>"), PARSE_SYNTAX, "unexpected character" },
};

START_TEST(test_syntax_errors)
{
	parse_fails(syntax_cases[_i].body, syntax_cases[_i].len, syntax_cases[_i].st,
	            syntax_cases[_i].err);
}
END_TEST

START_TEST(test_whitespace_around_value_ok)
{
	precheck_response r;
	parse_ok(" \r\n\t{\"success\":true}\r\n \t\n", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	response_free(&r);
}
END_TEST

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(test_deep_nesting_rejected_quickly)
{
	size_t n = 100000;
	char *deep = malloc(n);
	ck_assert_ptr_nonnull(deep);
	memset(deep, '[', n);
	double t0 = now();
	parse_fails(deep, n, PARSE_SYNTAX, "nesting too deep");
	/* Also inside a valid-looking response. */
	memcpy(deep, "{\"success\":true,\"data\":", 23);
	parse_fails(deep, n, PARSE_SYNTAX, "nesting too deep");
	double t = now() - t0;
	ck_assert_msg(t < 1.0, "took %.3f s", t);
	free(deep);
}
END_TEST

START_TEST(test_deep_nesting_byte_by_byte)
{
	precheck_parser *p = parser_new();
	precheck_response r;
	int rc = 0;
	size_t i;
	for (i = 0; i < 100000 && rc == 0; i++)
		rc = parser_feed(p, "[", 1);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(i < 1000, "the parser accepted %zu nested brackets", i);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_SYNTAX);
	ASSERT_STR(err, "nesting too deep");
	parser_free(p);
}
END_TEST

START_TEST(test_moderate_nesting_accepted)
{
	/* Unknown fields may nest a little; 40 levels is fine. */
	char json[256];
	char *p = json + sprintf(json, "{\"success\":true,\"x\":");
	for (int i = 0; i < 40; i++)
		*p++ = '[';
	for (int i = 0; i < 40; i++)
		*p++ = ']';
	strcpy(p, "}");
	precheck_response r;
	parse_ok(json, &r);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	response_free(&r);
}
END_TEST

START_TEST(test_len_is_respected)
{
	/* Bytes after len are not part of the body. */
	static const char body[] = "{\"success\":true}garbage";
	precheck_response r;
	ck_assert_int_eq(parse_response(body, 16, &r, err, sizeof err), PARSE_OK);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	response_free(&r);
}
END_TEST

START_TEST(test_small_error_buffer)
{
	precheck_response r;
	char small[8];
	ck_assert_int_eq(parse_response(LIT("{\"success\":\"x\"}"), &r, small, sizeof small), PARSE_SHAPE);
	ASSERT_STR(small, "'succes");
}
END_TEST

/* ---- incremental feeding ---- */

typedef struct {
	parse_status st;
	char err[256];
	precheck_response r;
} outcome;

static void feed_in_chunks(const char *body, size_t len, size_t chunk, outcome *o)
{
	precheck_parser *p = parser_new();
	for (size_t i = 0; i < len; i += chunk)
		parser_feed(p, body + i, len - i < chunk ? len - i : chunk);
	o->st = parser_finish(p, &o->r, o->err, sizeof o->err);
	parser_free(p);
}

/* Same text, or both absent. */
#define ASSERT_SAME_TEXT(a, b) do { \
	if ((a).ptr || (b).ptr) \
		ASSERT_MEM((a).ptr, (a).len, (b).ptr, (b).len); \
} while (0)

static void assert_same_response(const precheck_response *a, const precheck_response *b)
{
	ck_assert_int_eq(a->env.success, b->env.success);
	ck_assert_int_eq(a->has_data, b->has_data);
	ck_assert_int_eq(a->has_items, b->has_items);
	ck_assert_uint_eq(a->n_items, b->n_items);
	ASSERT_SAME_TEXT(a->env.request_id, b->env.request_id);
	ASSERT_SAME_TEXT(a->env.message, b->env.message);
	ASSERT_SAME_TEXT(a->replication_id, b->replication_id);
	ASSERT_SAME_TEXT(a->precheck_status, b->precheck_status);
	for (size_t i = 0; i < a->n_items; i++) {
		ASSERT_SAME_TEXT(a->items[i].id, b->items[i].id);
		ASSERT_SAME_TEXT(a->items[i].name, b->items[i].name);
		ASSERT_SAME_TEXT(a->items[i].description, b->items[i].description);
		ASSERT_SAME_TEXT(a->items[i].status, b->items[i].status);
		ASSERT_SAME_TEXT(a->items[i].message, b->items[i].message);
	}
}

/* Every chunk size gives the one-shot result, valid or not. */
static void assert_chunking_irrelevant(const char *body, size_t len)
{
	outcome one, part;
	one.st = parse_response(body, len, &one.r, one.err, sizeof one.err);
	for (size_t chunk = 1; chunk <= len + 1; chunk += (chunk < 8 ? 1 : 7)) {
		feed_in_chunks(body, len, chunk, &part);
		if (part.st != one.st || strcmp(part.err, one.err) != 0) {
			if (part.st == PARSE_OK)
				response_free(&part.r);
			if (one.st == PARSE_OK)
				response_free(&one.r);
			ck_abort_msg("\"%s\" in chunks of %zu: %d \"%s\", one-shot %d \"%s\"",
			             ut_escape(body, len > 60 ? 60 : len), chunk, (int)part.st, part.err,
			             (int)one.st, one.err);
		}
		if (one.st == PARSE_OK) {
			assert_same_response(&part.r, &one.r);
			response_free(&part.r);
		}
	}
	if (one.st == PARSE_OK)
		response_free(&one.r);
}

START_TEST(test_incremental_doc_example)
{
	outcome o;
	feed_in_chunks(LIT(DOC_EXAMPLE_JSON), 1, &o);
	ck_assert_int_eq(o.st, PARSE_OK);
	ck_assert_uint_eq(o.r.n_items, 2);
	ASSERT_TEXT(o.r.items[1].message, DOC_EXAMPLE_MESSAGE);
	ASSERT_TEXT(o.r.env.request_id, "Tv8j8OCQ-JPQIeDXnIMNi2TEdLNx0HDG");
	response_free(&o.r);
	assert_chunking_irrelevant(LIT(DOC_EXAMPLE_JSON));
}
END_TEST

START_TEST(test_byte_order_mark_skipped)
{
	/* Some gateways put a UTF-8 BOM before the JSON. */
	outcome o;
	static const char body[] = "\xef\xbb\xbf{\"success\":true,\"data\":{\"precheckStatus\":\"warning\"}}";
	for (size_t chunk = 1; chunk <= 4; chunk++) {
		feed_in_chunks(body, sizeof body - 1, chunk, &o);
		ck_assert_int_eq(o.st, PARSE_OK);
		ASSERT_TEXT(o.r.precheck_status, "warning");
		response_free(&o.r);
	}
	/* Only at the start: elsewhere it is not white space. */
	parse_fails(LIT("{\"success\":true}\xef\xbb\xbf"), PARSE_SYNTAX, "unexpected character");
}
END_TEST

static const struct {
	const char *body;
	size_t len;
} chunk_cases[] = {
	{ LIT("{\"success\":false,\"message\":\"x\\u0000y\"}") },
	{ LIT("  {\"success\":true}  \n") },
	{ LIT("12") },
	{ LIT("12 ") },
	{ LIT("-0.5e3") },
	{ LIT("[]") },
	{ LIT("") },
	{ LIT("   ") },
	{ LIT("{") },
	{ LIT("{} x") },
	{ LIT("{}\n\n}") },
	{ LIT("12 x") },
	{ LIT("\"abc\" \"def\"") },
	{ LIT("{\"success\":\"yes\"}") },
	{ LIT("<html>") },
	{ LIT("{\"success\":true}\0") },
	/* not RFC 8259 JSON, whichever way it arrives */
	{ LIT("{\"a\":1,}") },
	{ LIT("[1,]") },
	{ LIT("/* c */ {}") },
	{ LIT("{\"a\":01}") },
	{ LIT("{\"a\":-}") },
	{ LIT("{\"a\":1e}") },
	{ LIT("{\"a\":tru}") },
	/* numbers split across reads */
	{ LIT("{\"success\":true,\"n\":-12.5e+3,\"data\":{\"precheckStatus\":\"success\"}}") },
	{ LIT("{\"success\":true,\"n\":1-2,\"data\":{\"precheckStatus\":\"success\"}}") },
	{ LIT("1-") },
	{ LIT("{\"n\":1.2.3}") },
	{ LIT("{\"n\":--1}") },
	{ LIT("{\"n\":1e5e5}") },
	/* a UTF-8 byte order mark, however the first bytes are split */
	{ LIT("\xef\xbb\xbf{\"success\":true,\"data\":{\"precheckStatus\":\"success\"}}") },
	{ LIT("\xef\xbb\xbf") },
	{ LIT("\xef\xbb{}") },
	{ LIT("{\"n\":0x10}") },
};

START_TEST(test_incremental_matches_oneshot)
{
	assert_chunking_irrelevant(chunk_cases[_i].body, chunk_cases[_i].len);
}
END_TEST

START_TEST(test_incremental_value_after_null)
{
	/* One-shot: "unexpected character". Fed in pieces the
	 * second value must not be taken for the response. */
	assert_chunking_irrelevant(LIT("null {\"success\":true}"));
}
END_TEST

START_TEST(test_incremental_trailing_comment)
{
	/* Whatever json-c thinks of comments, the verdict may not depend on
	 * how the body was split into network reads. */
	assert_chunking_irrelevant(LIT("{\"success\":true} // trailing"));
	assert_chunking_irrelevant(LIT("{\"success\":true} /* trailing */"));
}
END_TEST

START_TEST(test_feed_return_values)
{
	precheck_parser *p = parser_new();
	ck_assert_int_eq(parser_feed(p, LIT("{\"succ")), 0);
	ck_assert_int_eq(parser_feed(p, LIT("ess\":true}")), 0);
	ck_assert_int_eq(parser_feed(p, LIT("  \n")), 0);     /* white space after: fine */
	ck_assert_int_eq(parser_feed(p, LIT("x")), -1);       /* anything else: no longer valid */
	ck_assert_int_eq(parser_feed(p, LIT(" ")), -1);       /* and stays so */
	parser_free(p);

	p = parser_new();
	ck_assert_int_eq(parser_feed(p, LIT("<html>")), -1);
	ck_assert_int_eq(parser_feed(p, LIT("{}")), -1);
	parser_free(p);
}
END_TEST

START_TEST(test_empty_feeds)
{
	precheck_parser *p = parser_new();
	precheck_response r;
	ck_assert_int_eq(parser_feed(p, "", 0), 0);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_EMPTY);
	ASSERT_STR(err, "empty body");
	parser_free(p);
}
END_TEST

START_TEST(test_reset_after_error)
{
	precheck_parser *p = parser_new();
	precheck_response r;
	ck_assert_int_eq(parser_feed(p, LIT("<html>bad gateway")), -1);
	parser_reset(p);
	ck_assert_int_eq(parser_feed(p, LIT(DOC_EXAMPLE_JSON)), 0);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_OK);
	ck_assert_uint_eq(r.n_items, 2);
	response_free(&r);
	parser_free(p);
}
END_TEST

START_TEST(test_reset_mid_document)
{
	precheck_parser *p = parser_new();
	precheck_response r;
	ck_assert_int_eq(parser_feed(p, LIT("{\"success\":false,\"data\":{\"items\":[")), 0);
	parser_reset(p);
	ck_assert_int_eq(parser_feed(p, LIT("{\"success\":true}")), 0);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_OK);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	ck_assert(!r.has_data);
	response_free(&r);
	parser_free(p);
}
END_TEST

START_TEST(test_reset_after_complete_document)
{
	/* A retry after a complete first body: the first document is dropped
	 * (no leak under valgrind) and only the second counts. */
	precheck_parser *p = parser_new();
	precheck_response r;
	ck_assert_int_eq(parser_feed(p, LIT("{\"success\":false,\"message\":\"busy\"}")), 0);
	parser_reset(p);
	ck_assert_int_eq(parser_feed(p, LIT("{\"success\":true,\"requestId\":\"2nd\"}")), 0);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_OK);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	ASSERT_TEXT(r.env.request_id, "2nd");
	ASSERT_ABSENT(r.env.message);
	response_free(&r);
	parser_free(p);
}
END_TEST

START_TEST(test_reset_after_trailing_garbage)
{
	precheck_parser *p = parser_new();
	precheck_response r;
	ck_assert_int_eq(parser_feed(p, LIT("{} trailing")), -1);
	parser_reset(p);
	ck_assert_int_eq(parser_feed(p, LIT("{\"success\":false}")), 0);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_OK);
	ck_assert_int_eq(r.env.success, TRISTATE_FALSE);
	response_free(&r);
	parser_free(p);
}
END_TEST

START_TEST(test_reset_clears_byte_count)
{
	/* After a reset nothing was received yet: empty, not "only white space". */
	precheck_parser *p = parser_new();
	precheck_response r;
	parser_feed(p, LIT("  \n"));
	parser_reset(p);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_EMPTY);
	ASSERT_STR(err, "empty body");
	parser_reset(p);
	parser_feed(p, LIT("{\"succ"));
	parser_reset(p);
	parser_feed(p, LIT(" "));
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_EMPTY);
	ASSERT_STR(err, "body is only white space");
	parser_free(p);
}
END_TEST

START_TEST(test_reset_forgets_pending_surrogate)
{
	/* An attempt cut off after a UTF-16 high surrogate must not leak it
	 * into the next attempt's strings. */
	static const char second[] = "{\"success\":true,\"message\":\"\\ude00x\"}";
	precheck_parser *p = parser_new();
	precheck_response r, fresh;
	parser_feed(p, LIT("{\"success\":false,\"message\":\"\\ud83d"));
	parser_reset(p);
	ck_assert_int_eq(parser_feed(p, LIT(second)), 0);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_OK);
	parser_free(p);
	ck_assert_int_eq(parse_response(LIT(second), &fresh, err, sizeof err), PARSE_OK);
	bool same = r.env.message.len == fresh.env.message.len &&
	            memcmp(r.env.message.ptr, fresh.env.message.ptr, r.env.message.len) == 0;
	char got[64], want[64];
	snprintf(got, sizeof got, "%s", ut_escape(r.env.message.ptr, r.env.message.len));
	snprintf(want, sizeof want, "%s", ut_escape(fresh.env.message.ptr, fresh.env.message.len));
	response_free(&r);
	response_free(&fresh);
	ck_assert_msg(same, "after reset: \"%s\", fresh parser: \"%s\"", got, want);
}
END_TEST

/* Bytes the C library's allocator has handed out and not taken back. */
static size_t heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
	return mallinfo2().uordblks;
#elif defined(__GLIBC__)
	return (size_t)(unsigned)mallinfo().uordblks;
#else
	return 0; /* no such count: the sanitizer and valgrind runs see leaks */
#endif
}

static void parse_unfinished(void)
{
	precheck_parser *p = parser_new();
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(parser_feed(p, LIT("{\"success\":true,\"data\":{\"items\":[{}]}}")), 0);
	parser_free(p); /* the root was never handed out: freed here */
}

START_TEST(test_parser_free_null_and_unfinished)
{
	parser_free(NULL); /* a no-op, as free(NULL) */
	/* A parser freed with a whole document inside, never finished, gives
	 * back all it took: 2000 of them leave the heap as 50 did. */
	for (int i = 0; i < 50; i++)
		parse_unfinished();
	size_t before = heap_in_use();
	for (int i = 0; i < 2000; i++)
		parse_unfinished();
	size_t after = heap_in_use();
	ck_assert_msg(after <= before + 4096, "heap grew by %zu bytes over 2000 unfinished parsers",
	              after - before);
	/* and takes nothing with it that the next parser needs */
	precheck_response r;
	parse_ok("{\"success\":true,\"requestId\":\"after\"}", &r);
	ck_assert_int_eq(r.env.success, TRISTATE_TRUE);
	ASSERT_TEXT(r.env.request_id, "after");
	response_free(&r);
}
END_TEST

/* ---- items lifted out of the document while it is read ----
 * The plugin hands each object of data.items to json-c on its own and
 * keeps only what it converted (json.h, json_reader_lift); one json-c tree
 * of the whole body is the reference it must agree with, byte for byte,
 * errors included. */

static void assert_lifted_as_whole(const char *body, size_t len)
{
	outcome lifted, whole;
	lifted.st = parse_response(body, len, &lifted.r, lifted.err, sizeof lifted.err);
	whole.st = parse_response_whole(body, len, &whole.r, whole.err, sizeof whole.err);
	if (lifted.st != whole.st || strcmp(lifted.err, whole.err) != 0) {
		if (lifted.st == PARSE_OK)
			response_free(&lifted.r);
		if (whole.st == PARSE_OK)
			response_free(&whole.r);
		ck_abort_msg("\"%s\" (%zu bytes): lifted %d \"%s\", whole tree %d \"%s\"",
		             ut_escape(body, len > 70 ? 70 : len), len, (int)lifted.st, lifted.err,
		             (int)whole.st, whole.err);
	}
	if (whole.st == PARSE_OK) {
		assert_same_response(&lifted.r, &whole.r);
		response_free(&lifted.r);
		response_free(&whole.r);
	}
}

#define ITEMS(x) "{\"success\":true,\"data\":{\"precheckStatus\":\"success\",\"items\":[" x "]}}"

static const struct {
	const char *body;
	size_t len;
} lift_cases[] = {
	{ LIT(DOC_EXAMPLE_JSON) },
	{ LIT(ITEMS("")) },
	{ LIT(ITEMS(" \n ")) },
	{ LIT(ITEMS("{}")) },
	{ LIT(ITEMS("{} ,\n {\"itemId\":\"b\"}\n")) },
	/* a later key replaces what was read before */
	{ LIT("{\"data\":{\"items\":[{\"itemId\":\"a\"}],\"items\":[{\"itemId\":\"b\"},{\"itemId\":\"c\"}]}}") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":\"a\"}],\"items\":null}}") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":\"a\"}],\"items\":5}}") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":\"a\"}]},\"data\":{\"precheckStatus\":\"success\"}}") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":\"a\"}]},\"data\":{\"items\":[null]}}") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":5}]},\"data\":{\"items\":[{\"itemId\":\"ok\"}]}}") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":\"ok\"}]},\"data\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":\"ok\"}]},\"data\":{\"items\":[{},5]}}") },
	/* keys as json-c reads them: escaped, single-quoted, cut at a NUL */
	{ LIT("{\"d\\u0061ta\":{\"\\u0069tems\":[{\"itemId\":\"x\"}]}}") },
	{ LIT("{\"d\\u0061ta\":{\"\\u0069tems\":[{\"itemId\":\"x\"}]},\"data\":{\"items\":[{}]}}") },
	{ LIT("{'data':{'items':[{'itemId':\"x\"}]}}") },
	{ LIT("{\"data\\u0000junk\":{\"items\\u0000\":[{\"itemId\":\"x\"}]}}") },
	{ LIT("{\"data\\u0000\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"\\u0000data\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":\"a\"}]},\"d\\u0061t\\u0061\":{\"items\":[]}}") },
	{ LIT("{\"dat\\u00e1\":{\"items\":[{\"itemId\":5}]},\"data\":{}}") },
	{ LIT("{\"data\\ud800\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\\ud83d\\ude00\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"dat\xc3\xa1\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"da\tta\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\\t\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"items\\\"\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"it\\\\ems\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"ITEMS\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"itemsitems\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"item\\u0073\":[{\"itemId\":\"z\"}]}}") },
	{ LIT("{\"data\":{\"items\\/\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"\\q\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"\\u00zz\":[{\"itemId\":5}]}}") },
	/* the same names elsewhere are not data.items */
	{ LIT("{\"x\":{\"data\":{\"items\":[{\"itemId\":5}]}},\"data\":{\"items\":[]}}") },
	{ LIT("{\"data\":[{\"items\":[{\"itemId\":5}]}]}") },
	{ LIT("{\"data\":{\"x\":{\"items\":[{\"itemId\":5}]}}}") },
	{ LIT("{\"data\":{\"items\":{\"items\":[{\"itemId\":5}]}}}") },
	{ LIT("{\"data\":\"{\\\"items\\\":[{}]}\",\"x\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("[{\"data\":{\"items\":[{\"itemId\":5}]}}]") },
	/* what is not an object stays in the document */
	{ LIT(ITEMS("{\"itemId\":\"a\"},null,{\"itemId\":\"b\"}")) },
	{ LIT(ITEMS("5,{\"itemId\":\"a\"}")) },
	{ LIT(ITEMS("{\"itemId\":\"a\"},[{\"itemId\":\"b\"}]")) },
	{ LIT(ITEMS("\"{\\\"itemId\\\":1}\"")) },
	{ LIT(ITEMS("{\"itemId\":\"a\"},{\"itemId\":true},{\"status\":[]}")) },
	{ LIT(ITEMS("{\"itemId\":\"a\"},{\"itemId\":\"b\",\"status\":{}},null")) },
	/* the first error in the body is the one told */
	{ LIT("{\"data\":{\"items\":[{\"itemId\":5}]}} x") },
	{ LIT("{\"data\":{\"items\":[{\"itemId\":5}]},}") },
	{ LIT("{\"data\":{\"items\" [{\"itemId\":\"a\" \"b\"}]}}") },
	{ LIT("{\"data\" {\"items\":[{\"itemId\":\"a\" \"b\"}]}}") },
	{ LIT("{\"data\":{\"items\":[1 {\"itemId\":\"a\" \"b\"}]}}") },
	{ LIT("{\"data\":{\"items\":[1{\"itemId\":\"a\"}]}}") },
	{ LIT("{\"data\":{\"items\":[1e{\"itemId\":\"a\"}]}}") },
	{ LIT("{\"data\":{\"items\":[-{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[nul{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[n{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[tru{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[Infi{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[Infinity{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[NaN{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[Na{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[\"s\"{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[,{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1}{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1}null]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1}1]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1}\"s\"]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1},]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1},,{\"a\":1}]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1}}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":1}]]}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":[}]}]}}") },
	{ LIT("{\"data\":{\"items\":[{\"a\":{]}]}}") },
	{ LIT(ITEMS("{\"itemId\":}")) },
	{ LIT(ITEMS("{\"itemId\":\"a\",}")) },
	{ LIT(ITEMS("{,}")) },
	{ LIT(ITEMS("{\"a\"}")) },
	{ LIT(ITEMS("{\"a\" 1}")) },
	{ LIT(ITEMS("{a:1}")) },
	{ LIT(ITEMS("{'a':'b'}")) },
	{ LIT(ITEMS("{\"a\":1/*c*/}")) },
	{ LIT(ITEMS("{\"a\":1}/*c*/")) },
	{ LIT(ITEMS("{\"a\":01}")) },
	{ LIT(ITEMS("{\"a\":1-2}")) },
	{ LIT(ITEMS("{\"a\":1.}")) },
	{ LIT(ITEMS("{\"a\":[1,]}")) },
	{ LIT(ITEMS("{\"a\":\"\\x\"}")) },
	{ LIT(ITEMS("{\"a\":\"\\u12\"}")) },
	{ LIT(ITEMS("{\"a\":\"\\ud83d\"}")) },
	{ LIT(ITEMS("{\"a\":\"\\ud83d\\u0041\"}")) },
	{ LIT(ITEMS("{\"itemId\":\"\\ud83d\\ude00\"}")) },
	{ LIT(ITEMS("{\"itemId\":\"a\",\"itemId\":\"b\",\"itemId\":7}")) },
	{ LIT(ITEMS("{\"itemId\":7,\"itemId\":\"b\"}")) },
	/* strings that look like structure */
	{ LIT(ITEMS("{\"itemId\":\"}]},{\\\"\",\"status\":\"a'b{[\"}")) },
	{ LIT(ITEMS("{'it\"em':\"x\",\"itemId\":\"y\"}")) },
	{ LIT(ITEMS("{'itemId':\"x\\'y\"}")) },
	{ LIT(ITEMS("{\"itemId\":\"x\\\\\"}")) },
	/* tolerated in strings, inside items too */
	{ LIT(ITEMS("{\"itemId\":\"a\x01\xff\xc3\xa9\",\"message\":\"line\nbreak\"}")) },
	{ LIT(ITEMS("{\"itemId\":\"a\xe2\x82\",\"status\":\"\xf0\x9f\x98\x80\"}")) },
	{ LIT(ITEMS("{\"itemId\":\"a\",\"n\":123456789012345678901234567890}")) },
	{ LIT(ITEMS("{\"itemId\":\"a\",\"n\":-1.5e300, \"t\":true,\"f\":false,\"z\":null}")) },
	{ LIT(ITEMS("{\"itemId\":\"a\0b\"}")) },
	{ LIT("\xef\xbb\xbf" ITEMS("{\"itemId\":\"a\"}")) },
	/* roots that hold nothing to lift */
	{ LIT("\"{\\\"data\\\":{\\\"items\\\":[{}]}}\"") },
	{ LIT("\"x\" {\"data\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{} {\"data\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("{\"data\":{\"items\":[]}} {\"data\":{\"items\":[{\"itemId\":5}]}}") },
	{ LIT("12 {\"data\":{\"items\":[{}]}}") },
	{ LIT("null") },
	{ LIT("\v{\"data\":{\"items\":[{}]}}") },
};

START_TEST(test_lifting_matches_whole_tree)
{
	assert_lifted_as_whole(lift_cases[_i].body, lift_cases[_i].len);
	assert_chunking_irrelevant(lift_cases[_i].body, lift_cases[_i].len);
}
END_TEST

START_TEST(test_lifting_duplicate_keys)
{
	precheck_response r;
	parse_ok("{\"data\":{\"items\":[{\"itemId\":\"a\"}],\"items\":[{\"itemId\":\"b\"},"
	         "{\"itemId\":\"c\"}]}}",
	         &r);
	ck_assert_uint_eq(r.n_items, 2);
	ASSERT_TEXT(r.items[0].id, "b");
	ASSERT_TEXT(r.items[1].id, "c");
	response_free(&r);
	parse_ok("{\"data\":{\"items\":[{\"itemId\":\"a\"}]},\"data\":{\"precheckStatus\":\"success\"}}",
	         &r);
	ck_assert(!r.has_items);
	ck_assert_uint_eq(r.n_items, 0);
	response_free(&r);
	parse_fails(LIT("{\"data\":{\"items\":[{\"itemId\":\"ok\"}]},\"data\":{\"items\":[{},5]}}"),
	            PARSE_SHAPE, "'data.items[1]' is int, not an object");
}
END_TEST

START_TEST(test_lifting_keys_as_json_c_reads_them)
{
	precheck_response r;
	parse_ok("{\"d\\u0061ta\":{\"\\u0069tems\":[{\"itemId\":\"x\"}]}}", &r);
	ck_assert_uint_eq(r.n_items, 1);
	ASSERT_TEXT(r.items[0].id, "x");
	response_free(&r);
	parse_ok("{\"data\\u0000junk\":{\"items\\u0000\":[{\"itemId\":\"y\"}]}}", &r);
	ck_assert_uint_eq(r.n_items, 1);
	ASSERT_TEXT(r.items[0].id, "y");
	response_free(&r);
	parse_ok("{\"dat\\u00e1\":{\"items\":[{\"itemId\":5}]}}", &r);
	ck_assert(!r.has_data);
	response_free(&r);
}
END_TEST

START_TEST(test_lifting_first_error_in_array_order)
{
	parse_fails(LIT(ITEMS("{\"itemId\":\"a\"},null,{\"itemId\":5}")), PARSE_SHAPE,
	            "'data.items[1]' is null, not an object");
	parse_fails(LIT(ITEMS("{\"itemId\":\"a\"},{\"status\":5},7")), PARSE_SHAPE,
	            "'data.items[1].status' is int, not a string");
	/* A syntax error later in the body counts before any item's type. */
	parse_fails(LIT("{\"data\":{\"items\":[{\"itemId\":5}]}} x"), PARSE_SYNTAX,
	            "unexpected character");
}
END_TEST

/* Every cut of an answer, as a transfer that ended early leaves it. */
START_TEST(test_lifting_truncated_bodies)
{
	static const char body[] =
	        ITEMS("{\"itemId\":\"a\\u00e9\\ud83d\\ude00\",\"n\":-12.5e3,\"x\":[1,{\"y\":"
	              "[null,true]}],'k':\"v\"},\n{\"itemId\":\"b\\\"}\",\"status\":\"warning\"}");
	for (size_t n = 0; n <= sizeof body - 1; n++)
		assert_lifted_as_whole(body, n);
	for (size_t n = 0; n <= sizeof DOC_EXAMPLE_JSON - 1; n++)
		assert_lifted_as_whole(DOC_EXAMPLE_JSON, n);
}
END_TEST

/* json-c's depth limit counts from the document's root, in a lifted item
 * too: objects and arrays nested in an item, around the limit. */
START_TEST(test_lifting_depth_limit)
{
	size_t first_refused = 0;
	for (int k = 50; k <= 70; k++) {
		strbuf b = STRBUF_INIT;
		strbuf_append(&b, "{\"data\":{\"items\":[{\"itemId\":\"a\"},{\"a\":");
		for (int i = 0; i < k; i++)
			strbuf_append(&b, i % 2 ? "[" : "{\"b\":");
		strbuf_append(&b, "1");
		for (int i = k - 1; i >= 0; i--)
			strbuf_append(&b, i % 2 ? "]" : "}");
		strbuf_append(&b, "}]}}");
		assert_lifted_as_whole(b.data, b.len);
		precheck_response r;
		char why[256];
		parse_status st = parse_response_whole(b.data, b.len, &r, why, sizeof why);
		if (st == PARSE_OK)
			response_free(&r);
		else if (!first_refused)
			first_refused = (size_t)k;
		strbuf_free(&b);
	}
	/* The limit was crossed inside the range, not before or after it. */
	ck_assert_uint_gt(first_refused, 50);
	ck_assert_uint_le(first_refused, 70);
}
END_TEST

START_TEST(test_lifting_reset_mid_item)
{
	static const char full[] = ITEMS("{\"itemId\":\"a\"},{\"itemId\":\"b\"}");
	precheck_parser *p = parser_new();
	precheck_response r, fresh;
	/* Cut in an item's string, after the half of a surrogate pair. */
	parser_feed(p, LIT("{\"data\":{\"items\":[{\"itemId\":\"x\"},{\"itemId\":\"\\ud83d"));
	parser_reset(p);
	ck_assert_int_eq(parser_feed(p, LIT(full)), 0);
	ck_assert_int_eq(parser_finish(p, &r, err, sizeof err), PARSE_OK);
	parser_free(p);
	ck_assert_int_eq(parse_response_whole(LIT(full), &fresh, err, sizeof err), PARSE_OK);
	assert_same_response(&r, &fresh);
	ck_assert_uint_eq(r.n_items, 2);
	response_free(&r);
	response_free(&fresh);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("fields");
	tcase_add_test(tc, test_doc_example_fields);
	tcase_add_test(tc, test_failed_request);
	tcase_add_test(tc, test_success_missing);
	tcase_add_test(tc, test_data_null_and_missing);
	tcase_add_test(tc, test_items_missing_null_empty);
	tcase_add_test(tc, test_null_in_every_string_field);
	tcase_add_test(tc, test_missing_item_fields_absent);
	tcase_add_test(tc, test_empty_strings_are_present);
	tcase_add_test(tc, test_unknown_fields_ignored);
	tcase_add_test(tc, test_duplicate_keys_last_wins);
	tcase_add_test(tc, test_duplicate_key_type_of_last_counts);
	tcase_add_test(tc, test_nul_inside_strings);
	tcase_add_test(tc, test_escapes_and_raw_utf8);
	tcase_add_test(tc, test_many_items);
	tcase_add_loop_test(tc, test_raw_bytes_in_strings_tolerated, 0, (int)ARRAY_LEN(tolerated));
	tcase_add_test(tc, test_raw_bytes_in_keys_and_items);
	tcase_add_test(tc, test_integers_beyond_64_bits);
	tcase_add_loop_test(tc, test_strict_everywhere_else, 0, (int)ARRAY_LEN(strict_cases));
	tcase_add_test(tc, test_json_c_quirks_everywhere);
	tcase_add_test(tc, test_response_outlives_parser);
	tcase_add_test(tc, test_response_free_null_and_twice);
	suite_add_tcase(s, tc);

	tc = tcase_create("shape");
	tcase_add_loop_test(tc, test_shape_errors, 0, (int)ARRAY_LEN(shape_cases));
	tcase_add_test(tc, test_toplevel_null);
	tcase_add_test(tc, test_byte_order_mark_skipped);
	tcase_add_test(tc, test_shape_error_after_valid_items_frees);
	suite_add_tcase(s, tc);

	tc = tcase_create("syntax");
	tcase_add_loop_test(tc, test_syntax_errors, 0, (int)ARRAY_LEN(syntax_cases));
	tcase_add_test(tc, test_whitespace_around_value_ok);
	tcase_add_test(tc, test_deep_nesting_rejected_quickly);
	tcase_add_test(tc, test_deep_nesting_byte_by_byte);
	tcase_add_test(tc, test_moderate_nesting_accepted);
	tcase_add_test(tc, test_len_is_respected);
	tcase_add_test(tc, test_small_error_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("incremental");
	tcase_add_test(tc, test_incremental_doc_example);
	tcase_add_loop_test(tc, test_incremental_matches_oneshot, 0, (int)ARRAY_LEN(chunk_cases));
	tcase_add_test(tc, test_incremental_value_after_null);
	tcase_add_test(tc, test_incremental_trailing_comment);
	tcase_add_test(tc, test_feed_return_values);
	tcase_add_test(tc, test_empty_feeds);
	tcase_add_test(tc, test_reset_after_error);
	tcase_add_test(tc, test_reset_mid_document);
	tcase_add_test(tc, test_reset_after_complete_document);
	tcase_add_test(tc, test_reset_after_trailing_garbage);
	tcase_add_test(tc, test_reset_clears_byte_count);
	tcase_add_test(tc, test_reset_forgets_pending_surrogate);
	tcase_add_test(tc, test_parser_free_null_and_unfinished);
	suite_add_tcase(s, tc);

	tc = tcase_create("lifting");
	tcase_add_loop_test(tc, test_lifting_matches_whole_tree, 0, (int)ARRAY_LEN(lift_cases));
	tcase_add_test(tc, test_lifting_duplicate_keys);
	tcase_add_test(tc, test_lifting_keys_as_json_c_reads_them);
	tcase_add_test(tc, test_lifting_first_error_in_array_order);
	tcase_add_test(tc, test_lifting_truncated_bodies);
	tcase_add_test(tc, test_lifting_depth_limit);
	tcase_add_test(tc, test_lifting_reset_mid_item);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(parse_suite)
