/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_lines.c - perfdata and subcheck lines within an output budget. */
#include "config.h"
#include "render_lines.h"
#include "sanitize.h"

#include <stdlib.h>
#include <string.h>

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

void render_perfdata(strbuf *b, const check_result *r)
{
	if (!r->n_perf)
		return;
	strbuf_append(b, " |");
	for (size_t i = 0; i < r->n_perf; i++)
		put_perfdatum(b, &r->perf[i]);
}

/* "[TAG] label (id): text", without the newline. */
static void subcheck_line(strbuf *b, const check_result *r, const subcheck *s,
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
		subcheck_line(&lines, r, s, o);
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
