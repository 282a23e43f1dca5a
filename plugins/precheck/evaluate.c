/* SPDX-License-Identifier: GPL-3.0-or-later */
/* evaluate.c - from transfer outcome and parsed precheck answer to a verdict. */
#include "config.h"
#include "evaluate.h"
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

state_t judge_status(const judge_config *cfg, text_t value)
{
	return mapping_lookup(cfg ? cfg->map : NULL, cfg ? cfg->n_map : 0, default_map,
	                      sizeof default_map / sizeof default_map[0], value, NULL);
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

static void count_item(precheck_verdict *r, const item_result *it)
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
static void order_items(precheck_verdict *r)
{
	size_t k = 0;
	for (int rank = state_rank(STATE_CRITICAL); rank >= -1; rank--)
		for (size_t i = 0; i < r->n_items; i++)
			if (order_rank(&r->items[i]) == rank)
				r->order[k++] = i;
}

static void judge_items(const judge_config *cfg, const precheck_response *resp, precheck_verdict *r,
                        state_t *items_state)
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

void precheck_judge(const judge_config *cfg, const precheck_response *resp,
                    precheck_verdict *out)
{
	*out = (precheck_verdict){ .resp = resp };
	state_t items_state;
	judge_items(cfg, resp, out, &items_state);
	out->items_state = items_state;
	out->has_overall = resp->precheck_status.ptr != NULL;
	out->overall_state = judge_status(cfg, resp->precheck_status);

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

void verdict_free(precheck_verdict *r)
{
	if (!r)
		return;
	free(r->items);
	free(r->order);
	r->items = NULL;
	r->order = NULL;
}
