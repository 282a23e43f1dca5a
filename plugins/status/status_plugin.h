/* SPDX-License-Identifier: GPL-3.0-or-later */
/* status_plugin.h - the status plugin as the shared run sees it: names,
 * options and callbacks (plugin.c), and its help (help.c). */
#ifndef STATUS_PLUGIN_H
#define STATUS_PLUGIN_H

#include "plugin.h"
#include "status.h"

#define STATUS_PROGNAME "check_replication_status"
/* The Checkmk service: this, then the task ID. */
#define STATUS_SERVICE "Replication status"
#define STATUS_PATH "/openapi/v1/replication/status"

extern const plugin_def status_plugin;

const char *status_usage(void);
void status_help(void);

#endif
