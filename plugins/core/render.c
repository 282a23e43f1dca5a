/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render.c - format dispatch and the text rules every renderer shares. */
#include "config.h"
#include "render.h"
#include "redact.h"
#include "sanitize.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[] = {
	[FORMAT_NAGIOS] = "nagios",
	[FORMAT_JSON] = "json",
	[FORMAT_PROMETHEUS] = "prometheus",
	[FORMAT_CHECKMK] = "checkmk",
};

render_options render_options_init(void)
{
	return (render_options){
		.format = FORMAT_NAGIOS,
		.max_items = DEFAULT_MAX_ITEMS,
		.max_output = DEFAULT_MAX_OUTPUT,
	};
}

int render_format_parse(const char *word, output_format *out)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if (strcasecmp(word, format_names[i]) == 0) {
			*out = (output_format)i;
			return 0;
		}
	}
	return -1;
}

const char *render_format_name(output_format f)
{
	return (size_t)f < sizeof format_names / sizeof format_names[0] ? format_names[f]
	                                                                : "nagios";
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
		if (line)
			sanitize_append(out, s, len, p->max);
		else
			sanitize_utf8_append(out, s, len, p->max);
		strbuf_free(&clean);
	}
}

static char *render_format(const check_result *r, const render_options *o)
{
	switch (o->format) {
	case FORMAT_JSON: return render_json(r, o);
	case FORMAT_PROMETHEUS: return render_prometheus(r, o);
	case FORMAT_CHECKMK: return render_checkmk(r, o);
	case FORMAT_NAGIOS: break;
	}
	return render_nagios(r, o);
}

static bool holds_secret(const char *text, const render_options *o)
{
	for (size_t i = 0; i < o->n_secrets; i++)
		if (strlen(o->secrets[i]) >= REDACT_MIN_LEN && strstr(text, o->secrets[i]))
			return true;
	return false;
}

/* render_text() redacts each network text before it is sanitized and
 * escaped, so that a cut never leaves half a secret behind. What it cannot
 * see is a secret that only the transformation completes: an escape's
 * letters or a replacement character joined to text the server chose.
 * That takes a server echoing all but a byte of the secret, so a blunt
 * answer is fine: the same result with no network text at all. */
char *render_result(const check_result *r, const render_options *o)
{
	char *text = render_format(r, o);
	if (o->hide_net_text || !holds_secret(text, o))
		return text;
	free(text);
	render_options blind = *o;
	blind.hide_net_text = true;
	return render_format(r, &blind);
}
