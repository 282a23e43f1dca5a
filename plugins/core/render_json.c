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

/* The object of one result; a fleet's holds its tasks' under subs_key. */
static jw *result_object(const check_result *r, const render_options *o)
{
	jw *root = jw_object();
	const char *name = state_name(r->state);

	jw_put(root, "state", jw_string(name, strlen(name)));
	jw_put(root, "exit_code", jw_int((long long)r->state));
	jw_put(root, "summary", text_value(&r->summary, o));
	if (r->replication_id) {
		rtext id = RTEXT_INIT;
		rtext_net(&id, r->replication_id, strlen(r->replication_id), 0);
		jw_put(root, "replication_id", text_value(&id, o));
		rtext_free(&id);
	} else {
		jw_put(root, "replication_id", NULL);
	}
	jw_put(root, "error", r->error ? text_value(&r->summary, o) : NULL);
	put_fields(root, &r->facts, o);

	jw *subs = jw_array();
	for (size_t i = 0; i < r->n_children; i++)
		jw_push(subs, result_object(&r->children[i], o));
	for (size_t i = 0; !r->n_children && !r->error && i < r->n_subs; i++) {
		jw *s = jw_object();
		put_fields(s, &r->subs[i].fields, o);
		jw_push(subs, s);
	}
	jw_put(root, r->subs_key, subs);

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
	jw_put(root, "perfdata", perf);

	return root;
}

char *render_json(const check_result *r, const render_options *o)
{
	jw *root = result_object(r, o);
	char *text = jw_finish(root);
	size_t n = strlen(text);
	text = xrealloc(text, n + 2);
	text[n] = '\n';
	text[n + 1] = '\0';
	return text;
}
