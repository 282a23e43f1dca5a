/* evaluate.c - from transfer outcome and parsed response to a check_result. */
#include "config.h"
#include "evaluate.h"
#include "sign.h"
#include "strbuf.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const status_mapping default_map[] = {
	{ "success", STATE_OK },
	{ "warning", STATE_WARNING },
	{ "failure", STATE_CRITICAL },
};

static bool text_equals_nocase(text_t t, const char *s)
{
	size_t n = strlen(s);
	return t.ptr && t.len == n && strncasecmp(t.ptr, s, n) == 0;
}

state_t judge_status(const judge_config *cfg, text_t value)
{
	if (!value.ptr)
		return STATE_UNKNOWN;
	/* Later --map options override earlier ones, so search backwards. */
	for (size_t i = cfg ? cfg->n_map : 0; i-- > 0;)
		if (text_equals_nocase(value, cfg->map[i].value))
			return cfg->map[i].state;
	for (size_t i = 0; i < sizeof default_map / sizeof default_map[0]; i++)
		if (text_equals_nocase(value, default_map[i].value))
			return default_map[i].state;
	return STATE_UNKNOWN;
}

bool judge_match(const char *const *patterns, size_t n, text_t id)
{
	if (!id.ptr || n == 0)
		return false;
	/* An id with an embedded NUL can never equal a pattern; compare the
	 * whole id, not a prefix, by refusing such ids outright. */
	if (memchr(id.ptr, '\0', id.len))
		return false;
	for (size_t i = 0; i < n; i++)
		if (fnmatch(patterns[i], id.ptr, 0) == 0)
			return true;
	return false;
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

#define N_WORDS(a) (sizeof (a) / sizeof (a)[0])

auth_hint judge_rejection(const transfer_outcome *xfer, bool refused, text_t message)
{
	/* The service does not document its refusals, so its words are
	 * matched loosely; the skew is a measurement and wins over words. */
	static const char *const clock_words[] = { "timestamp", "expired", "clock", "time skew",
	                                           "time difference", "too old" };
	static const char *const signature_words[] = { "signature", "sign mismatch",
	                                               "sign error", "invalid sign" };
	static const char *const key_words[] = { "access key", "accesskey", "access-key",
	                                         "access_key", "key id", "keyid", "disabled" };
	bool http_refusal = xfer && (xfer->http_code == 401 || xfer->http_code == 403);

	if (!xfer || !xfer->signed_request)
		return http_refusal ? AUTH_HINT_CREDENTIALS : AUTH_HINT_NONE;
	if (!refused)
		return AUTH_HINT_NONE;
	if (xfer->has_skew && (xfer->skew > SIGN_CLOCK_TOLERANCE || xfer->skew < -SIGN_CLOCK_TOLERANCE))
		return AUTH_HINT_CLOCK;
	if (text_mentions(message, clock_words, N_WORDS(clock_words)))
		return AUTH_HINT_CLOCK;
	if (text_mentions(message, signature_words, N_WORDS(signature_words)))
		return AUTH_HINT_SIGNATURE;
	if (text_mentions(message, key_words, N_WORDS(key_words)))
		return AUTH_HINT_KEY_ID;
	return http_refusal ? AUTH_HINT_SIGNING : AUTH_HINT_NONE;
}

void evaluate_failure(state_t state, error_kind kind, const transfer_outcome *xfer,
                      const char *detail, check_result *out)
{
	memset(out, 0, sizeof *out);
	out->state = state;
	out->error = kind;
	out->xfer = xfer;
	if (detail)
		snprintf(out->error_detail, sizeof out->error_detail, "%s", detail);
}

static void count_item(check_result *r, const item_result *it)
{
	if (it->ignored) {
		r->count_ignored++;
		return;
	}
	switch (it->state) {
	case STATE_OK: r->count_ok++; break;
	case STATE_WARNING: r->count_warning++; break;
	case STATE_CRITICAL: r->count_critical++; break;
	case STATE_UNKNOWN: r->count_unknown++; break;
	}
}

/* Item rank for the output order: the state's rank, ignored items last. */
static int order_rank(const item_result *it)
{
	return it->ignored ? -1 : state_rank(it->state);
}

/* Worst first, then API order: one stable pass per rank, linear in the
 * number of items. */
static void order_items(check_result *r)
{
	size_t k = 0;
	for (int rank = state_rank(STATE_CRITICAL); rank >= -1; rank--)
		for (size_t i = 0; i < r->n_items; i++)
			if (order_rank(&r->items[i]) == rank)
				r->order[k++] = i;
}

static void judge_items(const judge_config *cfg, const precheck_response *resp,
                        check_result *r, state_t *items_state)
{
	*items_state = STATE_OK;
	r->n_items = resp->n_items;
	r->count_total = resp->n_items;
	r->items = xcalloc(resp->n_items, sizeof *r->items);
	r->order = xcalloc(resp->n_items, sizeof *r->order);
	for (size_t i = 0; i < resp->n_items; i++) {
		item_result *it = &r->items[i];
		it->item = &resp->items[i];
		it->api_state = judge_status(cfg, it->item->status);
		it->state = it->api_state;
		it->ignored = judge_match(cfg->ignore, cfg->n_ignore, it->item->id);
		if (!it->ignored && it->state == STATE_CRITICAL &&
		    judge_match(cfg->warn, cfg->n_warn, it->item->id)) {
			it->state = STATE_WARNING;
			it->capped = true;
		}
		count_item(r, it);
		if (!it->ignored)
			*items_state = state_worst(*items_state, it->state);
	}
	order_items(r);
}

static bool same_task(const judge_config *cfg, text_t got)
{
	if (!got.ptr || !cfg->replication_id)
		return true;
	return got.len == strlen(cfg->replication_id) &&
	       memcmp(got.ptr, cfg->replication_id, got.len) == 0;
}

void evaluate(const judge_config *cfg, const transfer_outcome *xfer,
              parse_status parse_st, const char *parse_err,
              const precheck_response *resp, check_result *out)
{
	const precheck_response *ok_resp = parse_st == PARSE_OK ? resp : NULL;

	if (xfer && xfer->status != XFER_OK) {
		/* A plugin that cannot configure its transfer has learnt nothing
		 * about the API: always UNKNOWN, whatever --error-state says. */
		state_t st = xfer->status == XFER_TIMEOUT ? cfg->timeout_state
		           : xfer->status == XFER_SETUP ? STATE_UNKNOWN : cfg->error_state;
		evaluate_failure(st, ERR_TRANSPORT, xfer, xfer->detail, out);
		return;
	}
	if (xfer && xfer->http_code != 0 && (xfer->http_code < 200 || xfer->http_code > 299)) {
		evaluate_failure(cfg->error_state, ERR_HTTP, xfer, NULL, out);
		out->resp = ok_resp;   /* an error body may still carry message and requestId */
		bool refused = xfer->http_code == 401 || xfer->http_code == 403 ||
		               (ok_resp && ok_resp->success == TRISTATE_FALSE);
		out->hint = judge_rejection(xfer, refused,
		                            ok_resp ? ok_resp->message : (text_t){ .ptr = NULL });
		return;
	}
	if (!ok_resp) {
		evaluate_failure(cfg->error_state, ERR_BODY, xfer, parse_err, out);
		return;
	}
	evaluate_failure(cfg->error_state, ERR_NONE, xfer, NULL, out);
	out->resp = ok_resp;
	if (ok_resp->success != TRISTATE_TRUE) {
		out->error = ERR_API;
		out->hint = judge_rejection(xfer, ok_resp->success == TRISTATE_FALSE, ok_resp->message);
		return;
	}
	if (!ok_resp->has_data) {
		out->error = ERR_NO_DATA;
		return;
	}
	if (!same_task(cfg, ok_resp->replication_id)) {
		out->error = ERR_WRONG_TASK;
		return;
	}
	if (!ok_resp->precheck_status.ptr && ok_resp->n_items == 0) {
		out->error = ERR_NO_STATUS;
		return;
	}

	state_t items_state;
	judge_items(cfg, ok_resp, out, &items_state);
	out->items_state = items_state;
	out->has_overall = ok_resp->precheck_status.ptr != NULL;
	out->overall_state = judge_status(cfg, ok_resp->precheck_status);

	/* Item rules only take over when they changed what the items say: a
	 * pattern that matches nothing, or only passed items, must not turn an
	 * overall failure into OK. */
	bool overrides = false;
	for (size_t i = 0; !overrides && i < out->n_items; i++) {
		const item_result *it = &out->items[i];
		overrides = it->capped || (it->ignored && it->api_state != STATE_OK);
	}
	if (out->n_items > 0 && (overrides || !out->has_overall)) {
		out->items_decide = overrides;
		out->state = items_state;
	} else if (out->n_items > 0) {
		/* Never better than any part of the answer. */
		out->state = state_worst(out->overall_state, items_state);
		out->overall_disagrees = state_rank(items_state) > state_rank(out->overall_state);
	} else {
		out->state = out->overall_state;
	}
}

void result_free(check_result *r)
{
	if (!r)
		return;
	free(r->items);
	free(r->order);
	r->items = NULL;
	r->order = NULL;
}
