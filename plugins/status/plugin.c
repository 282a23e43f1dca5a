/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plugin.c - the status plugin's part of the run: -w/-c delay thresholds,
 * the parser, and the judgement into a check result. */
#include "config.h"
#include "status_plugin.h"
#include "status_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The thresholds of this run. */
typedef struct {
	mp_range warn, crit;
} thresholds;

static thresholds limits;

static void start(void *cfg)
{
	*(thresholds *)cfg = (thresholds){ .warn = { .set = false } };
}

static int apply(void *cfg, int c, const char *arg, char *err, size_t errlen)
{
	thresholds *t = cfg;
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

static const struct option status_longopts[] = { { "warning", required_argument, NULL, 'w' },
	                                         { "critical", required_argument, NULL, 'c' },
	                                         { NULL, 0, NULL, 0 } };

typedef struct {
	json_reader *reader;
	parse_status pst;
	char perr[512];
	status_response resp;
} run_state;

static void *begin(const options *o)
{
	(void)o;
	run_state *s = xcalloc(1, sizeof *s);
	s->reader = json_reader_new();
	return s;
}

static int feed(void *state, const char *data, size_t len)
{
	return json_reader_feed(((run_state *)state)->reader, data, len);
}

static void reset(void *state)
{
	json_reader_reset(((run_state *)state)->reader);
}

static void end(void *state)
{
	run_state *s = state;
	jnode *root;
	s->pst = json_reader_finish(s->reader, &root, s->perr, sizeof s->perr);
	if (s->pst == PARSE_OK)
		s->pst = status_convert(root, &s->resp, s->perr, sizeof s->perr);
}

static bool judge(void *state, const options *o, const transfer_outcome *x, failure *f,
                  check_result *r)
{
	run_state *s = state;
	verdict_config common = { .error_state = o->error_state,
		                  .timeout_state = o->timeout_state,
		                  .replication_id = o->replication_id };
	bool ok = s->pst == PARSE_OK;
	text_t none = { .ptr = NULL };

	if (verdict_check(&common, x, s->pst, s->perr, ok ? &s->resp.env : NULL,
	                  ok && s->resp.has_data, ok ? s->resp.replication_id : none, f))
		return true;
	if (!s->resp.status.ptr && s->resp.n_subtasks == 0) {
		failure_set(f, o->error_state, ERR_ANSWER, x,
		            "response has neither status nor subTaskList");
		f->env = &s->resp.env;
		return true;
	}
	status_config cfg = { .map = o->map,
		              .n_map = o->n_map,
		              .warn = limits.warn,
		              .crit = limits.crit,
		              .replication_id = o->replication_id };
	status_evaluate(&cfg, &s->resp, r);
	return false;
}

static void release(void *state)
{
	run_state *s = state;
	if (s->pst == PARSE_OK)
		status_response_free(&s->resp);
	json_reader_free(s->reader);
	free(s);
}

const plugin_def status_plugin = {
	.prefix = "REPLICATION",
	.service = "Replication status",
	.metric_prefix = "replication_status",
	.subs_key = "subtasks",
	.more_noun = "subtask",
	.options = {
		.progname = STATUS_PROGNAME,
		.default_path = STATUS_PATH,
		.longopts = status_longopts,
		.shortopts = "w:c:",
		.start = start,
		.apply = apply,
		.cfg = &limits,
	},
	.usage = status_usage,
	.help = status_help,
	.begin = begin,
	.feed = feed,
	.reset = reset,
	.end = end,
	.judge = judge,
	.release = release,
};
