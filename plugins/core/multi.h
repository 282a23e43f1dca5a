/* SPDX-License-Identifier: GPL-3.0-or-later */
/* multi.h - the concurrent transfer: many requests over a few kept-alive
 * connections, at most N at once, within one time budget. Owns curl_multi. */
#ifndef CHECK_MULTI_H
#define CHECK_MULTI_H

#include <stdbool.h>
#include <stddef.h>

#include "fetch.h"
#include "options.h"

/* One request, the caller's until it is done. */
typedef struct {
	char *url;
	const char *api_path; /* what is signed */
	body_sink sink;
	fetch_result res; /* its outcome, once done */
	void *tag;        /* the caller's */
} multi_request;

typedef struct {
	/* The next request to start, or NULL when none waits now (one may
	 * come once another is done). Not asked once the budget is spent. */
	multi_request *(*next)(void *ctx);
	/* req is done: res holds its outcome, as fetch_http would say it. */
	void (*done)(void *ctx, multi_request *req);
	void *ctx;
} multi_feed;

/* Runs the feed's requests, at most parallel at once, each with the time
 * left before deadline (clock_now()) when it starts, until the feed has
 * none and none is under way. A 429 or 503 with Retry-After holds back
 * every new request until then, and the request is retried. Returns 0, or
 * -1 with a reason in err when libcurl cannot run at all. */
int multi_run(const options *o, int parallel, double deadline, const multi_feed *feed,
              char *err, size_t errlen);

#endif
