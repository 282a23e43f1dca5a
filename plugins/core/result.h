/* SPDX-License-Identifier: GPL-3.0-or-later */
/* result.h - the one check result every output format reads: state,
 * summary, error, subchecks, perfdata, facts and metrics. Owns the shape. */
#ifndef CHECK_RESULT_H
#define CHECK_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"
#include "state.h"
#include "strbuf.h"

/* Text made of our own words and of pieces that came from the network.
 * Each format sanitizes the network pieces its own way (the Nagios line
 * turns '|' into U+00A6, JSON only escapes), so they stay apart until
 * rendering. */
typedef struct {
	const char *s;
	size_t len;
	size_t max; /* bytes to keep of a network piece; 0 = all */
	bool net;   /* untrusted: redacted and sanitized when rendered */
	bool owned; /* s is a copy, freed with the text */
} text_piece;

typedef struct {
	text_piece *v;
	size_t n, cap;
} rtext;

/* clang-format off: it would spread the braces over four lines */
#define RTEXT_INIT \
	{ \
		.v = NULL, .n = 0, .cap = 0 \
	}
/* clang-format on */

void rtext_lit(rtext *t, const char *s);
void rtext_litf(rtext *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* len bytes of s (NUL bytes allowed); nothing when s is NULL. Borrowed:
 * s must outlive the text (the answer's document does). */
void rtext_net(rtext *t, const char *s, size_t len, size_t max);
/* The same, copied, for text that does not live as long. */
void rtext_net_copy(rtext *t, const char *s, size_t len, size_t max);
void rtext_append(rtext *t, const rtext *more);
bool rtext_empty(const rtext *t);
void rtext_free(rtext *t);

/* A named value of a subcheck or of the whole result, for JSON. */
typedef struct fieldlist fieldlist;

typedef enum {
	FIELD_TEXT,
	FIELD_NUMBER,
	FIELD_INT,
	FIELD_BOOL,
	FIELD_NULL,
	FIELD_STATE,
	FIELD_OBJECT
} field_kind;

typedef struct {
	const char *key; /* a literal of the plugin's */
	field_kind kind;
	rtext text;        /* FIELD_TEXT */
	double number;     /* FIELD_NUMBER */
	long long integer; /* FIELD_INT */
	bool flag;         /* FIELD_BOOL */
	state_t state;     /* FIELD_STATE: written as its name */
	fieldlist *object;  /* FIELD_OBJECT: its members */
} field;

struct fieldlist {
	field *v;
	size_t n, cap;
};

void fields_text(fieldlist *f, const char *key, const rtext *text);
void fields_net(fieldlist *f, const char *key, const char *s, size_t len);
void fields_number(fieldlist *f, const char *key, double v);
void fields_int(fieldlist *f, const char *key, long long v);
void fields_bool(fieldlist *f, const char *key, bool v);
void fields_null(fieldlist *f, const char *key);
void fields_state(fieldlist *f, const char *key, state_t s);
/* A nested object; fill the list returned. */
fieldlist *fields_object(fieldlist *f, const char *key);
void fields_free(fieldlist *f);

/* One part of the answer: an item, a subtask. */
typedef struct {
	state_t state;
	const char *tag;  /* the Nagios line's [TAG]; NULL: the state's name */
	rtext label;      /* human name; may be empty */
	rtext id;         /* stable id; may be empty */
	rtext text;       /* what is wrong, or the details */
	bool quiet;       /* listed in the Nagios output only with -v */
	fieldlist fields; /* for JSON, in order */
} subcheck;

typedef struct {
	char label[64];  /* stable, [A-Za-z0-9_] */
	char value[32];  /* as written */
	const char *uom; /* "", "s", "%" */
	char warn[48], crit[48], min[24], max[24];
} perfdatum;

/* A Prometheus sample; family names and help are the plugin's literals. */
typedef struct {
	const char *family;
	const char *help;
	const char *type; /* "gauge" */
	const char *label_keys[2];
	rtext label_values[2];
	size_t n_labels;
	double value;
} metric;

typedef struct check_result {
	const char *prefix;         /* "PRECHECK", "REPLICATION" */
	const char *service;        /* Checkmk service name before the id */
	const char *replication_id; /* as asked for; NULL before options are known */
	char *owned_id;             /* replication_id's storage when the result keeps it */
	state_t state;
	bool error;    /* no judgement: summary says why */
	bool usage;    /* the error is a usage error */
	rtext summary; /* line 1 after "<id>: ", or the error */
	subcheck *subs;
	size_t n_subs, cap_subs;
	const char *subs_key;  /* JSON key of the subchecks: "items", "subtasks" */
	const char *more_noun; /* "item", "subtask": for "... N more" */
	perfdatum *perf;
	size_t n_perf, cap_perf;
	fieldlist facts; /* top-level JSON fields after the fixed ones */
	metric *metrics;
	size_t n_metrics, cap_metrics;
	/* What the chosen format reads: a Nagios run need not build the JSON
	 * fields or the metrics of ten thousand items. Both true by default. */
	bool want_fields, want_metrics;
	/* A fleet's tasks, each a result of its own plugin (owned). */
	struct check_result *children;
	size_t n_children;
} check_result;

void result_init(check_result *r, const char *prefix, const char *service);
/* Room for n more subchecks, so a plugin that knows how many it adds
 * does not leave a doubled array's spare half behind. */
void result_reserve_subs(check_result *r, size_t n);
subcheck *result_add_sub(check_result *r, state_t state);
perfdatum *result_add_perf(check_result *r, const char *label, const char *uom);
/* A count: no unit, no thresholds, min 0. */
void result_add_count(check_result *r, const char *label, size_t n);
metric *result_add_metric(check_result *r, const char *family, const char *help, double value);
void metric_label(metric *m, const char *key, const char *value, size_t len);
void result_free(check_result *r);

/* Every network text of r copied (it borrowed them from the answer), so
 * that r outlives the document it was judged from. */
void result_own(check_result *r);

/* Drops what a renderer of format f never reads of r: a fleet keeps
 * thousands of results. */
void result_trim(check_result *r, output_format f);

#endif
