/* SPDX-License-Identifier: GPL-3.0-or-later */
/* multi.c - a few slots, each an easy handle that runs one request's
 * exchange after another (exchange.c: the same setup, signing, retries and
 * words as the single transfer), under one curl_multi whose connection
 * cache keeps the connections alive. Handles are taken from the feed as
 * slots free up, so memory does not grow with the number of requests. */
#include "config.h"
#include "multi.h"
#include "clock.h"
#include "exchange.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { SLOT_IDLE, SLOT_RUNNING, SLOT_WAITING } slot_state;

typedef struct {
	CURL *h;
	slot_state state;
	double wake; /* SLOT_WAITING: when the next attempt may start */
	multi_request *req;
	exchange x;
} slot;

typedef struct {
	const options *o;
	double deadline;
	const multi_feed *feed;
	CURLM *multi;
	CURLSH *share;
	slot *slots;
	int n_slots;
	size_t in_flight;
	double paused_until; /* no new request before: a rate limit said so */
} engine;

static void finish(engine *e, slot *s)
{
	exchange_finish(&s->x);
	multi_request *req = s->req;
	s->req = NULL;
	s->state = SLOT_IDLE;
	e->feed->done(e->feed->ctx, req);
}

/* The slot's next attempt: on the multi handle, or finished at once when
 * no time is left or it cannot be set up. */
static void start(engine *e, slot *s)
{
	double remaining = e->deadline - clock_now();
	if (remaining <= 0) {
		exchange_timed_out(&s->x);
		finish(e, s);
		return;
	}
	if (!exchange_prepare(&s->x, s->h, remaining) ||
	    curl_multi_add_handle(e->multi, s->h) != CURLM_OK) {
		double wait;
		s->x.a.setup_failed = s->x.a.setup_failed || s->x.a.rc == CURLE_OK;
		if (s->x.a.rc == CURLE_OK) {
			s->x.a.rc = CURLE_FAILED_INIT;
			snprintf(s->x.a.errbuf, sizeof s->x.a.errbuf,
			         "libcurl would not take the request");
		}
		(void)exchange_next(&s->x, e->deadline, &wait);
		finish(e, s);
		return;
	}
	s->state = SLOT_RUNNING;
	e->in_flight++;
}

/* A rate limit of the API is every request's: hold back the new ones. */
static bool rate_limit(const attempt *a)
{
	return a->rc == CURLE_OK && a->retry_after >= 0 && (a->http_code == 429 || a->http_code == 503);
}

static void completed(engine *e, slot *s, CURLcode rc)
{
	curl_multi_remove_handle(e->multi, s->h);
	e->in_flight--;
	exchange_collect(&s->x, s->h, rc);
	bool limited = rate_limit(&s->x.a);
	double wait;
	switch (exchange_next(&s->x, e->deadline, &wait)) {
	case NEXT_FOLLOW:
		s->state = SLOT_WAITING;
		s->wake = clock_now();
		break;
	case NEXT_RETRY:
		s->state = SLOT_WAITING;
		s->wake = clock_now() + wait;
		if (limited && s->wake > e->paused_until)
			e->paused_until = s->wake;
		break;
	case NEXT_DONE: finish(e, s); break;
	}
}

static slot *slot_of(engine *e, CURL *h)
{
	for (int i = 0; i < e->n_slots; i++)
		if (e->slots[i].h == h)
			return &e->slots[i];
	return NULL;
}

/* Starts what may start now; returns whether anything is under way or
 * waiting, and sets *wake to the earliest moment a waiting one may go. */
static bool schedule(engine *e, double *wake)
{
	bool busy = false;
	double now = clock_now();
	*wake = e->deadline;
	for (int i = 0; i < e->n_slots; i++) {
		slot *s = &e->slots[i];
		if (s->state == SLOT_WAITING) {
			double at = s->wake > e->paused_until ? s->wake : e->paused_until;
			if (now >= at || now >= e->deadline)
				start(e, s);
			else if (at < *wake)
				*wake = at;
		}
		if (s->state == SLOT_IDLE && now < e->deadline) {
			if (now < e->paused_until) {
				if (e->paused_until < *wake)
					*wake = e->paused_until;
			} else {
				multi_request *req = e->feed->next(e->feed->ctx);
				if (req) {
					s->req = req;
					exchange_init(&s->x, e->o, req->url, req->api_path, &req->sink,
					              &req->res);
					s->x.share = e->share;
					s->x.retry_rate_limits = true;
					start(e, s);
				}
			}
		}
		busy = busy || s->state != SLOT_IDLE;
	}
	return busy;
}

static int setup(engine *e, int parallel, char *err, size_t errlen)
{
	long n = parallel;
	e->multi = curl_multi_init();
	e->share = curl_share_init();
	if (!e->multi || !e->share ||
	    curl_share_setopt(e->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK ||
	    curl_share_setopt(e->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, n) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, n) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS, n) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX) != CURLM_OK) {
		snprintf(err, errlen, "libcurl cannot set up concurrent transfers");
		return -1;
	}
	e->slots = xcalloc((size_t)parallel, sizeof *e->slots);
	e->n_slots = parallel;
	for (int i = 0; i < parallel; i++) {
		e->slots[i].h = curl_easy_init();
		if (!e->slots[i].h) {
			snprintf(err, errlen, "libcurl cannot set up concurrent transfers");
			return -1;
		}
	}
	return 0;
}

static void teardown(engine *e)
{
	for (int i = 0; i < e->n_slots; i++)
		curl_easy_cleanup(e->slots[i].h);
	free(e->slots);
	/* The handles are gone before what they shared. */
	if (e->multi)
		curl_multi_cleanup(e->multi);
	if (e->share)
		curl_share_cleanup(e->share);
}

int multi_run(const options *o, int parallel, double deadline, const multi_feed *feed,
              char *err, size_t errlen)
{
	engine e = { .o = o, .deadline = deadline, .feed = feed };
	if (!exchange_global_init()) {
		snprintf(err, errlen, "cannot initialise libcurl");
		return -1;
	}
	if (setup(&e, parallel > 0 ? parallel : 1, err, errlen)) {
		teardown(&e);
		return -1;
	}
	double wake;
	while (schedule(&e, &wake)) {
		int running = 0;
		curl_multi_perform(e.multi, &running);
		CURLMsg *msg;
		int left;
		bool any = false;
		while ((msg = curl_multi_info_read(e.multi, &left)) != NULL) {
			slot *s = msg->msg == CURLMSG_DONE ? slot_of(&e, msg->easy_handle) : NULL;
			if (s) {
				completed(&e, s, msg->data.result);
				any = true;
			}
		}
		if (any)
			continue;
		double until = wake - clock_now();
		int ms = until > 0 ? (int)(until * 1000.0) + 1 : 0;
		if (e.in_flight)
			curl_multi_poll(e.multi, NULL, 0, ms > 1000 ? 1000 : ms, NULL);
		else if (ms > 0)
			clock_sleep(ms / 1000.0);
	}
	teardown(&e);
	return 0;
}
