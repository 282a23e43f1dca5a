/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fetch.c - the single transfer: one request's attempts one after the
 * other on one easy handle, within the time budget; or a body from a file. */
#include "config.h"
#include "fetch.h"
#include "clock.h"
#include "exchange.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fetch_http(const options *o, const char *url, const char *api_path, double deadline,
                const body_sink *sink, fetch_result *res)
{
	exchange x;
	exchange_init(&x, o, url, api_path, sink, res);
	CURL *h = exchange_global_init() ? curl_easy_init() : NULL;
	if (!h) {
		exchange_finish(&x);
		res->outcome.status = XFER_SETUP;
		snprintf(res->outcome.detail, sizeof res->outcome.detail, "cannot initialise libcurl");
		return;
	}
	for (;;) {
		double remaining = deadline - clock_now(), wait;
		if (remaining <= 0) {
			exchange_timed_out(&x);
			break;
		}
		if (exchange_prepare(&x, h, remaining))
			exchange_collect(&x, h, curl_easy_perform(h));
		next_step next = exchange_next(&x, deadline, &wait);
		if (next == NEXT_DONE)
			break;
		if (next == NEXT_RETRY)
			clock_sleep(wait);
	}
	exchange_finish(&x);
	curl_easy_cleanup(h);
}

void fetch_file(const options *o, const body_sink *sink, fetch_result *res)
{
	receiver rx = { .sink = sink, .res = res, .max_size = o->max_size };
	bool is_stdin = strcmp(o->file, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(o->file, "rb");
	char buf[65536];
	size_t n;

	memset(res, 0, sizeof *res);
	for (size_t i = 0; i < o->secrets.n; i++)
		strvec_push(&res->secrets, xstrdup(o->secrets.v[i]));
	if (!f) {
		res->outcome.status = XFER_FILE;
		snprintf(res->outcome.detail, sizeof res->outcome.detail, "%s: %s", o->file,
		         strerror(errno));
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (!exchange_receive(&rx, buf, n))
			break;
	if (rx.too_large) {
		res->outcome.status = XFER_TOO_LARGE;
		snprintf(res->outcome.detail, sizeof res->outcome.detail,
		         "body exceeds --max-size");
	} else if (ferror(f)) {
		res->outcome.status = XFER_FILE;
		snprintf(res->outcome.detail, sizeof res->outcome.detail, "%s: read error",
		         is_stdin ? "standard input" : o->file);
	}
	if (!is_stdin)
		fclose(f);
	res->outcome.snippet = res->snippet.data;
	res->outcome.snippet_len = res->snippet.len;
}

const char *fetch_library_version(void)
{
	return curl_version_info(CURLVERSION_NOW)->version;
}

void fetch_result_free(fetch_result *res)
{
	strbuf_free(&res->snippet);
	strvec_free(&res->secrets);
	free(res->redirect_to);
	res->redirect_to = NULL;
}
