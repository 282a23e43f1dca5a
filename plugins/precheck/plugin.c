/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plugin.c - the precheck plugin's part of the run: --ignore-item and
 * --warn-item, its parse and its judgement, as the shared run calls them. */
#include "config.h"
#include "precheck.h"
#include "evaluate.h"
#include "parse.h"
#include "summary.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_IGNORE_ITEM = OPT_PLUGIN_BASE, OPT_WARN_ITEM };

static const struct option precheck_longopts[] = {
	{ .name = "ignore-item", .has_arg = required_argument, .val = OPT_IGNORE_ITEM },
	{ .name = "warn-item", .has_arg = required_argument, .val = OPT_WARN_ITEM },
	{ .name = NULL },
};

static void add_pattern(const char ***list, size_t *n, const char *pattern)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = pattern;
}

static void config_free(void *cfg)
{
	item_patterns *p = cfg;
	free(p->ignore);
	free(p->warn);
	*p = (item_patterns){ .ignore = NULL };
}

static int apply(void *cfg, int c, const char *arg, char *err, size_t errlen)
{
	item_patterns *p = cfg;
	switch (c) {
	case OPT_IGNORE_ITEM: add_pattern(&p->ignore, &p->n_ignore, arg); return 0;
	case OPT_WARN_ITEM: add_pattern(&p->warn, &p->n_warn, arg); return 0;
	default: return options_fail(err, errlen, "internal: unhandled option %d", c);
	}
}

static parse_status parse(jnode *root, void *answer, answer_head *head, char *err, size_t errlen)
{
	precheck_response *r = answer;
	parse_status st = precheck_convert(root, r, err, errlen);
	if (st == PARSE_OK)
		*head = precheck_head(r);
	return st;
}

static void answer_free(void *answer)
{
	response_free(answer);
}

static void evaluate(const void *cfg, const verdict_config *vc, const void *answer,
                     check_result *r)
{
	const item_patterns *p = cfg;
	judge_config jc = { .map = vc->map,
		            .n_map = vc->n_map,
		            .ignore = p->ignore,
		            .n_ignore = p->n_ignore,
		            .warn = p->warn,
		            .n_warn = p->n_warn };
	precheck_verdict v;
	precheck_judge(&jc, answer, &v);
	precheck_summarize(&v, vc->max_message, r);
	verdict_free(&v);
}

const plugin_def precheck_plugin = {
	.prefix = "PRECHECK",
	.service = PRECHECK_SERVICE,
	.state_metric = "replication_precheck_state",
	.duration_metric = "replication_precheck_duration_seconds",
	.subs_key = "items",
	.more_noun = "item",
	.options = {
		.progname = PRECHECK_PROGNAME,
		.default_path = PRECHECK_PATH,
		.longopts = precheck_longopts,
		.shortopts = "",
		.start = config_free,
		.apply = apply,
	},
	.config_size = sizeof(item_patterns),
	.config_free = config_free,
	.usage = precheck_usage,
	.help = precheck_help,
	.answer_size = sizeof(precheck_response),
	.prepare = precheck_prepare,
	.parse = parse,
	.answer_free = answer_free,
	.nothing_to_judge = "response has neither precheckStatus nor items",
	.evaluate = evaluate,
};
