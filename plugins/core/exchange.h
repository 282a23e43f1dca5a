/* SPDX-License-Identifier: GPL-3.0-or-later */
/* exchange.h - one logical request on an easy handle: each attempt's setup
 * and signature, its redirects and retries, and the outcome in our words. */
#ifndef CHECK_EXCHANGE_H
#define CHECK_EXCHANGE_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "fetch.h"
#include "trace.h"

/* Where the body goes, and what is known of it so far. */
typedef struct {
	const body_sink *sink;
	fetch_result *res;
	long max_size;
	long http_code; /* of the answer being received; 0: a file */
	size_t received;
	bool too_large;
	bool sink_failed;
	bool cut;     /* an error body, no longer read */
	CURL *handle; /* for the status of the answer; NULL: a file */
} receiver;

/* What one attempt found out. */
typedef struct {
	CURLcode rc;
	long http_code;
	long os_errno;
	double retry_after;    /* seconds, < 0 when absent */
	bool tls_done;         /* a TLS handshake completed */
	bool has_skew;         /* the answer had a Date header */
	double skew;           /* its time minus ours, seconds */
	bool body_cut;         /* the answer is complete but its body was not read to the end */
	bool setup_failed;     /* libcurl refused an option: nothing was sent */
	bool redirect_refused; /* we would not follow a redirect: errbuf says why */
	bool h2_possible;      /* the URL is https: ALPN may choose HTTP/2 */
	bool status_line_seen; /* a status line reached on_header */
	bool bad_status_line;  /* we stopped at a status line libcurl took */
	bool connected;        /* a connection to the server or proxy was made */
	bool via_proxy;        /* libcurl says the request went through a proxy */
	bool via_proxy_known;  /* libcurl (8.7+) could say */
	long connect_code;     /* the proxy's answer to CONNECT; 0: none */
	char *location_header; /* as sent, for answers whose transfer we stopped */
	bool has_date;         /* the answer's Date header, read as it arrived */
	time_t date;
	char *location; /* absolute redirect target, or NULL */
	char errbuf[CURL_ERROR_SIZE];
} attempt;

typedef struct {
	const options *o;
	char *origin;       /* as first asked: the credentials belong to its origin */
	char *current;      /* the URL of the next attempt */
	char *prefix;       /* a gateway's path prefix, sent but not signed */
	char *to_sign;      /* the API path the next attempt signs; NULL: unsigned */
	bool signing;
	bool with_secrets;
	bool retry_rate_limits; /* a 429/503 with Retry-After is retried whatever --retries says */
	int retries_left, rate_retries_left, redirects;
	receiver rx;
	attempt a;
	trace_ctx trace;
	struct curl_slist *headers; /* of the attempt under way */
	CURLSH *share;              /* the concurrent transfer's caches; NULL: none */
	fetch_result *res;
} exchange;

typedef enum { NEXT_DONE, NEXT_FOLLOW, NEXT_RETRY } next_step;

/* The process-wide libcurl setup, once; false when libcurl cannot start. */
bool exchange_global_init(void);

/* Feeds n body bytes to the sink, within --max-size, keeping the start
 * as the snippet; false when the transfer should stop. */
bool exchange_receive(receiver *rx, const char *data, size_t n);

/* Starts the request for url (which ends with api_path after any gateway
 * prefix). res is cleared and collects the outcome, the snippet and every
 * secret the attempts use. */
void exchange_init(exchange *x, const options *o, const char *url, const char *api_path,
                   const body_sink *sink, fetch_result *res);

/* Sets h up for the next attempt, signed afresh, with at most remaining
 * seconds (libcurl counts waiting for a connection in them too). Returns false when it cannot be (nothing is to be sent; the
 * attempt says why). */
bool exchange_prepare(exchange *x, CURL *h, double remaining);

/* Reads what the attempt on h found out once libcurl is done with it. */
void exchange_collect(exchange *x, CURL *h, CURLcode rc);

/* What comes after the attempt: a redirect to follow, a retry after *wait
 * seconds (which fits before deadline), or the end. */
next_step exchange_next(exchange *x, double deadline, double *wait);

/* No time was left for the next attempt. */
void exchange_timed_out(exchange *x);

/* The outcome into res, in our words; frees what the exchange held. */
void exchange_finish(exchange *x);

/* -vv diagnostics on standard error. */
void exchange_diag(const options *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
