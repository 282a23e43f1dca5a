/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tasks.h - check_replication_tasks as the shared run sees it: its options
 * (plugin.c), its parse of the task list (parse.c), its evaluate of the
 * fleet (evaluate.c) and its help (help.c). */
#ifndef TASKS_TASKS_H
#define TASKS_TASKS_H

#include "fleet.h"
#include "plugin.h"
#include "status.h"

#define TASKS_PROGNAME "check_replication_tasks"
/* The Checkmk service of the fleet's own line. */
#define TASKS_SERVICE "Replication tasks"
#define TASKS_PATH "/openapi/v1/replication/list"

/* The configuration of a run: the fleet's settings and the thresholds
 * each task is judged with, as check_replication_status judges it. The
 * strings point into argv or the options file's copy. */
typedef struct {
	fleet_settings fleet;
	status_thresholds thresholds;
} tasks_config;

extern const plugin_def tasks_plugin;

/* The list's answer: its page of tasks, copied out, and the envelope. */
parse_status tasks_parse_page(jnode *root, void *page, answer_head *head, char *err,
                              size_t errlen);
void tasks_page_free(void *page);

/* The fleet's verdict from the run: counts, line 1, one subcheck per task
 * (worst first), perfdata, metrics and JSON facts. */
void tasks_evaluate(const void *cfg, const fleet_run *run, check_result *r);

const char *tasks_usage(void);
void tasks_help(void);

#endif
