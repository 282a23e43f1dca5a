/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_json.c - one JSON object per run, for cron jobs and scripts.
 * The schema is in the README ("Output formats"). */
#include "config.h"
#include "json.h"
#include "render.h"
#include "decimal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jw *text_value(const rtext *t, const render_options *o)
{
	strbuf b = STRBUF_INIT;
	render_text(&b, t, o, false);
	jw *v = jw_string(strbuf_str(&b), b.len);
	strbuf_free(&b);
	return v;
}

static jw *number_value(double v)
{
	char repr[DECIMAL_MAX];
	if (!isfinite(v))
		return NULL;
	decimal_format(repr, v);
	return jw_number(v, repr);
}

static void put_fields(jw *obj, const fieldlist *f, const render_options *o);

static jw *field_value(const field *f, const render_options *o)
{
	switch (f->kind) {
	case FIELD_OBJECT: {
		jw *obj = jw_object();
		put_fields(obj, f->object, o);
		return obj;
	}
	case FIELD_TEXT: return text_value(&f->text, o);
	case FIELD_NUMBER: return number_value(f->number);
	case FIELD_INT: return jw_int(f->integer);
	case FIELD_BOOL: return jw_bool(f->flag);
	case FIELD_STATE: return jw_string(state_name(f->state), strlen(state_name(f->state)));
	case FIELD_NULL: break;
	}
	return NULL;
}

static void put_fields(jw *obj, const fieldlist *f, const render_options *o)
{
	for (size_t i = 0; i < f->n; i++)
		jw_put(obj, f->v[i].key, field_value(&f->v[i], o));
}

/* A perfdata field: its number, or null when empty; a threshold stays the
 * range text it is. */
static jw *perf_number(const char *s)
{
	char *end;
	if (!*s)
		return NULL;
	double v = strtod(s, &end);
	return *end ? jw_string(s, strlen(s)) : number_value(v);
}

static jw *perf_text(const char *s)
{
	return *s ? jw_string(s, strlen(s)) : NULL;
}

/* A finished JSON value appended to out. */
static void put_value(strbuf *out, jw *v)
{
	char *text = jw_finish(v);
	strbuf_append(out, text);
	free(text);
}

/* One result's object, written as it is built: a fleet's thousands of
 * tasks are each built, written and freed in turn, and never held as one
 * document. Every piece is json-c's own text, joined at its edges. */
static void put_result(strbuf *out, const check_result *r, const render_options *o)
{
	jw *head = jw_object();
	const char *name = state_name(r->state);

	jw_put(head, "state", jw_string(name, strlen(name)));
	jw_put(head, "exit_code", jw_int((long long)r->state));
	jw_put(head, "summary", text_value(&r->summary, o));
	if (r->replication_id) {
		rtext id = RTEXT_INIT;
		rtext_net(&id, r->replication_id, strlen(r->replication_id), 0);
		jw_put(head, "replication_id", text_value(&id, o));
		rtext_free(&id);
	} else {
		jw_put(head, "replication_id", NULL);
	}
	jw_put(head, "error", r->error ? text_value(&r->summary, o) : NULL);
	put_fields(head, &r->facts, o);
	put_value(out, head);
	strbuf_truncate(out, out->len - 1); /* the head's closing brace */

	strbuf_appendf(out, ",\"%s\":[", r->subs_key);
	for (size_t i = 0; i < r->n_children; i++) {
		if (i)
			strbuf_appendc(out, ',');
		put_result(out, &r->children[i], o);
	}
	for (size_t i = 0; !r->n_children && !r->error && i < r->n_subs; i++) {
		jw *sub = jw_object();
		put_fields(sub, &r->subs[i].fields, o);
		if (i)
			strbuf_appendc(out, ',');
		put_value(out, sub);
	}
	strbuf_append(out, "],\"perfdata\":");

	jw *perf = jw_array();
	for (size_t i = 0; i < r->n_perf; i++) {
		const perfdatum *p = &r->perf[i];
		jw *d = jw_object();
		jw_put(d, "label", jw_string(p->label, strlen(p->label)));
		jw_put(d, "value", perf_number(p->value));
		jw_put(d, "uom", jw_string(p->uom ? p->uom : "", p->uom ? strlen(p->uom) : 0));
		jw_put(d, "warn", perf_text(p->warn));
		jw_put(d, "crit", perf_text(p->crit));
		jw_put(d, "min", perf_number(p->min));
		jw_put(d, "max", perf_number(p->max));
		jw_push(perf, d);
	}
	put_value(out, perf);
	strbuf_appendc(out, '}');
}

char *render_json(const check_result *r, const render_options *o)
{
	strbuf out = STRBUF_INIT;
	put_result(&out, r, o);
	strbuf_appendc(&out, '\n');
	return strbuf_detach(&out);
}
