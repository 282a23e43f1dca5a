/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fetch.h - the only libcurl user: one GET with retries, redirects and limits,
 * or a body read from a file. Owns: transport, TLS, auth headers, diagnostics. */
#ifndef CHECK_FETCH_H
#define CHECK_FETCH_H

#include <stddef.h>

#include "transport.h"
#include "options.h"
#include "strbuf.h"

/* Where body bytes go as they arrive (the parser). write returns 0, or -1
 * once the body can no longer be valid; reset starts over for a retry. */
typedef struct {
	int (*write)(void *ctx, const char *data, size_t len);
	void (*reset)(void *ctx);
	void *ctx;
} body_sink;

typedef struct {
	transfer_outcome outcome; /* its pointers refer to the fields below */
	strbuf snippet;
	char *redirect_to;
	strvec secrets; /* the options' secrets and every signature sent */
} fetch_result;

/* GETs url, feeding the body to sink, until deadline (clock_now()).
 * With an AccessKey, each attempt is signed for api_path (the endpoint
 * path, which url ends with after any gateway prefix). Always fills res;
 * res->outcome.status says whether a response arrived. */
void fetch_http(const options *o, const char *url, const char *api_path, double deadline,
                const body_sink *sink, fetch_result *res);

/* Reads the body from o->file ("-" = stdin). */
void fetch_file(const options *o, const body_sink *sink, fetch_result *res);

void fetch_result_free(fetch_result *res);

/* For --version. */
const char *fetch_library_version(void);

/* What a libcurl result code (CURLcode) means: its status class, and our
 * text for it in *text, or NULL where libcurl's own message is the more
 * precise (it names the failed certificate check or system call). A "%s"
 * in the text stands for the peer. */
xfer_status fetch_curl_meaning(int code, const char **text);

#endif
