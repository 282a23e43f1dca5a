/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plugin.c - what every plugin's judgement and result start from, whether
 * one answer is judged (run.c) or a fleet of them (fleet.c). */
#include "config.h"
#include "plugin.h"

#include <stdio.h>
#include <string.h>

verdict_config plugin_verdict_config(const options *o)
{
	return (verdict_config){ .error_state = o->error_state,
		                 .timeout_state = o->timeout_state,
		                 .replication_id = o->replication_id,
		                 .map = o->map,
		                 .n_map = o->n_map,
		                 .max_message = o->max_message };
}

void plugin_result_start(const plugin_def *p, const options *o, const char *replication_id,
                         check_result *r)
{
	result_init(r, p->prefix, p->service);
	r->subs_key = p->subs_key;
	r->more_noun = p->more_noun;
	r->replication_id = replication_id;
	r->want_fields = o->format == FORMAT_JSON;
	r->want_metrics = o->format == FORMAT_PROMETHEUS;
	metric *m = result_add_metric(r, p->state_metric,
	                              "State of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
	                              0);
	/* Every sample of a plugin about one task names it, even before the
	 * command line is understood: an exporter joins series on the label. */
	if (!p->fleet) {
		const char *id = replication_id ? replication_id : "";
		metric_label(m, "replication_id", id, strlen(id));
	}
}

void plugin_result_end(const plugin_def *p, check_result *r, double elapsed)
{
	r->metrics[0].value = (double)r->state;
	if (elapsed < 0)
		return;
	perfdatum *t = result_add_perf(r, "time", "s");
	snprintf(t->value, sizeof t->value, "%.6f", elapsed);
	snprintf(t->min, sizeof t->min, "0");
	/* Microseconds are all the clock is worth. */
	metric *m = result_add_metric(r, p->duration_metric, "Seconds the check took.",
	                              (double)(long long)(elapsed * 1e6 + 0.5) / 1e6);
	if (!p->fleet) {
		const char *id = r->replication_id ? r->replication_id : "";
		metric_label(m, "replication_id", id, strlen(id));
	}
}
