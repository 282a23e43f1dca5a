/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trace.h - what -vv and -vvv show of a transfer: URLs, header lines and
 * libcurl's narration, with every credential redacted and each line clean. */
#ifndef CHECK_TRACE_H
#define CHECK_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "options.h"
#include "strbuf.h"

/* What a trace line may not show: the options (token header, extra
 * headers) and every secret of the run so far, signatures sent included. */
typedef struct {
	const options *o;
	const strvec *secrets;
	FILE *out;
} trace_ctx;

typedef enum { TRACE_TEXT, TRACE_HEADER_OUT, TRACE_HEADER_IN } trace_kind;

/* url without userinfo, and with every query value but the API's own
 * parameters (replicationId, the list filters) as <redacted>. */
char *trace_redact_url(const char *url);

/* One piece of libcurl's debug output (size bytes, not NUL-terminated,
 * of any content) as trace lines: "* " narration, "> " request and "< "
 * response headers. */
void trace_piece(const trace_ctx *t, trace_kind kind, const char *data, size_t size);

/* True when the header line data[0..len) is "name: ..." (any case). */
bool trace_header_is(const char *data, size_t len, const char *name);

#endif
