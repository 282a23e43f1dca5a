/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_lines.h - the parts of the Monitoring Plugins output that the
 * Nagios and Checkmk renderers share: perfdata and the subcheck lines. */
#ifndef CHECK_RENDER_LINES_H
#define CHECK_RENDER_LINES_H

#include <stddef.h>

#include "render_text.h"
#include "result.h"
#include "strbuf.h"

/* " | label=value..." of line 1; nothing without perfdata. */
void render_perfdata(strbuf *b, const check_result *r);

/* The subcheck lines of a judged result, each between before and end,
 * dropped from the end (the least severe) so that out stays within budget
 * bytes (0 = no limit), with a line that says how many were left out. */
void render_subcheck_lines(strbuf *out, const check_result *r, const render_options *o,
                           const char *before, const char *end, size_t budget);

#endif
