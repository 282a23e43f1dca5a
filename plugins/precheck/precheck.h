/* precheck.h - the precheck plugin as the shared run sees it: its names,
 * its options and its callbacks (plugin.c), and its help (help.c). */
#ifndef PRECHECK_PRECHECK_H
#define PRECHECK_PRECHECK_H

#include "plugin.h"

#define PRECHECK_PROGNAME "check_replication_precheck"
#define PRECHECK_PATH "/openapi/v1/replication/precheck/status"

/* The plugin, with its option patterns gathered in static storage. */
extern const plugin_def precheck_plugin;

const char *precheck_usage(void);
void precheck_help(void);

#endif
