/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_nagios.c - the Monitoring Plugins output: line 1 with perfdata,
 * then one line per subcheck, all within the output budget. */
#include "config.h"
#include "render.h"
#include "render_lines.h"
#include "sanitize.h"

#include <stdlib.h>
#include <string.h>

/* The id as asked for, in line 1: enough to recognise it on a phone. */
#define ID_BYTES 80

/* Drops the UTF-8 continuation bytes a cut at len would split. */
static size_t char_boundary(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

/* Line 1 keeps its perfdata whole: a monitoring core that gets half of it
 * graphs nonsense. What gives way is the text before it, down to the
 * "PREFIX STATE - " head. */
static void fit_first_line(strbuf *b, size_t head, size_t perf_at, size_t budget)
{
	size_t len = b->len;
	if (!budget || len <= budget)
		return;
	size_t tail = len - perf_at, more = strlen(SANITIZE_MORE);
	size_t keep = budget > tail + more ? budget - tail - more : 0;
	if (keep < head)
		keep = head;
	if (keep >= perf_at)
		return;
	keep = char_boundary(b->data, keep);
	while (keep > head && b->data[keep - 1] == ' ')
		keep--;
	char *perf = xstrdup(b->data + perf_at);
	strbuf_truncate(b, keep);
	strbuf_append(b, SANITIZE_MORE);
	strbuf_append(b, perf);
	free(perf);
}

char *render_nagios(const check_result *r, const render_options *o)
{
	strbuf b = STRBUF_INIT;

	strbuf_appendf(&b, "%s %s - ", r->prefix, state_name(r->state));
	size_t head = b.len;
	if (r->replication_id && !r->usage) {
		rtext id = RTEXT_INIT;
		rtext_net(&id, r->replication_id, strlen(r->replication_id), ID_BYTES);
		render_text(&b, &id, o, true);
		rtext_free(&id);
		strbuf_append(&b, ": ");
	}
	render_text(&b, &r->summary, o, true);
	size_t perf_at = b.len;
	render_perfdata(&b, r);
	strbuf_appendc(&b, '\n');
	fit_first_line(&b, head, perf_at, o->max_output);
	if (!r->error)
		render_subcheck_lines(&b, r, o, "", "\n", o->max_output);
	return strbuf_detach(&b);
}
