/* SPDX-License-Identifier: GPL-3.0-or-later */
/* precheck.h - the precheck plugin as the shared run sees it: its names,
 * its options and its callbacks (plugin.c), and its help (help.c). */
#ifndef PRECHECK_PRECHECK_H
#define PRECHECK_PRECHECK_H

#include "plugin.h"

#define PRECHECK_PROGNAME "check_replication_precheck"
/* The Checkmk service: this, then the task ID. */
#define PRECHECK_SERVICE "Replication precheck"
#define PRECHECK_PATH "/openapi/v1/replication/precheck/status"

/* --ignore-item and --warn-item of this run; the patterns point into argv
 * or the options file's copy, which live as long as the process. */
typedef struct {
	const char **ignore, **warn;
	size_t n_ignore, n_warn;
} item_patterns;

/* The plugin; its configuration is the item_patterns of the run. */
extern const plugin_def precheck_plugin;

const char *precheck_usage(void);
void precheck_help(void);

#endif
