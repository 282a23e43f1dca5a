/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plugin.c - check_replication_tasks' part of the run: which tasks
 * (filters, -r, --shard), how (--parallel, --page-size), what a fleet must
 * hold (--min-tasks), and the fleet run's parts: the list's parse, each
 * task judged by the status plugin, a preCheckFailed one explained by the
 * precheck plugin, the fleet's evaluate. */
#include "config.h"
#include "tasks.h"
#include "precheck.h"
#include "status_parse.h"
#include "status_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_STATUS = OPT_PLUGIN_BASE,
	OPT_TYPE,
	OPT_KEYWORD,
	OPT_DATASOURCE,
	OPT_SOURCE,
	OPT_TARGET,
	OPT_SHARD,
	OPT_PARALLEL,
	OPT_PAGE_SIZE,
	OPT_MIN_TASKS,
	OPT_DISCOVER,
};

static const struct option tasks_longopts[] = {
	{ .name = "status", .has_arg = required_argument, .val = OPT_STATUS },
	{ .name = "type", .has_arg = required_argument, .val = OPT_TYPE },
	{ .name = "keyword", .has_arg = required_argument, .val = OPT_KEYWORD },
	{ .name = "datasource-id", .has_arg = required_argument, .val = OPT_DATASOURCE },
	{ .name = "source-datasource-id", .has_arg = required_argument, .val = OPT_SOURCE },
	{ .name = "target-datasource-id", .has_arg = required_argument, .val = OPT_TARGET },
	{ .name = "shard", .has_arg = required_argument, .val = OPT_SHARD },
	{ .name = "parallel", .has_arg = required_argument, .val = OPT_PARALLEL },
	{ .name = "page-size", .has_arg = required_argument, .val = OPT_PAGE_SIZE },
	{ .name = "min-tasks", .has_arg = required_argument, .val = OPT_MIN_TASKS },
	{ .name = "discover", .has_arg = no_argument, .val = OPT_DISCOVER },
	{ .name = "warning", .has_arg = required_argument, .val = 'w' },
	{ .name = "critical", .has_arg = required_argument, .val = 'c' },
	{ .name = NULL },
};

static void config_free(void *cfg)
{
	tasks_config *t = cfg;
	free(t->fleet.statuses);
	*t = (tasks_config){ .fleet = { .parallel = DEFAULT_PARALLEL,
		                        .page_size = DEFAULT_PAGE_SIZE,
		                        .min_tasks = DEFAULT_MIN_TASKS } };
	status_plugin.options.start(&t->thresholds);
}

/* K/N with 1 <= K <= N. */
static int shard(const char *s, fleet_settings *fs)
{
	const char *slash = strchr(s, '/');
	char k[16];
	long kv, nv;
	if (!slash || slash == s || (size_t)(slash - s) >= sizeof k)
		return -1;
	memcpy(k, s, (size_t)(slash - s));
	k[slash - s] = '\0';
	if (options_number(k, 1, 1000000, &kv) || options_number(slash + 1, 1, 1000000, &nv) ||
	    kv > nv)
		return -1;
	fs->shard = (int)kv;
	fs->shards = (int)nv;
	return 0;
}

static int apply(void *cfg, int c, const char *arg, char *err, size_t errlen)
{
	tasks_config *t = cfg;
	fleet_settings *fs = &t->fleet;
	long v;
	switch (c) {
	case 'w':
	case 'c': return status_plugin.options.apply(&t->thresholds, c, arg, err, errlen);
	case OPT_STATUS:
		if (!*arg)
			return options_fail(err, errlen, "--status needs a status value");
		fs->statuses = xrealloc(fs->statuses, (fs->n_statuses + 1) * sizeof *fs->statuses);
		fs->statuses[fs->n_statuses++] = arg;
		return 0;
	case OPT_TYPE:
		if (strcmp(arg, "default") != 0 && strcmp(arg, "forward") != 0 &&
		    strcmp(arg, "backward") != 0)
			return options_fail(err, errlen,
			                    "--type must be default, forward or backward, not '%s'",
			                    arg);
		fs->type = arg;
		return 0;
	case OPT_KEYWORD: fs->keyword = arg; return 0;
	case OPT_DATASOURCE: fs->datasource = arg; return 0;
	case OPT_SOURCE: fs->source = arg; return 0;
	case OPT_TARGET: fs->target = arg; return 0;
	case OPT_SHARD:
		if (shard(arg, fs))
			return options_fail(err, errlen,
			                    "--shard must be K/N with 1 <= K <= N, not '%s'", arg);
		return 0;
	case OPT_PARALLEL:
		if (options_number(arg, 1, MAX_PARALLEL, &v))
			return options_fail(err, errlen,
			                    "--parallel must be a number from 1 to %d, not '%s'",
			                    MAX_PARALLEL, arg);
		fs->parallel = (int)v;
		return 0;
	case OPT_PAGE_SIZE:
		if (options_number(arg, 1, MAX_PAGE_SIZE, &v))
			return options_fail(err, errlen,
			                    "--page-size must be a number from 1 to %d, not '%s'",
			                    MAX_PAGE_SIZE, arg);
		fs->page_size = (int)v;
		return 0;
	case OPT_MIN_TASKS:
		if (options_number(arg, 0, 1000000000, &v))
			return options_fail(err, errlen,
			                    "--min-tasks must be a number from 0, not '%s'", arg);
		fs->min_tasks = v;
		return 0;
	case OPT_DISCOVER: fs->discover = true; return 0;
	default: return options_fail(err, errlen, "internal: unhandled option %d", c);
	}
}

static int validate(const void *cfg, const options *o, char *err, size_t errlen)
{
	const tasks_config *t = cfg;
	if (t->fleet.discover && o->format != FORMAT_NAGIOS && o->format != FORMAT_JSON)
		return options_fail(err, errlen, "--discover prints a JSON array, not %s",
		                    format_name(o->format));
	return 0;
}

static const fleet_settings *settings(const void *cfg)
{
	return &((const tasks_config *)cfg)->fleet;
}

static const void *task_config(const void *cfg)
{
	return &((const tasks_config *)cfg)->thresholds;
}

/* A task that failed its precheck: its failing items say why. */
static bool precheck_failed(const void *task_answer)
{
	const status_response *r = task_answer;
	return text_equals_nocase(r->status, "preCheckFailed");
}

/* The list's answer, as the fleet run reads it. */
static const plugin_def task_list = {
	.answer_size = sizeof(fleet_page),
	.parse = tasks_parse_page,
	.answer_free = tasks_page_free,
	.nothing_to_judge = "response holds no task list",
};

static const fleet_def tasks_fleet = {
	.list = &task_list,
	.task = &status_plugin,
	.explain = &precheck_plugin,
	.explain_if = precheck_failed,
	.explain_label = "precheck",
	.gauge_label = "delay",
	.settings = settings,
	.task_config = task_config,
	.evaluate = tasks_evaluate,
};

const plugin_def tasks_plugin = {
	.prefix = "REPLICATION",
	.service = TASKS_SERVICE,
	.state_metric = "replication_tasks_state",
	.duration_metric = "replication_tasks_duration_seconds",
	.subs_key = "tasks",
	.more_noun = "task",
	.options = {
		.progname = TASKS_PROGNAME,
		.default_path = TASKS_PATH,
		.longopts = tasks_longopts,
		.shortopts = "w:c:",
		.fleet = true,
		.start = config_free,
		.apply = apply,
		.validate = validate,
	},
	.config_size = sizeof(tasks_config),
	.config_free = config_free,
	.usage = tasks_usage,
	.help = tasks_help,
	.fleet = &tasks_fleet,
};
