/* SPDX-License-Identifier: GPL-3.0-or-later */
/* defaults.h - every default of the plugins, once: the options, the help
 * texts and the renderers read them from here. */
#ifndef CHECK_DEFAULTS_H
#define CHECK_DEFAULTS_H


#define DEFAULT_TIMEOUT 10                  /* seconds for the whole run */
#define DEFAULT_MAX_SIZE_MB 8 /* largest body accepted */
#define DEFAULT_MAX_SIZE ((long)DEFAULT_MAX_SIZE_MB * 1024 * 1024)
#define DEFAULT_MAX_ITEMS 20    /* subcheck lines before "... N more" */
#define DEFAULT_MAX_MESSAGE 200 /* bytes of one message */
/* Nagios' external command buffer, which passive results through NRDP or
 * the command file must fit. */
#define DEFAULT_MAX_OUTPUT 8192
#define MAX_OUTPUT_MIN 256
#define MAX_OUTPUT_MAX 1048576
#define MAX_REDIRECTS 5
/* check_replication_tasks: requests under way at once (and connections),
 * tasks asked per list page, and the fewest tasks that are not a
 * problem. */
#define DEFAULT_PARALLEL 8
#define MAX_PARALLEL 64
#define DEFAULT_PAGE_SIZE 100
#define MAX_PAGE_SIZE 1000
#define DEFAULT_MIN_TASKS 1
#define MAX_RETRIES 10
#define MAX_ITEMS_MAX 1000000
#define MAX_MESSAGE_MIN 16
#define MAX_MESSAGE_MAX 65536

#define TOKEN_ENV "REPLICATION_API_TOKEN"
/* The variables the public NineData client reads. */
#define ACCESS_KEY_ID_ENV "NINEDATA_API_KEY"
#define SECRET_KEY_ENV "NINEDATA_SECRET_KEY"

#endif
