/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fleet.h - many tasks judged in one run: the task list paged through, each
 * task asked and judged as its own plugin judges it, the fleet's verdict. */
#ifndef CHECK_FLEET_H
#define CHECK_FLEET_H

#include <stdbool.h>
#include <stddef.h>

#include "multi.h"
#include "options.h"
#include "plugin.h"
#include "result.h"

/* One task of the list, copied out of its page (owned strings; NULL when
 * the list did not say). */
typedef struct {
	char *id, *name, *type, *status, *source, *target, *pair;
} fleet_task;

/* Frees a task's strings (not t itself). */
void fleet_task_free(fleet_task *t);

/* A page of the list, as the fleet plugin's list parse makes it. */
typedef struct {
	fleet_task *tasks;
	size_t n;
	bool has_page_size, has_total;
	long page_size, total; /* as the service answered */
	jnode *doc_;           /* the document the envelope's texts point into */
} fleet_page;

/* What selects the tasks, and how the run goes: the fleet plugin's options. */
typedef struct {
	const char **statuses; /* --status, repeatable; one is sent, more filter here */
	size_t n_statuses;
	const char *type, *keyword, *datasource, *source, *target; /* sent as filters */
	int parallel;
	int page_size;   /* asked for; the answer's is followed */
	long min_tasks;  /* fewer is at least UNKNOWN */
	int shard, shards; /* --shard K/N; shards 0: all tasks */
	bool discover;   /* list the tasks, judge none */
} fleet_settings;

/* One task of the run, and its verdict. */
typedef struct {
	fleet_task task;
	bool has_gauge;      /* the task's perfdata had the fleet's gauge ... */
	double gauge;        /* ... with this value */
	bool reached;        /* asked and answered before the budget ran out */
	bool in_list;        /* false: named with -r, not in the list */
	check_result result; /* what the task's own plugin says of it */
} fleet_entry;

/* Everything the fleet's evaluate reads. */
typedef struct {
	fleet_entry *entries; /* in list order, each task once */
	size_t n;
	size_t listed;        /* distinct tasks the list gave */
	long total;           /* what the list's first page said; -1: not said */
	bool list_failed;     /* the list could not be read to its end */
	rtext list_error;     /* ... why, in words */
	state_t list_state;   /* ... and the state that is, by --error-state */
	double budget;        /* -t */
	const char *const *ids; /* -r, which restrict the run to those tasks */
	size_t n_ids;
} fleet_run;

typedef struct fleet_def {
	/* The list's answer (at the plugin's --path): its parse fills a
	 * fleet_page. */
	const plugin_def *list;
	/* Each task is judged by task, with task_config; a task whose answer
	 * explain_if() accepts is explained by explain too (its judgement is
	 * appended, after label, to the task's; its state stays the task's). */
	const plugin_def *task;
	const plugin_def *explain;
	bool (*explain_if)(const void *task_answer);
	const char *explain_label;
	/* The task perfdata label whose largest value the fleet reports. */
	const char *gauge_label;
	/* Where the settings and the task plugin's configuration are in the
	 * fleet plugin's configuration. */
	const fleet_settings *(*settings)(const void *cfg);
	const void *(*task_config)(const void *cfg);
	/* The fleet's evaluate, pure: the run into r (state, summary, one
	 * subcheck per task, perfdata, metrics, facts); cfg is the fleet
	 * plugin's configuration. */
	void (*evaluate)(const void *cfg, const fleet_run *run, check_result *r);
} fleet_def;

/* FNV-1a, 64 bits, of the id's bytes: the shard of an id is this modulo N,
 * plus 1. Stable across runs, hosts and versions, as --shard needs. */
int fleet_shard_of(const char *id, int shards);

/* The whole middle of a fleet plugin's run, into r: the list, the tasks,
 * their judgements and the fleet's. Every signature sent goes into secrets.
 * Returns true when the output is discovery's array, in *discovery. */
bool fleet_collect(const plugin_def *p, const void *cfg, const options *o, double deadline,
                   check_result *r, strvec *secrets, char **discovery);

#endif
