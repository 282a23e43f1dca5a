/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_text.c - network text on its way out: credentials first, then
 * the format's sanitizer, so a cut never leaves half a secret behind. */
#include "config.h"
#include "render_text.h"
#include "defaults.h"
#include "redact.h"
#include "sanitize.h"

#include <string.h>

render_options render_options_init(void)
{
	return (render_options){
		.format = FORMAT_NAGIOS,
		.max_items = DEFAULT_MAX_ITEMS,
		.max_output = DEFAULT_MAX_OUTPUT,
	};
}

/* Checkmk reads "\\n" in a local check's text as a line break: a server
 * that sends one must not start a detail line of its own. Its backslashes
 * become U+29F5, which looks the same. */
#define BACKSLASH_LOOKALIKE "\xe2\xa7\xb5"

static void replace_backslashes(strbuf *out, size_t from)
{
	if (!memchr(out->data + from, '\\', out->len - from))
		return;
	strbuf tail = STRBUF_INIT;
	for (size_t i = from; i < out->len; i++) {
		if (out->data[i] == '\\')
			strbuf_append(&tail, BACKSLASH_LOOKALIKE);
		else
			strbuf_appendc(&tail, out->data[i]);
	}
	strbuf_truncate(out, from);
	strbuf_appendn(out, tail.data, tail.len);
	strbuf_free(&tail);
}

void render_text(strbuf *out, const rtext *t, const render_options *o, bool line)
{
	for (size_t i = 0; i < t->n; i++) {
		const text_piece *p = &t->v[i];
		if (!p->net) {
			strbuf_appendn(out, p->s, p->len);
			continue;
		}
		if (o->hide_net_text) {
			strbuf_append(out, REDACTED);
			continue;
		}
		strbuf clean = STRBUF_INIT;
		const char *s = p->s;
		size_t len = p->len;
		/* Credentials go before sanitizing, so a cut never leaves half
		 * of one behind. */
		if (redact_append(&clean, s, len, o->secrets, o->n_secrets)) {
			s = clean.data;
			len = clean.len;
		}
		size_t at = out->len;
		if (line)
			sanitize_append(out, s, len, p->max);
		else
			sanitize_utf8_append(out, s, len, p->max);
		if (o->no_backslash)
			replace_backslashes(out, at);
		strbuf_free(&clean);
	}
}
