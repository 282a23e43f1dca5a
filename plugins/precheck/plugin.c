/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plugin.c - the precheck plugin's part of the run: --ignore-item and
 * --warn-item, the parser, and the verdict turned into a check result. */
#include "config.h"
#include "precheck.h"
#include "evaluate.h"
#include "parse.h"
#include "summary.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_IGNORE_ITEM = OPT_PLUGIN_BASE, OPT_WARN_ITEM };

static const struct option precheck_longopts[] = {
	{ "ignore-item", required_argument, NULL, OPT_IGNORE_ITEM },
	{ "warn-item", required_argument, NULL, OPT_WARN_ITEM },
	{ NULL, 0, NULL, 0 }
};

static item_patterns patterns;

static void add_pattern(const char ***list, size_t *n, const char *pattern)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = pattern;
}

static void start(void *cfg)
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

typedef struct {
	precheck_parser *parser;
	parse_status pst;
	char perr[512];
	precheck_response resp;
	precheck_verdict verdict;
	bool judged;
} run_state;

static void *begin(const options *o)
{
	(void)o;
	run_state *s = xcalloc(1, sizeof *s);
	s->parser = parser_new();
	return s;
}

static int feed(void *state, const char *data, size_t len)
{
	return parser_feed(((run_state *)state)->parser, data, len);
}

static void reset(void *state)
{
	parser_reset(((run_state *)state)->parser);
}

static void end(void *state)
{
	run_state *s = state;
	s->pst = parser_finish(s->parser, &s->resp, s->perr, sizeof s->perr);
}

static bool judge(void *state, const options *o, const transfer_outcome *x, failure *f,
                  check_result *r)
{
	run_state *s = state;
	judge_config cfg = {
		.map = o->map,
		.n_map = o->n_map,
		.ignore = patterns.ignore,
		.n_ignore = patterns.n_ignore,
		.warn = patterns.warn,
		.n_warn = patterns.n_warn,
		.common = { .error_state = o->error_state,
		            .timeout_state = o->timeout_state,
		            .replication_id = o->replication_id },
	};
	if (s->judged)
		verdict_free(&s->verdict);
	evaluate(&cfg, x, s->pst, s->perr, &s->resp, &s->verdict);
	s->judged = true;
	if (s->verdict.error != ERR_NONE) {
		precheck_failure(&s->verdict, f);
		return true;
	}
	precheck_summarize(&s->verdict, o->max_message, r);
	return false;
}

static void release(void *state)
{
	run_state *s = state;
	if (s->judged)
		verdict_free(&s->verdict);
	if (s->pst == PARSE_OK)
		response_free(&s->resp);
	parser_free(s->parser);
	free(s);
	start(&patterns);
}

const plugin_def precheck_plugin = {
	.prefix = "PRECHECK",
	.service = "Replication precheck",
	.metric_prefix = "replication_precheck",
	.subs_key = "items",
	.more_noun = "item",
	.options = {
		.progname = PRECHECK_PROGNAME,
		.default_path = PRECHECK_PATH,
		.longopts = precheck_longopts,
		.shortopts = "",
		.start = start,
		.apply = apply,
		.cfg = &patterns,
	},
	.usage = precheck_usage,
	.help = precheck_help,
	.begin = begin,
	.feed = feed,
	.reset = reset,
	.end = end,
	.judge = judge,
	.release = release,
};
