/* SPDX-License-Identifier: GPL-3.0-or-later */
/* evaluate.h - pure judgement of a precheck answer: what it means as a
 * state. Owns: the status map, item overrides and counts. */
#ifndef PRECHECK_EVALUATE_H
#define PRECHECK_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>

#include "mapping.h"
#include "parse.h"
#include "state.h"
#include "transport.h"
#include "verdict.h"

typedef struct {
	const status_mapping *map; /* --map; checked before the defaults */
	size_t n_map;
	const char *const *ignore; /* itemId shell patterns */
	size_t n_ignore;
	const char *const *warn; /* itemId shell patterns capped at WARNING */
	size_t n_warn;
	verdict_config common; /* error and timeout states, the task asked for */
} judge_config;

typedef struct {
	const precheck_item *item;
	state_t state;     /* after overrides */
	state_t api_state; /* from the API's status alone */
	bool ignored;
	bool capped; /* --warn-item lowered it */
} item_result;

typedef struct {
	state_t state;
	error_kind error;
	char error_detail[256]; /* parse or transport reason */
	auth_hint hint;         /* with ERR_HTTP and ERR_API */
	const transfer_outcome *xfer;
	const precheck_response *resp;
	text_t other_task; /* ERR_WRONG_TASK: whom the answer is for */

	bool has_overall;       /* precheckStatus present */
	state_t overall_state;  /* its mapping */
	bool overall_disagrees; /* overall better than the items */
	state_t items_state;    /* worst of the items that count */

	item_result *items; /* in API order */
	size_t n_items;
	size_t *order; /* indexes into items: worst first, then API order */
	size_t count_total, count_ok, count_warning, count_critical, count_unknown, count_ignored;
	bool items_decide; /* overrides present and items exist */
} precheck_verdict;

/* The default map plus user mappings: state for an API status value.
 * Unmapped or absent values are UNKNOWN. */
state_t judge_status(const judge_config *cfg, text_t value);

/* True when id matches one of the shell patterns. */
bool judge_match(const char *const *patterns, size_t n, text_t id);

/* Builds the verdict. parse_st/parse_err describe the body; resp is valid
 * only when parse_st is PARSE_OK. Never fails; free with result_free. */
void evaluate(const judge_config *cfg, const transfer_outcome *xfer, parse_status parse_st,
              const char *parse_err, const precheck_response *resp, precheck_verdict *out);

/* A verdict for a failure before or outside the HTTP exchange. */
void evaluate_failure(state_t state, error_kind kind, const transfer_outcome *xfer,
                      const char *detail, precheck_verdict *out);

void verdict_free(precheck_verdict *r);

#endif
