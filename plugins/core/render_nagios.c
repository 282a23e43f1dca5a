/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_nagios.c - the Monitoring Plugins output: line 1 with perfdata,
 * then one line per subcheck, all within the output budget. */
#include "config.h"
#include "render.h"
#include "sanitize.h"

#include <stdlib.h>
#include <string.h>

/* The id as asked for, in line 1: enough to recognise it on a phone. */
#define ID_BYTES 80

static void put_perfdatum(strbuf *b, const perfdatum *p)
{
	const char *tail[] = { p->warn, p->crit, p->min, p->max };
	size_t last = 0; /* fields after the value, up to the last non-empty */
	for (size_t i = 0; i < 4; i++)
		if (tail[i][0])
			last = i + 1;
	strbuf_appendf(b, " %s=%s%s", p->label, p->value, p->uom ? p->uom : "");
	for (size_t i = 0; i < last; i++)
		strbuf_appendf(b, ";%s", tail[i]);
}

void render_nagios_perfdata(strbuf *b, const check_result *r)
{
	if (!r->n_perf)
		return;
	strbuf_append(b, " |");
	for (size_t i = 0; i < r->n_perf; i++)
		put_perfdatum(b, &r->perf[i]);
}

/* "[TAG] label (id): text", without the newline. */
void render_subcheck_line(strbuf *b, const check_result *r, const subcheck *s,
                          const render_options *o)
{
	strbuf_appendf(b, "[%s] ", s->tag ? s->tag : state_name(s->state));
	if (!rtext_empty(&s->label)) {
		render_text(b, &s->label, o, true);
		if (!rtext_empty(&s->id)) {
			strbuf_append(b, " (");
			render_text(b, &s->id, o, true);
			strbuf_appendc(b, ')');
		}
	} else if (!rtext_empty(&s->id)) {
		render_text(b, &s->id, o, true);
	} else {
		strbuf_appendf(b, "(unnamed %s)", r->more_noun);
	}
	if (!rtext_empty(&s->text)) {
		strbuf_append(b, ": ");
		render_text(b, &s->text, o, true);
	}
}

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

static void more_line(strbuf *b, const check_result *r, size_t hidden, bool by_items,
                      bool by_output)
{
	strbuf_appendf(b, SANITIZE_MORE " %zu more %s%s not shown (see %s%s%s)", hidden,
	               r->more_noun, hidden == 1 ? "" : "s", by_items ? "--max-items" : "",
	               by_items && by_output ? " and " : "", by_output ? "--max-output" : "");
}

void render_subcheck_lines(strbuf *out, const check_result *r, const render_options *o,
                           const char *before, const char *end, size_t budget)
{
	strbuf lines = STRBUF_INIT, more = STRBUF_INIT;
	size_t *ends = NULL, listed = 0, hidden = 0;

	for (size_t i = 0; i < r->n_subs; i++) {
		const subcheck *s = &r->subs[i];
		if (o->verbose < 1 && s->quiet)
			continue;
		if (o->max_items && listed >= o->max_items) {
			hidden++;
			continue;
		}
		strbuf_append(&lines, before);
		render_subcheck_line(&lines, r, s, o);
		strbuf_append(&lines, end);
		if ((listed & (listed - 1)) == 0) /* 0, 1, 2, 4, ...: doubling */
			ends = xrealloc(ends, (listed ? listed * 2 : 1) * sizeof *ends);
		ends[listed++] = lines.len;
	}
	size_t shown = listed;
	while (budget && shown > 0) {
		size_t rest = hidden + listed - shown;
		strbuf_truncate(&more, 0);
		if (rest) {
			strbuf_append(&more, before);
			more_line(&more, r, rest, hidden > 0, shown < listed);
			strbuf_append(&more, end);
		}
		if (out->len + ends[shown - 1] + more.len <= budget)
			break;
		shown--;
	}
	strbuf_appendn(out, lines.data ? lines.data : "", shown ? ends[shown - 1] : 0);
	if (hidden || shown < listed) {
		strbuf_truncate(&more, 0);
		strbuf_append(&more, before);
		more_line(&more, r, hidden + listed - shown, hidden > 0, shown < listed);
		strbuf_append(&more, end);
		if (!budget || out->len + more.len <= budget)
			strbuf_appendn(out, more.data, more.len);
	}
	strbuf_free(&more);
	strbuf_free(&lines);
	free(ends);
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
	render_nagios_perfdata(&b, r);
	strbuf_appendc(&b, '\n');
	fit_first_line(&b, head, perf_at, o->max_output);
	if (!r->error)
		render_subcheck_lines(&b, r, o, "", "\n", o->max_output);
	return strbuf_detach(&b);
}
