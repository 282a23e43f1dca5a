/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_text.h - what every renderer reads besides the result (the
 * render options), and the one way a text of the result reaches output. */
#ifndef CHECK_RENDER_TEXT_H
#define CHECK_RENDER_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"
#include "result.h"
#include "strbuf.h"

typedef struct {
	output_format format;
	int verbose;                /* >= 1: quiet subchecks are listed too (Nagios, Checkmk) */
	size_t max_items;           /* subcheck lines before "... N more"; 0 = all */
	size_t max_output;          /* bytes of the whole output; 0 = no limit (Nagios, Checkmk) */
	const char *service_name;   /* Checkmk: instead of "<service> <id>" */
	const char *const *secrets; /* never printed, even when the server quotes them */
	size_t n_secrets;
	bool hide_net_text;         /* every network text as REDACTED (render_result's fallback) */
	bool no_backslash;          /* network text without backslashes (Checkmk) */
} render_options;

render_options render_options_init(void);

/* A piece of text, redacted and sanitized for one line (line) or only
 * made valid UTF-8 (!line), appended to out. */
void render_text(strbuf *out, const rtext *t, const render_options *o, bool line);

#endif
