/* SPDX-License-Identifier: GPL-3.0-or-later */
/* setopt-fail.c - LD_PRELOAD shim for the integration tests: makes
 * curl_easy_setopt refuse the one option named in $PRECHECK_TEST_SETOPT_FAIL
 * ("CURLOPT_NAME" or "CURLOPT_NAME:CODE", default CODE 4, CURLE_NOT_BUILT_IN;
 * "protocols" and "redir_protocols" for the protocol restriction),
 * as a libcurl built without that feature would. Every other call goes to
 * the real libcurl. Test code only; never installed. */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define E(x) \
	{ \
#x, x \
	}
/* The plugin restricts the protocols with the _STR forms where libcurl has
 * them (7.85) and with the bitmask forms before, which are deprecated (and
 * warned about) where the _STR forms exist: a case names the setting,
 * "protocols" or "redir_protocols", whichever option sets it. */
static const struct {
	const char *name;
	CURLoption opt;
} table[] = {
	E(CURLOPT_URL),
	E(CURLOPT_ERRORBUFFER),
	E(CURLOPT_NOSIGNAL),
	E(CURLOPT_FOLLOWLOCATION),
	E(CURLOPT_TIMEOUT_MS),
	E(CURLOPT_CONNECTTIMEOUT_MS),
	E(CURLOPT_USERAGENT),
	E(CURLOPT_HTTPHEADER),
	E(CURLOPT_ACCEPT_ENCODING),
	E(CURLOPT_MAXFILESIZE_LARGE),
	E(CURLOPT_WRITEFUNCTION),
	E(CURLOPT_HEADERFUNCTION),
	E(CURLOPT_SSL_VERIFYPEER),
	E(CURLOPT_SSL_VERIFYHOST),
	E(CURLOPT_CAINFO),
	E(CURLOPT_PROXY),
	E(CURLOPT_NOPROXY),
	E(CURLOPT_IPRESOLVE),
	E(CURLOPT_HTTPAUTH),
	E(CURLOPT_USERPWD),
	E(CURLOPT_SSLCERT),
	E(CURLOPT_VERBOSE),
	E(CURLOPT_DEBUGFUNCTION),
#if CURL_AT_LEAST_VERSION(7, 85, 0)
	{ "protocols", CURLOPT_PROTOCOLS_STR },
	{ "redir_protocols", CURLOPT_REDIR_PROTOCOLS_STR },
#else
	{ "protocols", CURLOPT_PROTOCOLS },
	{ "redir_protocols", CURLOPT_REDIR_PROTOCOLS },
#endif
};

typedef CURLcode (*setopt_fn)(CURL *, CURLoption, ...);

#undef curl_easy_setopt
CURLcode curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
	static setopt_fn real;
	const char *fail = getenv("PRECHECK_TEST_SETOPT_FAIL");
	va_list ap;

	/* Every option value is a long, a pointer or a curl_off_t: on the LP64
	 * targets the tests run on, all one 64-bit argument slot. */
	va_start(ap, opt);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (fail) {
		size_t n = strcspn(fail, ":");
		for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
			if (table[i].opt == opt && strlen(table[i].name) == n &&
			    strncmp(table[i].name, fail, n) == 0)
				return fail[n] == ':' ? (CURLcode)atoi(fail + n + 1)
				                      : CURLE_NOT_BUILT_IN;
	}
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "curl_easy_setopt");
	return real(h, opt, arg);
}
