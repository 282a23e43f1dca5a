/* SPDX-License-Identifier: GPL-3.0-or-later */
/* evaluate.c - the fleet's verdict: every task's own state counted, the
 * worst of them (an unreached task is UNKNOWN, whatever --map says), a
 * fleet with too few tasks at least UNKNOWN, and a line 1 a person can
 * read on a phone. */
#include "config.h"
#include "tasks.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of a name or filter value in the output. */
#define NAME_BYTES 60

typedef struct {
	size_t tasks, ok, warning, critical, unknown, unreached;
} counts;

static bool unreached(const fleet_entry *e)
{
	return e->in_list && !e->reached;
}

static counts count(const fleet_run *run)
{
	counts n = { .tasks = run->n };
	for (size_t i = 0; i < run->n; i++) {
		const fleet_entry *e = &run->entries[i];
		if (unreached(e)) {
			n.unreached++;
			continue;
		}
		switch (e->result.state) {
		case STATE_OK: n.ok++; break;
		case STATE_WARNING: n.warning++; break;
		case STATE_CRITICAL: n.critical++; break;
		case STATE_UNKNOWN: n.unknown++; break;
		}
	}
	return n;
}

static void put_filter(rtext *t, const char **sep, const char *name, const char *value)
{
	if (!value)
		return;
	rtext_litf(t, "%s%s=", *sep, name);
	rtext_net_copy(t, value, strlen(value), NAME_BYTES);
	*sep = ", ";
}

static bool filtered(const fleet_settings *fs, const fleet_run *run)
{
	return fs->n_statuses || fs->type || fs->keyword || fs->datasource || fs->source ||
	       fs->target || run->n_ids || fs->shards;
}

/* "status=running, keyword=db": what selected the tasks. */
static void put_filters(rtext *t, const fleet_settings *fs, const fleet_run *run)
{
	const char *sep = "";
	for (size_t i = 0; i < fs->n_statuses; i++)
		put_filter(t, &sep, "status", fs->statuses[i]);
	put_filter(t, &sep, "type", fs->type);
	put_filter(t, &sep, "keyword", fs->keyword);
	put_filter(t, &sep, "datasource-id", fs->datasource);
	put_filter(t, &sep, "source-datasource-id", fs->source);
	put_filter(t, &sep, "target-datasource-id", fs->target);
	for (size_t i = 0; i < run->n_ids; i++)
		put_filter(t, &sep, "replication-id", run->ids[i]);
	if (fs->shards)
		rtext_litf(t, "%sshard %d/%d", sep, fs->shard, fs->shards);
}

/* "12 tasks: 2 critical, 3 warning, 1 unknown, 6 ok, 4 not checked (...)" */
static void put_counts(rtext *t, const counts *n, const fleet_run *run)
{
	static const struct {
		const char *word;
		size_t offset;
	} parts[] = {
		{ .word = "critical", .offset = offsetof(counts, critical) },
		{ .word = "warning", .offset = offsetof(counts, warning) },
		{ .word = "unknown", .offset = offsetof(counts, unknown) },
		{ .word = "ok", .offset = offsetof(counts, ok) },
	};
	rtext_litf(t, "%zu task%s", n->tasks, n->tasks == 1 ? "" : "s");
	const char *sep = ": ";
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		size_t v = *(const size_t *)((const char *)n + parts[i].offset);
		if (!v)
			continue;
		rtext_litf(t, "%s%zu %s", sep, v, parts[i].word);
		sep = ", ";
	}
	if (n->unreached)
		rtext_litf(t, "%s%zu not checked (time budget of %g s spent)", sep, n->unreached,
		           run->budget);
}

static void put_summary(rtext *t, const fleet_settings *fs, const fleet_run *run, const counts *n)
{
	if (run->list_failed && !run->n) {
		rtext_lit(t, "cannot read the task list: ");
		rtext_append(t, &run->list_error);
		return;
	}
	if (!n->tasks) {
		if (filtered(fs, run)) {
			rtext_lit(t, "no tasks match (");
			put_filters(t, fs, run);
			rtext_lit(t, ")");
		} else {
			rtext_lit(t, "the task list is empty");
		}
		if (fs->min_tasks > 0)
			rtext_litf(t, ", fewer than --min-tasks %ld", fs->min_tasks);
	} else {
		put_counts(t, n, run);
		if ((long)n->tasks < fs->min_tasks) {
			rtext_litf(t, "; fewer than --min-tasks %ld match (", fs->min_tasks);
			put_filters(t, fs, run);
			rtext_lit(t, ")");
		}
	}
	if (run->list_failed) {
		rtext_lit(t, "; the task list is incomplete: ");
		rtext_append(t, &run->list_error);
	} else if (run->total >= 0 && (long)run->listed < run->total) {
		/* Tasks deleted while the pages were read, most likely. */
		rtext_litf(t, "; the list said %ld tasks, %zu arrived", run->total, run->listed);
	}
}

static int worst_first(const void *a, const void *b)
{
	const fleet_entry *x = *(const fleet_entry *const *)a, *y = *(const fleet_entry *const *)b;
	int rx = state_rank(x->result.state), ry = state_rank(y->result.state);
	if (rx != ry)
		return rx > ry ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* One line per task, worst first, then in list order: its name and id,
 * and what its own plugin says of it. */
static void add_tasks(const fleet_run *run, check_result *r)
{
	const fleet_entry **order = xcalloc(run->n ? run->n : 1, sizeof *order);
	for (size_t i = 0; i < run->n; i++)
		order[i] = &run->entries[i];
	qsort(order, run->n, sizeof *order, worst_first);
	for (size_t i = 0; i < run->n; i++) {
		const fleet_entry *e = order[i];
		subcheck *s = result_add_sub(r, e->result.state);
		s->quiet = e->result.state == STATE_OK;
		if (e->task.name)
			rtext_net_copy(&s->label, e->task.name, strlen(e->task.name), NAME_BYTES);
		rtext_net_copy(&s->id, e->task.id, strlen(e->task.id), 0);
		rtext_append(&s->text, &e->result.summary);
	}
	free(order);
}

/* The fleet's perfdata: the counts, which add up to tasks, and the largest
 * delay with the thresholds every task was judged by. */
static void add_perfdata(const status_thresholds *t, const fleet_run *run, const counts *n,
                         check_result *r)
{
	result_add_count(r, "tasks", n->tasks);
	result_add_count(r, "ok", n->ok);
	result_add_count(r, "warning", n->warning);
	result_add_count(r, "critical", n->critical);
	result_add_count(r, "unknown", n->unknown);
	result_add_count(r, "unreached", n->unreached);
	bool any = false;
	double max = 0;
	for (size_t i = 0; i < run->n; i++) {
		if (run->entries[i].has_gauge && (!any || run->entries[i].gauge > max)) {
			max = run->entries[i].gauge;
			any = true;
		}
	}
	if (!any)
		return;
	status_add_delay_perf(r, "delay_max", max, &t->warn, &t->crit);
}

static void add_metrics(const counts *n, check_result *r)
{
	static const char help[] = "Tasks of the fleet by the state of their check.";
	const struct {
		const char *state;
		size_t v;
	} by_state[] = {
		{ .state = "ok", .v = n->ok },
		{ .state = "warning", .v = n->warning },
		{ .state = "critical", .v = n->critical },
		{ .state = "unknown", .v = n->unknown },
	};
	for (size_t i = 0; i < sizeof by_state / sizeof by_state[0]; i++) {
		metric *m = result_add_metric(r, "replication_tasks", help, (double)by_state[i].v);
		metric_label(m, "state", by_state[i].state, strlen(by_state[i].state));
	}
	result_add_metric(r, "replication_tasks_unreached",
	                  "Tasks of the fleet not checked before the time budget ran out.",
	                  (double)n->unreached);
}

static void add_facts(const counts *n, const fleet_run *run, check_result *r)
{
	fieldlist *c = fields_object(&r->facts, "counts");
	fields_int(c, "tasks", (long long)n->tasks);
	fields_int(c, "ok", (long long)n->ok);
	fields_int(c, "warning", (long long)n->warning);
	fields_int(c, "critical", (long long)n->critical);
	fields_int(c, "unknown", (long long)n->unknown);
	fields_int(c, "unreached", (long long)n->unreached);
	fields_int(&r->facts, "listed", (long long)run->listed);
	if (run->total >= 0)
		fields_int(&r->facts, "total", run->total);
	else
		fields_null(&r->facts, "total");
}

void tasks_evaluate(const void *cfg, const fleet_run *run, check_result *r)
{
	const tasks_config *tc = cfg;
	const fleet_settings *fs = &tc->fleet;
	counts n = count(run);
	state_t st = STATE_OK;
	if (n.warning)
		st = state_worst(st, STATE_WARNING);
	if (n.critical)
		st = state_worst(st, STATE_CRITICAL);
	if (n.unknown || n.unreached)
		st = state_worst(st, STATE_UNKNOWN);
	if (run->list_failed)
		st = state_worst(st, run->list_state);
	/* An empty fleet is not a healthy one: a key that lost its rights
	 * must not read as "0 problems". */
	if ((long)n.tasks < fs->min_tasks)
		st = state_worst(st, STATE_UNKNOWN);
	r->state = st;
	r->error = run->list_failed && !run->n;
	put_summary(&r->summary, fs, run, &n);
	add_tasks(run, r);
	add_perfdata(&tc->thresholds, run, &n, r);
	if (r->want_metrics)
		add_metrics(&n, r);
	if (r->want_fields)
		add_facts(&n, run, r);
}
