/* SPDX-License-Identifier: GPL-3.0-or-later */
/* result.c - building the generic check result; nothing here formats. */
#include "config.h"
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Small first: a result holds one text per field of every item. */
#define GROW_FROM(arr, n, cap, first) \
	do { \
		if ((n) == (cap)) { \
			(cap) = (cap) ? 2 * (cap) : (first); \
			(arr) = xrealloc((arr), (cap) * sizeof *(arr)); \
		} \
	} while (0)
#define GROW(arr, n, cap) GROW_FROM(arr, n, cap, 2)

static void push_piece(rtext *t, const char *s, size_t len, size_t max, bool net, bool owned)
{
	/* Most texts of an item (its name, its id) are one piece: room for
	 * two would be 40 bytes more per text, 0.8 MB for 10 000 items. */
	GROW_FROM(t->v, t->n, t->cap, 1);
	t->v[t->n++] = (text_piece){ .s = s, .len = len, .max = max, .net = net, .owned = owned };
}

void rtext_lit(rtext *t, const char *s)
{
	push_piece(t, xstrdup(s), strlen(s), 0, false, true);
}

void rtext_litf(rtext *t, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof small) {
		rtext_lit(t, small);
		return;
	}
	va_start(ap, fmt);
	char *big = xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	push_piece(t, big, (size_t)n, 0, false, true);
}

void rtext_net(rtext *t, const char *s, size_t len, size_t max)
{
	if (s)
		push_piece(t, s, len, max, true, false);
}

void rtext_net_copy(rtext *t, const char *s, size_t len, size_t max)
{
	if (s) {
		char *copy = xmalloc(len + 1);
		memcpy(copy, s, len);
		copy[len] = '\0';
		push_piece(t, copy, len, max, true, true);
	}
}

void rtext_append(rtext *t, const rtext *more)
{
	for (size_t i = 0; i < more->n; i++) {
		const text_piece *p = &more->v[i];
		if (p->owned) {
			char *copy = xmalloc(p->len + 1);
			memcpy(copy, p->s, p->len);
			copy[p->len] = '\0';
			push_piece(t, copy, p->len, p->max, p->net, true);
		} else {
			push_piece(t, p->s, p->len, p->max, p->net, false);
		}
	}
}

bool rtext_empty(const rtext *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].len)
			return false;
	return true;
}

void rtext_free(rtext *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].owned)
			free((char *)t->v[i].s);
	free(t->v);
	*t = (rtext)RTEXT_INIT;
}

static field *new_field(fieldlist *f, const char *key, field_kind kind)
{
	GROW(f->v, f->n, f->cap);
	field *x = &f->v[f->n++];
	*x = (field){ .key = key, .kind = kind, .text = RTEXT_INIT };
	return x;
}

void fields_text(fieldlist *f, const char *key, const rtext *text)
{
	rtext_append(&new_field(f, key, FIELD_TEXT)->text, text);
}

void fields_net(fieldlist *f, const char *key, const char *s, size_t len)
{
	if (!s) {
		new_field(f, key, FIELD_NULL);
		return;
	}
	rtext_net(&new_field(f, key, FIELD_TEXT)->text, s, len, 0);
}

void fields_number(fieldlist *f, const char *key, double v)
{
	new_field(f, key, FIELD_NUMBER)->number = v;
}

void fields_int(fieldlist *f, const char *key, long long v)
{
	new_field(f, key, FIELD_INT)->integer = v;
}

void fields_bool(fieldlist *f, const char *key, bool v)
{
	new_field(f, key, FIELD_BOOL)->flag = v;
}

void fields_null(fieldlist *f, const char *key)
{
	new_field(f, key, FIELD_NULL);
}

void fields_state(fieldlist *f, const char *key, state_t s)
{
	new_field(f, key, FIELD_STATE)->state = s;
}

fieldlist *fields_object(fieldlist *f, const char *key)
{
	field *x = new_field(f, key, FIELD_OBJECT);
	x->object = xcalloc(1, sizeof *x->object);
	return x->object;
}

void fields_free(fieldlist *f)
{
	for (size_t i = 0; i < f->n; i++) {
		rtext_free(&f->v[i].text);
		if (f->v[i].object) {
			fields_free(f->v[i].object);
			free(f->v[i].object);
		}
	}
	free(f->v);
	*f = (fieldlist){ .v = NULL };
}

void result_init(check_result *r, const char *prefix, const char *service)
{
	*r = (check_result){ .prefix = prefix,
		             .service = service,
		             .state = STATE_UNKNOWN,
		             .summary = RTEXT_INIT,
		             .subs_key = "items",
		             .more_noun = "item",
		             .want_fields = true,
		             .want_metrics = true };
}

void result_reserve_subs(check_result *r, size_t n)
{
	if (n <= r->cap_subs - r->n_subs)
		return;
	r->cap_subs = r->n_subs + n;
	r->subs = xrealloc(r->subs, r->cap_subs * sizeof *r->subs);
}

subcheck *result_add_sub(check_result *r, state_t state)
{
	GROW(r->subs, r->n_subs, r->cap_subs);
	subcheck *s = &r->subs[r->n_subs++];
	*s = (subcheck){
		.state = state, .label = RTEXT_INIT, .id = RTEXT_INIT, .text = RTEXT_INIT
	};
	return s;
}

perfdatum *result_add_perf(check_result *r, const char *label, const char *uom)
{
	GROW(r->perf, r->n_perf, r->cap_perf);
	perfdatum *p = &r->perf[r->n_perf++];
	*p = (perfdatum){ .uom = uom };
	snprintf(p->label, sizeof p->label, "%s", label);
	return p;
}

void result_add_count(check_result *r, const char *label, size_t n)
{
	perfdatum *p = result_add_perf(r, label, "");
	snprintf(p->value, sizeof p->value, "%zu", n);
	snprintf(p->min, sizeof p->min, "0");
}

metric *result_add_metric(check_result *r, const char *family, const char *help, double value)
{
	GROW(r->metrics, r->n_metrics, r->cap_metrics);
	metric *m = &r->metrics[r->n_metrics++];
	*m = (metric){ .family = family, .help = help, .type = "gauge", .value = value };
	return m;
}

void metric_label(metric *m, const char *key, const char *value, size_t len)
{
	if (m->n_labels >= sizeof m->label_keys / sizeof m->label_keys[0])
		return;
	m->label_keys[m->n_labels] = key;
	m->label_values[m->n_labels] = (rtext)RTEXT_INIT;
	rtext_net(&m->label_values[m->n_labels], value ? value : "", value ? len : 0, 0);
	m->n_labels++;
}

static void drop_subs(check_result *r)
{
	for (size_t i = 0; i < r->n_subs; i++) {
		rtext_free(&r->subs[i].label);
		rtext_free(&r->subs[i].id);
		rtext_free(&r->subs[i].text);
		fields_free(&r->subs[i].fields);
	}
	free(r->subs);
	r->subs = NULL;
	r->n_subs = r->cap_subs = 0;
}

void result_free(check_result *r)
{
	if (!r)
		return;
	rtext_free(&r->summary);
	drop_subs(r);
	free(r->perf);
	fields_free(&r->facts);
	for (size_t i = 0; i < r->n_metrics; i++)
		for (size_t k = 0; k < r->metrics[i].n_labels; k++)
			rtext_free(&r->metrics[i].label_values[k]);
	free(r->metrics);
	for (size_t i = 0; i < r->n_children; i++)
		result_free(&r->children[i]);
	free(r->children);
	free(r->owned_id);
	memset(r, 0, sizeof *r);
}

static void own_text(rtext *t)
{
	for (size_t i = 0; i < t->n; i++) {
		text_piece *p = &t->v[i];
		if (p->owned)
			continue;
		char *copy = xmalloc(p->len + 1);
		memcpy(copy, p->s, p->len);
		copy[p->len] = '\0';
		p->s = copy;
		p->owned = true;
	}
}

static void own_fields(fieldlist *f)
{
	for (size_t i = 0; i < f->n; i++) {
		own_text(&f->v[i].text);
		if (f->v[i].object)
			own_fields(f->v[i].object);
	}
}

void result_own(check_result *r)
{
	own_text(&r->summary);
	for (size_t i = 0; i < r->n_subs; i++) {
		own_text(&r->subs[i].label);
		own_text(&r->subs[i].id);
		own_text(&r->subs[i].text);
		own_fields(&r->subs[i].fields);
	}
	own_fields(&r->facts);
	for (size_t i = 0; i < r->n_metrics; i++)
		for (size_t k = 0; k < r->metrics[i].n_labels; k++)
			own_text(&r->metrics[i].label_values[k]);
	for (size_t i = 0; i < r->n_children; i++)
		result_own(&r->children[i]);
}

void result_trim(check_result *r, output_format f)
{
	/* Nagios: line 1's words; Checkmk: those, the lines and the metrics;
	 * JSON: all but the Prometheus samples; Prometheus: the samples. */
	if (f == FORMAT_NAGIOS || f == FORMAT_PROMETHEUS) {
		drop_subs(r);
		free(r->perf);
		r->perf = NULL;
		r->n_perf = r->cap_perf = 0;
	}
	if (f != FORMAT_JSON)
		fields_free(&r->facts);
	if (f != FORMAT_PROMETHEUS) {
		for (size_t i = 0; i < r->n_metrics; i++)
			for (size_t k = 0; k < r->metrics[i].n_labels; k++)
				rtext_free(&r->metrics[i].label_values[k]);
		/* The state sample stays first: plugin_result_end writes it. */
		r->n_metrics = r->n_metrics ? 1 : 0;
		if (r->n_metrics)
			r->metrics[0].n_labels = 0;
	}
	if (f == FORMAT_PROMETHEUS)
		rtext_free(&r->summary);
}
