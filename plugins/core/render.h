/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render.h - the only place that formats output: one renderer per format
 * (Nagios, JSON, Prometheus, Checkmk), all reading the same check_result. */
#ifndef CHECK_RENDER_H
#define CHECK_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "defaults.h"
#include "result.h"

typedef enum { FORMAT_NAGIOS = 0, FORMAT_JSON, FORMAT_PROMETHEUS, FORMAT_CHECKMK } output_format;

typedef struct {
	output_format format;
	int verbose;                /* >= 1: quiet subchecks are listed too (Nagios, Checkmk) */
	size_t max_items;           /* subcheck lines before "... N more"; 0 = all */
	size_t max_output;          /* bytes of the whole output; 0 = no limit (Nagios, Checkmk) */
	const char *service_name;   /* Checkmk: instead of "<service> <id>" */
	const char *const *secrets; /* never printed, even when the server quotes them */
	size_t n_secrets;
	bool hide_net_text; /* every network text as REDACTED (render_result's fallback) */
} render_options;


render_options render_options_init(void);

/* "nagios", "json", "prometheus", "checkmk". Returns 0, or -1. */
int render_format_parse(const char *word, output_format *out);
const char *render_format_name(output_format f);

/* The complete output in o->format, newline-terminated. Never holds a
 * secret: should escaping or sanitizing complete one out of what the server
 * sent (a JSON "\n" before an echoed "d-S3cr3t..."), the result is
 * rendered again with all network text redacted. */
char *render_result(const check_result *r, const render_options *o);

char *render_nagios(const check_result *r, const render_options *o);
char *render_json(const check_result *r, const render_options *o);
char *render_prometheus(const check_result *r, const render_options *o);
char *render_checkmk(const check_result *r, const render_options *o);

/* Shared by the renderers that follow the Nagios line rules (Checkmk):
 * " | label=value..." of line 1; one "[TAG] label (id): text" line; the
 * subcheck lines of a judged result, each between before and end, dropped
 * from the end (the least severe) so that out stays within budget bytes
 * (0 = no limit), with a line that says how many were left out. */
void render_nagios_perfdata(strbuf *b, const check_result *r);
void render_subcheck_line(strbuf *b, const check_result *r, const subcheck *s,
                          const render_options *o);
void render_subcheck_lines(strbuf *out, const check_result *r, const render_options *o,
                           const char *before, const char *end, size_t budget);

/* For the renderers: a piece of text, redacted and sanitized for one
 * line (line) or only made valid UTF-8 (!line), appended to out. */
void render_text(strbuf *out, const rtext *t, const render_options *o, bool line);

#endif
