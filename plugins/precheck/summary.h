/* render.h - the only place that formats plugin output and perfdata.
 * Owns: the summary line, the per-item lines, perfdata, and output caps. */
#ifndef PRECHECK_RENDER_H
#define PRECHECK_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "evaluate.h"

typedef struct {
	const char *replication_id; /* as asked for; NULL before options are known */
	int verbose;                /* >= 1 lists OK and ignored items too */
	size_t max_items;           /* item lines before "... N more"; 0 = all */
	size_t max_message;         /* bytes of one message; 0 = no limit */
	size_t max_output;          /* bytes of the whole output; 0 = no limit */
	double elapsed;             /* seconds for the time perfdata; < 0 = none */
	const char *const *secrets; /* never printed, even when the server quotes them */
	size_t n_secrets;
} render_options;

#define RENDER_MAX_ITEMS_DEFAULT 20
#define RENDER_MAX_MESSAGE_DEFAULT 200
/* Nagios' external command buffer, which passive results through NRDP or
 * the command file must fit. */
#define RENDER_MAX_OUTPUT_DEFAULT 8192
#define RENDER_MAX_OUTPUT_MIN 256
#define RENDER_MAX_OUTPUT_MAX 1048576

/* The complete plugin output, newline-terminated, within max_output bytes
 * where that can be done without losing line 1's perfdata. */
char *render(const check_result *r, const render_options *o);

/* Reason phrase for an HTTP status code, or "" when not known. */
const char *http_reason(long code);

#endif
