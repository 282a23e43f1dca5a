/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plugin.c - the status plugin's part of the run: -w/-c delay thresholds,
 * its parse and its judgement, as the shared run calls them. */
#include "config.h"
#include "status_plugin.h"
#include "status_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void start(void *cfg)
{
	*(status_thresholds *)cfg = (status_thresholds){ .warn = { .set = false } };
}

static int apply(void *cfg, int c, const char *arg, char *err, size_t errlen)
{
	status_thresholds *t = cfg;
	char why[128];
	mp_range *r = c == 'w' ? &t->warn : c == 'c' ? &t->crit : NULL;
	if (!r)
		return options_fail(err, errlen, "internal: unhandled option %d", c);
	if (range_parse(arg, r, why, sizeof why))
		return options_fail(err, errlen,
		                    "--%s: %s (a range such as 300, 5m, 10:, ~:90s,"
		                    " @1m:2m; units ms, s, m, h)",
		                    c == 'w' ? "warning" : "critical", why);
	return 0;
}

static const struct option status_longopts[] = {
	{ .name = "warning", .has_arg = required_argument, .val = 'w' },
	{ .name = "critical", .has_arg = required_argument, .val = 'c' },
	{ .name = NULL },
};

static parse_status parse(jnode *root, void *answer, answer_head *head, char *err, size_t errlen)
{
	status_response *r = answer;
	parse_status st = status_convert(root, r, err, errlen);
	if (st == PARSE_OK)
		*head = status_head(r);
	return st;
}

static void answer_free(void *answer)
{
	status_response_free(answer);
}

static void evaluate(const void *cfg, const verdict_config *vc, const void *answer,
                     check_result *r)
{
	const status_thresholds *t = cfg;
	status_config sc = { .map = vc->map,
		             .n_map = vc->n_map,
		             .warn = t->warn,
		             .crit = t->crit,
		             .replication_id = vc->replication_id };
	status_evaluate(&sc, answer, r);
}

const plugin_def status_plugin = {
	.prefix = "REPLICATION",
	.service = STATUS_SERVICE,
	.state_metric = "replication_status_state",
	.duration_metric = "replication_status_duration_seconds",
	.subs_key = "subtasks",
	.more_noun = "subtask",
	.options = {
		.progname = STATUS_PROGNAME,
		.default_path = STATUS_PATH,
		.longopts = status_longopts,
		.shortopts = "w:c:",
		.start = start,
		.apply = apply,
	},
	.config_size = sizeof(status_thresholds),
	.usage = status_usage,
	.help = status_help,
	.answer_size = sizeof(status_response),
	.parse = parse,
	.answer_free = answer_free,
	.nothing_to_judge = "response has neither status nor subTaskList",
	.evaluate = evaluate,
};
