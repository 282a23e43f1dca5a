/* SPDX-License-Identifier: GPL-3.0-or-later */
/* transport.h - what happened on the way to the body: the one record fetch
 * (or --file) fills and every judgement reads. */
#ifndef CHECK_TRANSPORT_H
#define CHECK_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	XFER_OK = 0,
	XFER_TIMEOUT,
	XFER_DNS,
	XFER_CONNECT,
	XFER_TLS,
	XFER_TOO_LARGE,
	XFER_FILE,
	XFER_REDIRECT, /* too many redirects, or to a forbidden scheme */
	XFER_SETUP,    /* libcurl refused an option: nothing was sent */
	XFER_PROTOCOL, /* the peer answered, but not in an HTTP libcurl speaks */
	XFER_OTHER
} xfer_status;

typedef struct {
	xfer_status status;
	char detail[256];        /* plain words from the transport layer */
	bool signed_request;     /* the answer is to an AccessKey-signed request */
	bool has_skew;           /* the service said what time it is */
	double skew;             /* its clock minus ours, in seconds */
	long http_code;          /* 0: no HTTP response (file, or failure) */
	const char *redirect_to; /* Location of a redirect not followed */
	const char *snippet;     /* start of the body, for error reports */
	size_t snippet_len;
	double seconds; /* time spent, or < 0 if not measured */
} transfer_outcome;

#endif
