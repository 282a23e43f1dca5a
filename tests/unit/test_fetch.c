/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fetch.c - what fetch_curl_meaning (fetch.h) says of libcurl's result
 * codes, as properties: every code libcurl defines has a category a
 * message can be built from; the codes whose meaning an operator acts on
 * have the category doc/troubleshooting.md and the man page document ("cannot resolve
 * host", "connection failed", "TLS error", "protocol error", "libcurl setup
 * failed", ...); every text of ours is one safe line with at most the peer
 * in it. The texts themselves are the integration suite's to assert. */
#include "config.h"
#include "fetch.h"
#include "unit.h"

#include <ctype.h>
#include <curl/curl.h>
#include <limits.h>

/* A peer as describe_peer writes it, at a length a real one reaches:
 * "HOST port PORT" with a long host name. */
#define PEER_ROOM 80

static bool is_category(xfer_status st)
{
	/* XFER_OK is no failure and XFER_FILE is --file's: neither comes
	 * from libcurl. */
	return st >= XFER_TIMEOUT && st <= XFER_OTHER && st != XFER_FILE;
}

/* Every CURLcode but CURLE_OK (which never reaches the classification):
 * a category, and a text that is NULL (libcurl's own message is used) or
 * one of ours that is safe to print. */
START_TEST(test_every_code_has_a_category)
{
	int code = _i;
	const char *text = "unset";
	xfer_status st = fetch_curl_meaning(code, &text);
	ck_assert_msg(is_category(st), "CURLcode %d (%s): status %d is not a failure category", code,
	              curl_easy_strerror((CURLcode)code), (int)st);
	ck_assert_msg(text == NULL || strcmp(text, "unset") != 0,
	              "CURLcode %d: the text was not set", code);
}
END_TEST

static const char *const secret_words[] = { "token",  "password", "passwd", "secret", "bearer",
	                                    "author", "cookie",   "apikey", "api key", "signature",
	                                    "<redacted>" };

/* One line of printable ASCII, no '|' (the perfdata separator) and no '='
 * (a key=value that could be taken for a credential or perfdata), at most
 * one "%s" and no other '%', nothing that reads like a credential, short
 * enough to leave room for the peer in the outcome's detail. */
static void assert_safe_line(int code, const char *text)
{
	const char *esc = ut_escape(text, strlen(text));
	size_t n = strlen(text);
	ck_assert_msg(n > 0 && !isspace((unsigned char)text[0]) &&
	                      !isspace((unsigned char)text[n - 1]),
	              "code %d: \"%s\" is empty or padded", code, esc);
	for (const char *p = text; *p; p++)
		ck_assert_msg(*p >= 0x20 && *p < 0x7f && *p != '|' && *p != '=',
		              "code %d: \"%s\" holds byte 0x%02x", code, esc, (unsigned char)*p);
	const char *peer = strstr(text, "%s");
	for (const char *p = strchr(text, '%'); p; p = strchr(p + 1, '%'))
		ck_assert_msg(p == peer,
		              "code %d: \"%s\" holds a '%%' that is not the one %%s", code, esc);
	char lower[512];
	ck_assert_uint_lt(n, sizeof lower);
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)text[i]);
	for (size_t i = 0; i < ARRAY_LEN(secret_words); i++)
		ck_assert_msg(!strstr(lower, secret_words[i]), "code %d: \"%s\" mentions \"%s\"", code,
		              esc, secret_words[i]);
	transfer_outcome out;
	size_t room = sizeof out.detail - 1;
	ck_assert_msg(n - (peer ? 2 : 0) + (peer ? PEER_ROOM : 0) <= room,
	              "code %d: \"%s\" leaves no room for a peer of %d bytes in %zu", code, esc,
	              PEER_ROOM, room);
}

START_TEST(test_texts_are_safe_lines)
{
	int ours = 0;
	for (int code = 0; code <= CURL_LAST; code++) {
		const char *text = NULL;
		fetch_curl_meaning(code, &text);
		if (text) {
			assert_safe_line(code, text);
			ours++;
		}
	}
	/* Not vacuous: the codes whose words are ours (the setup and
	 * protocol codes at least) were among them. */
	ck_assert_int_ge(ours, 8);
}
END_TEST

/* The documented category of each code whose meaning an operator acts on
 * (doc/troubleshooting.md; the man pages' DIAGNOSTICS). */
static const struct {
	CURLcode rc;
	xfer_status status;
} documented[] = {
	{ CURLE_OPERATION_TIMEDOUT, XFER_TIMEOUT },
	{ CURLE_COULDNT_RESOLVE_HOST, XFER_DNS },
	{ CURLE_COULDNT_RESOLVE_PROXY, XFER_DNS },
	{ CURLE_COULDNT_CONNECT, XFER_CONNECT },
	{ CURLE_INTERFACE_FAILED, XFER_CONNECT },
	{ CURLE_PROXY, XFER_CONNECT },
	{ CURLE_SSL_CONNECT_ERROR, XFER_TLS },
	{ CURLE_PEER_FAILED_VERIFICATION, XFER_TLS },
	{ CURLE_SSL_CERTPROBLEM, XFER_TLS },
	{ CURLE_SSL_CIPHER, XFER_TLS },
	{ CURLE_SSL_CACERT_BADFILE, XFER_TLS },
	{ CURLE_SSL_ISSUER_ERROR, XFER_TLS },
	{ CURLE_SSL_CRL_BADFILE, XFER_TLS },
	{ CURLE_SSL_PINNEDPUBKEYNOTMATCH, XFER_TLS },
	{ CURLE_SSL_INVALIDCERTSTATUS, XFER_TLS },
	{ CURLE_SSL_ENGINE_NOTFOUND, XFER_TLS },
	{ CURLE_SSL_ENGINE_SETFAILED, XFER_TLS },
	{ CURLE_SSL_ENGINE_INITFAILED, XFER_TLS },
	{ CURLE_SSL_SHUTDOWN_FAILED, XFER_TLS },
	{ CURLE_USE_SSL_FAILED, XFER_TLS },
#if CURL_AT_LEAST_VERSION(7, 77, 0)
	{ CURLE_SSL_CLIENTCERT, XFER_TLS },
#endif
	{ CURLE_FILESIZE_EXCEEDED, XFER_TOO_LARGE },
	{ CURLE_TOO_MANY_REDIRECTS, XFER_REDIRECT },
	/* nothing was sent: always UNKNOWN */
	{ CURLE_URL_MALFORMAT, XFER_SETUP },
	{ CURLE_NOT_BUILT_IN, XFER_SETUP },
	{ CURLE_UNKNOWN_OPTION, XFER_SETUP },
	{ CURLE_FAILED_INIT, XFER_SETUP },
	/* the peer answered, but not in an HTTP libcurl speaks */
	{ CURLE_UNSUPPORTED_PROTOCOL, XFER_PROTOCOL },
	{ CURLE_WEIRD_SERVER_REPLY, XFER_PROTOCOL },
	{ CURLE_HTTP2, XFER_PROTOCOL },
	{ CURLE_HTTP2_STREAM, XFER_PROTOCOL },
	{ CURLE_HTTP3, XFER_PROTOCOL },
	{ CURLE_BAD_CONTENT_ENCODING, XFER_PROTOCOL },
	/* retried as they are: the transfer broke off */
	{ CURLE_GOT_NOTHING, XFER_OTHER },
	{ CURLE_RECV_ERROR, XFER_OTHER },
	{ CURLE_SEND_ERROR, XFER_OTHER },
	{ CURLE_PARTIAL_FILE, XFER_OTHER },
};

START_TEST(test_documented_category)
{
	const char *text;
	xfer_status st = fetch_curl_meaning((int)documented[_i].rc, &text);
	ck_assert_msg(st == documented[_i].status, "CURLcode %d (%s): category %d, documented %d",
	              (int)documented[_i].rc, curl_easy_strerror(documented[_i].rc), (int)st,
	              (int)documented[_i].status);
}
END_TEST

/* Where libcurl's words name what failed (which certificate check, which
 * system call), they are kept (fetch.h): our text would say less. */
START_TEST(test_libcurl_words_kept_where_they_say_more)
{
	static const CURLcode precise[] = { CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR,
		                            CURLE_SSL_CACERT_BADFILE,       CURLE_SSL_CERTPROBLEM,
		                            CURLE_RECV_ERROR,               CURLE_SEND_ERROR };
	for (size_t i = 0; i < ARRAY_LEN(precise); i++) {
		const char *text = "unset";
		fetch_curl_meaning((int)precise[i], &text);
		ck_assert_msg(text == NULL, "CURLcode %d: our text \"%s\" replaces libcurl's",
		              (int)precise[i], text ? text : "(null)");
	}
}
END_TEST

/* A peer that speaks no HTTP names the peer: the operator must see which
 * port answered in something else. */
START_TEST(test_protocol_texts_name_the_peer)
{
	static const CURLcode peer_codes[] = { CURLE_UNSUPPORTED_PROTOCOL, CURLE_WEIRD_SERVER_REPLY,
		                               CURLE_GOT_NOTHING };
	for (size_t i = 0; i < ARRAY_LEN(peer_codes); i++) {
		const char *text = NULL;
		fetch_curl_meaning((int)peer_codes[i], &text);
		ck_assert_msg(text && strstr(text, "%s"), "CURLcode %d: \"%s\" does not name the peer",
		              (int)peer_codes[i], text ? text : "(null)");
	}
}
END_TEST

/* Codes libcurl does not define (or not yet): no category of their own,
 * and libcurl's words. */
START_TEST(test_unknown_code_is_other)
{
	const int unknown[] = { CURLE_OK, CURL_LAST, CURL_LAST + 1, 9999, -1, INT_MAX, INT_MIN };
	for (size_t i = 0; i < ARRAY_LEN(unknown); i++) {
		const char *text = "unset";
		ck_assert_int_eq(fetch_curl_meaning(unknown[i], &text), XFER_OTHER);
		ck_assert_msg(text == NULL, "code %d: text \"%s\", want NULL", unknown[i],
		              text ? text : "(null)");
	}
}
END_TEST

static Suite *fetch_suite(void)
{
	Suite *s = suite_create("fetch");
	TCase *tc = tcase_create("curlcode");
	/* CURLE_OK (0) is not a failure: test_unknown_code_is_other. */
	tcase_add_loop_test(tc, test_every_code_has_a_category, 1, CURL_LAST);
	tcase_add_test(tc, test_texts_are_safe_lines);
	tcase_add_loop_test(tc, test_documented_category, 0, (int)ARRAY_LEN(documented));
	tcase_add_test(tc, test_libcurl_words_kept_where_they_say_more);
	tcase_add_test(tc, test_protocol_texts_name_the_peer);
	tcase_add_test(tc, test_unknown_code_is_other);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fetch_suite)
