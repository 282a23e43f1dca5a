/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fetch.c - what each libcurl result code is reported as: our own
 * mapping, so messages do not depend on the libcurl version's wording. */
#include "config.h"
#include "fetch.h"
#include "unit.h"

#include <curl/curl.h>

static const struct {
	CURLcode rc;
	xfer_status status;
	const char *text;   /* NULL: libcurl's message is kept */
} mapping[] = {
	{ CURLE_OPERATION_TIMEDOUT, XFER_TIMEOUT, NULL },
	{ CURLE_COULDNT_RESOLVE_HOST, XFER_DNS, NULL },
	{ CURLE_COULDNT_RESOLVE_PROXY, XFER_DNS, NULL },
	{ CURLE_COULDNT_CONNECT, XFER_CONNECT, NULL },
	{ CURLE_INTERFACE_FAILED, XFER_CONNECT, "cannot bind the local end of the connection" },
	{ CURLE_PROXY, XFER_CONNECT, "%s: the proxy handshake failed" },
	{ CURLE_UNSUPPORTED_PROTOCOL, XFER_PROTOCOL,
	  "%s did not answer in HTTP: HTTP/0.9, an unsupported HTTP version,"
	  " or another protocol (TLS, SSH, ...) on this port" },
	{ CURLE_WEIRD_SERVER_REPLY, XFER_PROTOCOL,
	  "%s sent a malformed HTTP answer (status line or headers)" },
	{ CURLE_HTTP2, XFER_PROTOCOL, "%s broke the HTTP/2 framing" },
	{ CURLE_HTTP2_STREAM, XFER_PROTOCOL, "%s reset or broke the HTTP/2 stream" },
	{ CURLE_HTTP3, XFER_PROTOCOL, "%s broke the HTTP/3 protocol" },
	{ CURLE_BAD_CONTENT_ENCODING, XFER_PROTOCOL,
	  "%s sent a body whose Content-Encoding cannot be decoded" },
	{ CURLE_GOT_NOTHING, XFER_OTHER, "%s closed the connection without answering" },
	{ CURLE_RECV_ERROR, XFER_OTHER, NULL },
	{ CURLE_SEND_ERROR, XFER_OTHER, NULL },
	{ CURLE_PARTIAL_FILE, XFER_OTHER, NULL },
	{ CURLE_SSL_CONNECT_ERROR, XFER_TLS, NULL },
	{ CURLE_PEER_FAILED_VERIFICATION, XFER_TLS, NULL },
	{ CURLE_SSL_CERTPROBLEM, XFER_TLS, NULL },
	{ CURLE_SSL_CIPHER, XFER_TLS, NULL },
	{ CURLE_SSL_CACERT_BADFILE, XFER_TLS, NULL },
	{ CURLE_SSL_ISSUER_ERROR, XFER_TLS, NULL },
	{ CURLE_SSL_CRL_BADFILE, XFER_TLS, NULL },
	{ CURLE_SSL_PINNEDPUBKEYNOTMATCH, XFER_TLS, NULL },
	{ CURLE_SSL_INVALIDCERTSTATUS, XFER_TLS, NULL },
	{ CURLE_SSL_ENGINE_NOTFOUND, XFER_TLS, NULL },
	{ CURLE_SSL_ENGINE_SETFAILED, XFER_TLS, NULL },
	{ CURLE_SSL_ENGINE_INITFAILED, XFER_TLS, NULL },
	{ CURLE_SSL_SHUTDOWN_FAILED, XFER_TLS, NULL },
	{ CURLE_USE_SSL_FAILED, XFER_TLS, NULL },
#if CURL_AT_LEAST_VERSION(7, 77, 0) /* CURLE_SSL_CLIENTCERT */
	{ CURLE_SSL_CLIENTCERT, XFER_TLS, NULL },
#endif
	{ CURLE_FILESIZE_EXCEEDED, XFER_TOO_LARGE, "body exceeds --max-size" },
	{ CURLE_TOO_MANY_REDIRECTS, XFER_REDIRECT, "too many redirects" },
	{ CURLE_URL_MALFORMAT, XFER_SETUP, "the URL is malformed" },
	{ CURLE_NOT_BUILT_IN, XFER_SETUP, "a feature this request needs is not built into libcurl" },
	{ CURLE_UNKNOWN_OPTION, XFER_SETUP, "libcurl does not know an option this request needs" },
	{ CURLE_FAILED_INIT, XFER_SETUP, "libcurl failed to initialise" },
	{ CURLE_OUT_OF_MEMORY, XFER_OTHER, "out of memory" },
	{ CURLE_WRITE_ERROR, XFER_OTHER, "the body could not be stored" },
	{ CURLE_ABORTED_BY_CALLBACK, XFER_OTHER, "the transfer was aborted" },
};

START_TEST(test_each_code)
{
	const char *text = "unset";
	xfer_status st = fetch_curl_meaning((int)mapping[_i].rc, &text);
	ck_assert_msg(st == mapping[_i].status, "CURLcode %d: status %d, want %d",
	              (int)mapping[_i].rc, (int)st, (int)mapping[_i].status);
	if (mapping[_i].text)
		ASSERT_STR(text, mapping[_i].text);
	else
		ck_assert_msg(text == NULL, "CURLcode %d: text \"%s\", want libcurl's", (int)mapping[_i].rc,
		              text);
}
END_TEST

/* The one that was reported as "redirect refused": a peer that does not
 * speak HTTP is a protocol error, never a redirect problem. */
START_TEST(test_unsupported_protocol_is_not_a_redirect)
{
	const char *text;
	ck_assert_int_ne(fetch_curl_meaning(CURLE_UNSUPPORTED_PROTOCOL, &text), XFER_REDIRECT);
	ck_assert_int_ne(fetch_curl_meaning(CURLE_WEIRD_SERVER_REPLY, &text), XFER_REDIRECT);
}
END_TEST

/* Our texts name the peer through at most one %s and hold no '|'. */
START_TEST(test_texts_are_safe_formats)
{
	for (int code = 0; code < 120; code++) {
		const char *text = NULL;
		fetch_curl_meaning(code, &text);
		if (!text)
			continue;
		const char *first = strstr(text, "%s");
		ck_assert_msg(!first || !strstr(first + 2, "%"), "code %d: \"%s\"", code, text);
		ck_assert_msg(!first ? !strchr(text, '%') : true, "code %d: \"%s\"", code, text);
		ck_assert_msg(!strchr(text, '|'), "code %d: \"%s\"", code, text);
	}
}
END_TEST

START_TEST(test_unmapped_code_is_other)
{
	const char *text = "unset";
	ck_assert_int_eq(fetch_curl_meaning(CURLE_OK, &text), XFER_OTHER);
	ck_assert_ptr_null(text);
	ck_assert_int_eq(fetch_curl_meaning(9999, &text), XFER_OTHER);
	ck_assert_ptr_null(text);
}
END_TEST

static Suite *fetch_suite(void)
{
	Suite *s = suite_create("fetch");
	TCase *tc = tcase_create("curlcode");
	tcase_add_loop_test(tc, test_each_code, 0, (int)ARRAY_LEN(mapping));
	tcase_add_test(tc, test_unsupported_protocol_is_not_a_redirect);
	tcase_add_test(tc, test_texts_are_safe_formats);
	tcase_add_test(tc, test_unmapped_code_is_other);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fetch_suite)
