/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render.c - the format a result is rendered in, and the last check that
 * no output ever holds a credential. */
#include "config.h"
#include "render.h"
#include "redact.h"

#include <stdlib.h>
#include <string.h>

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
