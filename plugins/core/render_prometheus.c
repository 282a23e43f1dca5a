/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_prometheus.c - the text exposition format, for node_exporter's
 * textfile collector: # HELP and # TYPE once per family, samples after. */
#include "config.h"
#include "render.h"
#include "decimal.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Label values escape backslash, double quote and line feed; the line
 * sanitizer has already made every other control character a space. */
static void put_label_value(strbuf *b, const rtext *v, const render_options *o)
{
	strbuf raw = STRBUF_INIT;
	render_text(&raw, v, o, true);
	for (size_t i = 0; i < raw.len; i++) {
		char c = raw.data[i];
		if (c == '\\' || c == '"')
			strbuf_appendc(b, '\\');
		if (c == '\n') {
			strbuf_append(b, "\\n");
			continue;
		}
		strbuf_appendc(b, c);
	}
	strbuf_free(&raw);
}

static void put_sample(strbuf *b, const metric *m, const render_options *o)
{
	strbuf_append(b, m->family);
	if (m->n_labels) {
		strbuf_appendc(b, '{');
		for (size_t k = 0; k < m->n_labels; k++) {
			strbuf_appendf(b, "%s%s=\"", k ? "," : "", m->label_keys[k]);
			put_label_value(b, &m->label_values[k], o);
			strbuf_appendc(b, '"');
		}
		strbuf_appendc(b, '}');
	}
	if (isnan(m->value))
		strbuf_append(b, " NaN\n");
	else if (isinf(m->value))
		strbuf_append(b, m->value > 0 ? " +Inf\n" : " -Inf\n");
	else {
		char d[DECIMAL_MAX];
		decimal_format(d, m->value);
		strbuf_appendf(b, " %s\n", d);
	}
}

/* The families in the order they first appear, the result's own first,
 * then its tasks': each with HELP and TYPE once and all its samples
 * together, as the format requires. A fleet's tasks share a handful of
 * families, so the pass per family stays cheap for thousands of samples. */
typedef struct {
	const char **family;
	const metric **first;
	size_t n, cap;
} families;

static void note_families(families *f, const check_result *r)
{
	for (size_t i = 0; i < r->n_metrics; i++) {
		const metric *m = &r->metrics[i];
		size_t k = 0;
		while (k < f->n && strcmp(f->family[k], m->family) != 0)
			k++;
		if (k < f->n)
			continue;
		if (f->n == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 8;
			f->family = xrealloc(f->family, f->cap * sizeof *f->family);
			f->first = xrealloc(f->first, f->cap * sizeof *f->first);
		}
		f->family[f->n] = m->family;
		f->first[f->n++] = m;
	}
}

static void put_family(strbuf *b, const check_result *r, const char *family,
                       const render_options *o)
{
	for (size_t j = 0; j < r->n_metrics; j++)
		if (strcmp(r->metrics[j].family, family) == 0)
			put_sample(b, &r->metrics[j], o);
}

char *render_prometheus(const check_result *r, const render_options *o)
{
	strbuf b = STRBUF_INIT;
	families f = { .n = 0 };

	note_families(&f, r);
	for (size_t c = 0; c < r->n_children; c++)
		note_families(&f, &r->children[c]);
	for (size_t k = 0; k < f.n; k++) {
		const metric *m = f.first[k];
		strbuf_appendf(&b, "# HELP %s %s\n# TYPE %s %s\n", m->family, m->help, m->family,
		               m->type);
		put_family(&b, r, m->family, o);
		for (size_t c = 0; c < r->n_children; c++)
			put_family(&b, &r->children[c], m->family, o);
	}
	free(f.family);
	free(f.first);
	return strbuf_detach(&b);
}
