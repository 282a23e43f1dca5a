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

typedef struct {
	const status_mapping *map; /* --map; checked before the defaults */
	size_t n_map;
	const char *const *ignore; /* itemId shell patterns */
	size_t n_ignore;
	const char *const *warn; /* itemId shell patterns capped at WARNING */
	size_t n_warn;
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
	const precheck_response *resp;

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

/* Judges an answer that passed the checks every answer goes through
 * (answer.h). Never fails; free with verdict_free. */
void precheck_judge(const judge_config *cfg, const precheck_response *resp,
                    precheck_verdict *out);

void verdict_free(precheck_verdict *r);

#endif
