/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render.h - the only place that formats output: one renderer per format
 * (Nagios, JSON, Prometheus, Checkmk), all reading the same check_result. */
#ifndef CHECK_RENDER_H
#define CHECK_RENDER_H

#include "render_text.h"
#include "result.h"

/* The complete output in o->format, newline-terminated. Never holds a
 * secret: should escaping or sanitizing complete one out of what the server
 * sent (a JSON "\n" before an echoed "d-S3cr3t..."), the result is
 * rendered again with all network text redacted. */
char *render_result(const check_result *r, const render_options *o);

/* The renderers, one per format; render_result picks. */
char *render_nagios(const check_result *r, const render_options *o);
char *render_json(const check_result *r, const render_options *o);
char *render_prometheus(const check_result *r, const render_options *o);
char *render_checkmk(const check_result *r, const render_options *o);

#endif
