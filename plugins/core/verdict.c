/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verdict.c - the shared checks of an answer, and how a failed one reads. */
#include "config.h"
#include "verdict.h"
#include "sign.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Enough of a value to recognise it, short enough for a phone. */
#define VALUE_BYTES 40
#define SNIPPET_BYTES 120

void failure_set(failure *f, state_t state, error_kind kind, const transfer_outcome *xfer,
                 const char *detail)
{
	*f = (failure){ .state = state, .error = kind, .xfer = xfer };
	if (detail)
		snprintf(f->detail, sizeof f->detail, "%s", detail);
}

/* Case-insensitive search in a text that may hold NUL bytes. */
static bool text_mentions(text_t t, const char *const *words, size_t n)
{
	for (size_t w = 0; w < n; w++) {
		size_t len = strlen(words[w]);
		for (size_t i = 0; t.ptr && len <= t.len && i <= t.len - len; i++)
			if (strncasecmp(t.ptr + i, words[w], len) == 0)
				return true;
	}
	return false;
}

#define N_WORDS(a) (sizeof(a) / sizeof(a)[0])

auth_hint judge_rejection(const transfer_outcome *xfer, bool refused, text_t message)
{
	/* The service does not document its refusals, so its words are
	 * matched loosely; the skew is a measurement and wins over words. */
	static const char *const clock_words[] = { "timestamp", "expired",         "clock",
		                                   "time skew", "time difference", "too old" };
	static const char *const signature_words[] = { "signature", "sign mismatch", "sign error",
		                                       "invalid sign" };
	static const char *const key_words[] = { "access key", "accesskey", "access-key",
		                                 "access_key", "key id",    "keyid",
		                                 "disabled" };
	bool http_refusal = xfer && (xfer->http_code == 401 || xfer->http_code == 403);

	if (!xfer || !xfer->signed_request)
		return http_refusal ? AUTH_HINT_CREDENTIALS : AUTH_HINT_NONE;
	if (!refused)
		return AUTH_HINT_NONE;
	if (xfer->has_skew &&
	    (xfer->skew > SIGN_CLOCK_TOLERANCE || xfer->skew < -SIGN_CLOCK_TOLERANCE))
		return AUTH_HINT_CLOCK;
	if (text_mentions(message, clock_words, N_WORDS(clock_words)))
		return AUTH_HINT_CLOCK;
	if (text_mentions(message, signature_words, N_WORDS(signature_words)))
		return AUTH_HINT_SIGNATURE;
	if (text_mentions(message, key_words, N_WORDS(key_words)))
		return AUTH_HINT_KEY_ID;
	return http_refusal ? AUTH_HINT_SIGNING : AUTH_HINT_NONE;
}

static bool same_task(const verdict_config *cfg, text_t got)
{
	if (!got.ptr || !cfg->replication_id)
		return true;
	return got.len == strlen(cfg->replication_id) &&
	       memcmp(got.ptr, cfg->replication_id, got.len) == 0;
}

bool verdict_check(const verdict_config *cfg, const transfer_outcome *xfer, parse_status pst,
                   const char *perr, const envelope *env, bool has_data, text_t task_id, failure *f)
{
	const envelope *ok_env = pst == PARSE_OK ? env : NULL;
	text_t no_text = { .ptr = NULL };

	if (xfer && xfer->status != XFER_OK) {
		/* A plugin that cannot configure its transfer has learnt nothing
		 * about the API: always UNKNOWN, whatever --error-state says. */
		state_t st = xfer->status == XFER_TIMEOUT ? cfg->timeout_state
		             : xfer->status == XFER_SETUP ? STATE_UNKNOWN
		                                          : cfg->error_state;
		failure_set(f, st, ERR_TRANSPORT, xfer, xfer->detail);
		return true;
	}
	if (xfer && xfer->http_code != 0 && (xfer->http_code < 200 || xfer->http_code > 299)) {
		failure_set(f, cfg->error_state, ERR_HTTP, xfer, NULL);
		f->env = ok_env; /* an error body may still carry message and requestId */
		bool refused = xfer->http_code == 401 || xfer->http_code == 403 ||
		               (ok_env && ok_env->success == TRISTATE_FALSE);
		f->hint = judge_rejection(xfer, refused, ok_env ? ok_env->message : no_text);
		return true;
	}
	if (!ok_env) {
		failure_set(f, cfg->error_state, ERR_BODY, xfer, perr);
		return true;
	}
	failure_set(f, cfg->error_state, ERR_NONE, xfer, NULL);
	f->env = ok_env;
	if (ok_env->success != TRISTATE_TRUE) {
		f->error = ERR_API;
		f->hint = judge_rejection(xfer, ok_env->success == TRISTATE_FALSE, ok_env->message);
		return true;
	}
	if (!has_data) {
		f->error = ERR_NO_DATA;
		return true;
	}
	if (!same_task(cfg, task_id)) {
		f->error = ERR_WRONG_TASK;
		f->other_task = task_id;
		return true;
	}
	return false;
}

/* ---- words ---------------------------------------------------------------- */

const char *http_reason(long code)
{
	static const struct {
		long code;
		const char *text;
	} reasons[] = {
		{ 301, "Moved Permanently" },
		{ 302, "Found" },
		{ 303, "See Other" },
		{ 307, "Temporary Redirect" },
		{ 308, "Permanent Redirect" },
		{ 400, "Bad Request" },
		{ 401, "Unauthorized" },
		{ 403, "Forbidden" },
		{ 404, "Not Found" },
		{ 405, "Method Not Allowed" },
		{ 408, "Request Timeout" },
		{ 429, "Too Many Requests" },
		{ 500, "Internal Server Error" },
		{ 501, "Not Implemented" },
		{ 502, "Bad Gateway" },
		{ 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (reasons[i].code == code)
			return reasons[i].text;
	return "";
}

static void put_net(rtext *t, text_t v, size_t max)
{
	rtext_net(t, v.ptr, v.len, max);
}

/* Copied: the failure's own texts do not outlive it. */
static void put_str(rtext *t, const char *s, size_t max)
{
	if (s)
		rtext_net_copy(t, s, strlen(s), max);
}

static void put_request_id(rtext *t, const failure *f)
{
	if (f->env && text_present(f->env->request_id)) {
		rtext_lit(t, " (requestId ");
		put_net(t, f->env->request_id, VALUE_BYTES * 2);
		rtext_lit(t, ")");
	}
}

static const char *find_bytes(const char *h, size_t hlen, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= hlen && i <= hlen - n; i++)
		if (memcmp(h + i, needle, n) == 0)
			return h + i;
	return NULL;
}

/* Prefer the <title> of an HTML error page over its markup. */
static text_t snippet_of(const transfer_outcome *x)
{
	text_t t = { .ptr = x ? x->snippet : NULL, .len = x ? x->snippet_len : 0 };
	if (!t.ptr)
		return t;
	const char *open = find_bytes(t.ptr, t.len, "<title>");
	if (open) {
		open += 7;
		const char *close = find_bytes(open, t.len - (size_t)(open - t.ptr), "</title>");
		if (close && close > open) {
			t.ptr = open;
			t.len = (size_t)(close - open);
		}
	}
	return t;
}

static void put_snippet(rtext *t, const failure *f, const char *lead)
{
	text_t s = snippet_of(f->xfer);
	if (text_present(s)) {
		rtext_lit(t, lead);
		put_net(t, s, SNIPPET_BYTES);
	}
}

static const char *transport_what(xfer_status s)
{
	switch (s) {
	case XFER_TIMEOUT: return "timeout";
	case XFER_DNS: return "cannot resolve host";
	case XFER_CONNECT: return "connection failed";
	case XFER_TLS: return "TLS error";
	case XFER_TOO_LARGE: return "response too large";
	case XFER_FILE: return "cannot read response file";
	case XFER_REDIRECT: return "redirect refused";
	case XFER_SETUP: return "libcurl setup failed";
	case XFER_PROTOCOL: return "protocol error";
	case XFER_OK:
	case XFER_OTHER: break;
	}
	return "request failed";
}

static void put_http_status(rtext *t, long code)
{
	const char *reason = http_reason(code);
	rtext_litf(t, "HTTP %ld%s%s", code, *reason ? " " : "", reason);
}

/* A clock difference in the unit a person would say it in. */
static void put_duration(rtext *t, double seconds)
{
	double a = seconds < 0 ? -seconds : seconds;
	if (a < 120)
		rtext_litf(t, "%.0f s", a);
	else if (a < 2 * 3600)
		rtext_litf(t, "%.0f min", a / 60);
	else
		rtext_litf(t, "%.1f h", a / 3600);
}

static void put_hint(rtext *t, const failure *f)
{
	const transfer_outcome *x = f->xfer;
	switch (f->hint) {
	case AUTH_HINT_NONE: break;
	case AUTH_HINT_CREDENTIALS: rtext_lit(t, " - check the credentials"); break;
	case AUTH_HINT_SIGNING:
		rtext_lit(t, " - the signed request was refused: check the AccessKey ID,"
		             " the secret key and the local clock");
		break;
	case AUTH_HINT_KEY_ID:
		rtext_lit(t, " - the AccessKey ID is unknown or disabled: check --access-key-id and"
		             " that the AccessKey is enabled in the NineData console");
		break;
	case AUTH_HINT_SIGNATURE:
		rtext_lit(t, " - the signature was not accepted: check the secret key");
		break;
	case AUTH_HINT_CLOCK:
		if (x && x->has_skew &&
		    (x->skew > SIGN_CLOCK_TOLERANCE || x->skew < -SIGN_CLOCK_TOLERANCE)) {
			rtext_lit(t, " - local clock is ");
			put_duration(t, x->skew);
			rtext_litf(t, " %s the service (it accepts %d min): synchronise it",
			           x->skew > 0 ? "behind" : "ahead of", SIGN_CLOCK_TOLERANCE / 60);
		} else if (x && x->has_skew) {
			rtext_lit(
			        t,
			        " - the timestamp was not accepted, although the local clock is within ");
			put_duration(t, x->skew < 1 && x->skew > -1 ? 1 : x->skew);
			rtext_lit(t, " of the service's");
		} else {
			rtext_litf(t,
			           " - the timestamp was not accepted: check the local clock"
			           " (the service accepts %d min)",
			           SIGN_CLOCK_TOLERANCE / 60);
		}
		break;
	}
}

void failure_describe(const failure *f, size_t max_message, check_result *r)
{
	rtext *t = &r->summary;
	long code = f->xfer ? f->xfer->http_code : 0;

	r->state = f->state;
	r->error = f->error != ERR_NONE;
	r->usage = f->error == ERR_USAGE;
	switch (f->error) {
	case ERR_USAGE: put_str(t, f->detail, 0); break;
	case ERR_TRANSPORT:
		rtext_lit(t, transport_what(f->xfer ? f->xfer->status : XFER_OTHER));
		if (f->detail[0]) {
			rtext_lit(t, ": ");
			put_str(t, f->detail, max_message);
		}
		break;
	case ERR_HTTP:
		put_http_status(t, code);
		if (code >= 300 && code < 400 && f->xfer->redirect_to) {
			rtext_lit(t, ": redirect to ");
			put_str(t, f->xfer->redirect_to, max_message);
			rtext_lit(t, " not followed (see --follow)");
		} else if (f->env && text_present(f->env->message)) {
			rtext_lit(t, ": ");
			put_net(t, f->env->message, max_message);
		} else {
			put_snippet(t, f, ": ");
		}
		put_hint(t, f);
		put_request_id(t, f);
		break;
	case ERR_BODY:
		rtext_lit(t, "invalid response");
		if (code)
			rtext_litf(t, " (HTTP %ld)", code);
		rtext_lit(t, ": ");
		put_str(t, f->detail, 0);
		put_snippet(t, f, "; body starts: ");
		break;
	case ERR_API:
		if (f->env->success == TRISTATE_ABSENT) {
			rtext_lit(t, "invalid response: no 'success' field");
		} else {
			rtext_lit(t, "API error");
			if (text_present(f->env->message)) {
				rtext_lit(t, ": ");
				put_net(t, f->env->message, max_message);
			} else {
				rtext_lit(t, " (success: false, no message)");
			}
			put_hint(t, f);
		}
		put_request_id(t, f);
		break;
	case ERR_NO_DATA:
		rtext_lit(t, "API reported success but sent no data");
		put_request_id(t, f);
		break;
	case ERR_ANSWER:
		rtext_lit(t, f->detail);
		put_request_id(t, f);
		break;
	case ERR_WRONG_TASK:
		rtext_lit(t, "response is for replication '");
		put_net(t, f->other_task, VALUE_BYTES * 2);
		rtext_lit(t, "', not the one asked for");
		put_request_id(t, f);
		break;
	case ERR_NOMEM: rtext_lit(t, "out of memory"); break;
	case ERR_NONE: break;
	}
}
