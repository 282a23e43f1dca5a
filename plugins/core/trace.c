/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trace.c - trace lines from untrusted bytes: libcurl hands over pieces
 * of any length, split anywhere, so nothing here reads past a piece. */
#include "config.h"
#include "trace.h"
#include "redact.h"
#include "sanitize.h"
#include "sign.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Query parameters of the API itself, whose values are no secret and
 * worth seeing; everything else in a query (a gateway's key, say) is. */
static const char *const public_params[] = {
	"replicationId", "current", "pageSize", "status", "type", "keyword", "datasourceId",
	"sourceDatasourceId", "targetDatasourceId", "multiActiveId",
};

static bool public_param(const char *s, size_t name_len)
{
	for (size_t i = 0; i < sizeof public_params / sizeof public_params[0]; i++)
		if (strlen(public_params[i]) == name_len && memcmp(s, public_params[i], name_len) == 0)
			return true;
	return false;
}

char *trace_redact_url(const char *url)
{
	strbuf b = STRBUF_INIT;
	const char *scheme_end = strstr(url, "://");
	const char *p = url;

	if (scheme_end) {
		const char *host = scheme_end + 3;
		const char *stop = host + strcspn(host, "/?#");
		const char *at = memchr(host, '@', (size_t)(stop - host));
		strbuf_appendn(&b, url, (size_t)(host - url));
		if (at) {
			strbuf_append(&b, REDACTED "@");
			host = at + 1;
		}
		p = host;
	}
	const char *q = strchr(p, '?');
	if (!q) {
		strbuf_append(&b, p);
		return strbuf_detach(&b);
	}
	strbuf_appendn(&b, p, (size_t)(q - p) + 1);
	for (const char *s = q + 1; *s;) {
		size_t len = strcspn(s, "&");
		const char *eq = memchr(s, '=', len);
		if (eq && !public_param(s, (size_t)(eq - s))) {
			strbuf_appendn(&b, s, (size_t)(eq - s) + 1);
			strbuf_append(&b, REDACTED);
		} else {
			strbuf_appendn(&b, s, len);
		}
		s += len;
		if (*s == '&')
			strbuf_appendc(&b, *s++);
	}
	return strbuf_detach(&b);
}

bool trace_header_is(const char *data, size_t len, const char *name)
{
	size_t n = strlen(name);
	return len > n && strncasecmp(data, name, n) == 0 && data[n] == ':';
}

static bool secret_header(const options *o, const char *line, size_t len)
{
	/* A signature can be replayed for as long as the service accepts
	 * its timestamp. */
	static const char *const always[] = { "Authorization", "Proxy-Authorization", "Cookie",
		                              "Set-Cookie", SIGN_HEADER_SIGNATURE };
	for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
		if (trace_header_is(line, len, always[i]))
			return true;
	if (o->token_header && trace_header_is(line, len, o->token_header))
		return true;
	/* Extra headers often carry API keys: never print their values. */
	for (size_t i = 0; i < o->n_headers; i++)
		if (trace_header_is(line, len, o->headers[i].name))
			return true;
	return false;
}

/* Redacts by value, then sanitizes: one line of trace. */
static void append_clean(strbuf *line, const trace_ctx *t, const char *s, size_t len)
{
	strbuf clean = STRBUF_INIT;
	if (redact_append(&clean, s, len, (const char *const *)t->secrets->v, t->secrets->n))
		sanitize_append(line, clean.data, clean.len, 0);
	else
		sanitize_append(line, s, len, 0);
	strbuf_free(&clean);
}

/* A line that may carry a URL with secrets in its query. */
static void append_url_line(strbuf *line, const trace_ctx *t, const char *s, size_t len)
{
	char *raw = xstrndup(s, len);
	char *red = trace_redact_url(raw);
	append_clean(line, t, red, strlen(red));
	free(raw);
	free(red);
}

static void trace_headers(const trace_ctx *t, const char *prefix, const char *data, size_t size)
{
	const char *p = data, *end = data + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		strbuf line = STRBUF_INIT;
		if (secret_header(t->o, p, len)) {
			/* secret_header found the colon within the line */
			strbuf_appendn(&line, p, (size_t)((const char *)memchr(p, ':', len) - p));
			strbuf_append(&line, ": " REDACTED);
		} else if ((len >= 4 && memcmp(p, "GET ", 4) == 0) ||
		           trace_header_is(p, len, "Location")) {
			append_url_line(&line, t, p, len);
		} else {
			append_clean(&line, t, p, len);
		}
		if (line.len)
			fprintf(t->out, "%s %s\n", prefix, line.data);
		strbuf_free(&line);
		p = nl ? nl + 1 : end;
	}
}

void trace_piece(const trace_ctx *t, trace_kind kind, const char *data, size_t size)
{
	switch (kind) {
	case TRACE_TEXT: {
		/* libcurl's own narration never holds header values, but it may
		 * echo a URL; sanitize and redact it like everything else. */
		strbuf line = STRBUF_INIT;
		append_url_line(&line, t, data, size);
		fprintf(t->out, "* %s\n", strbuf_str(&line));
		strbuf_free(&line);
		break;
	}
	case TRACE_HEADER_OUT: trace_headers(t, ">", data, size); break;
	case TRACE_HEADER_IN: trace_headers(t, "<", data, size); break;
	}
}
