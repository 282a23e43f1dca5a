/* SPDX-License-Identifier: GPL-3.0-or-later */
/* summary.h - a precheck verdict in words and numbers: the generic check
 * result the renderers print (summary, item subchecks, perfdata, metrics). */
#ifndef PRECHECK_SUMMARY_H
#define PRECHECK_SUMMARY_H

#include <stddef.h>

#include "evaluate.h"
#include "result.h"

/* Fills r, set up by result_init, from v; messages are cut at max_message
 * bytes (0 = no limit). */
void precheck_summarize(const precheck_verdict *v, size_t max_message, check_result *r);

#endif
