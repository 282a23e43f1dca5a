/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_checkmk.c - one Checkmk local check line:
 *   <state> "<service name>" <metrics> <text>
 * with the subcheck details after literal \n, as multi-line local checks
 * take them. */
#include "config.h"
#include "render.h"
#include "render_lines.h"

#include <string.h>

/* Checkmk levels are plain upper bounds: a range it cannot read is left out. */
static const char *plain_number(const char *s)
{
	return strspn(s, "0123456789.-") == strlen(s) ? s : "";
}

static void put_metrics(strbuf *b, const check_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_perf; i++) {
		const perfdatum *p = &r->perf[i];
		strbuf_appendf(b, "%s%s=%s;%s;%s;%s;%s", n++ ? "|" : "", p->label, p->value,
		               plain_number(p->warn), plain_number(p->crit), p->min, p->max);
	}
	if (!n)
		strbuf_appendc(b, '-');
}

static void put_service(strbuf *b, const check_result *r, const render_options *o)
{
	rtext name = RTEXT_INIT;
	strbuf raw = STRBUF_INIT;
	if (o->service_name) {
		rtext_net(&name, o->service_name, strlen(o->service_name), 0);
	} else {
		rtext_lit(&name, r->service);
		if (r->replication_id) {
			rtext_lit(&name, " ");
			rtext_net(&name, r->replication_id, strlen(r->replication_id), 0);
		}
	}
	render_text(&raw, &name, o, true);
	/* The name is quoted: a double quote inside would end it. */
	for (size_t i = 0; i < raw.len; i++)
		strbuf_appendc(b, raw.data[i] == '"' ? '\'' : raw.data[i]);
	strbuf_free(&raw);
	rtext_free(&name);
}

/* One local-check line for r, within the budget (its newline included). */
static void put_line(strbuf *b, const check_result *r, const render_options *o)
{
	size_t start = b->len;
	strbuf_appendf(b, "%d \"", (int)r->state);
	put_service(b, r, o);
	strbuf_append(b, "\" ");
	put_metrics(b, r);
	strbuf_appendc(b, ' ');
	render_text(b, &r->summary, o, true);
	if (!r->error) {
		/* render_subcheck_lines counts the bytes before it in the line */
		strbuf line = STRBUF_INIT;
		strbuf_appendn(&line, b->data + start, b->len - start);
		render_subcheck_lines(&line, r, o, "\\n", "", o->max_output ? o->max_output - 1 : 0);
		strbuf_truncate(b, start);
		strbuf_appendn(b, line.data, line.len);
		strbuf_free(&line);
	}
	strbuf_appendc(b, '\n');
}

/* A fleet's tasks each have the line their own plugin would print, so a
 * service keeps its history when its check moves into the fleet; the
 * fleet's own line (its counts) comes last. The budget is each line's. */
char *render_checkmk(const check_result *r, const render_options *options)
{
	render_options mk = *options;
	mk.no_backslash = true;
	render_options task = mk;
	task.service_name = NULL; /* --service-name names the fleet's line */
	strbuf b = STRBUF_INIT;
	for (size_t c = 0; c < r->n_children; c++)
		put_line(&b, &r->children[c], &task);
	put_line(&b, r, &mk);
	return strbuf_detach(&b);
}
