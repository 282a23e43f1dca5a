/* SPDX-License-Identifier: GPL-3.0-or-later */
/* status/evaluate.c - task status, subtasks and delay thresholds to one
 * worst-of state, written into the generic check result. */
#include "config.h"
#include "status.h"
#include "decimal.h"
#include "dedup.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

/* Bytes of a network value quoted in line 1 or a subtask line. */
#define VALUE_BYTES 40

typedef struct {
	const char *value;
	state_t state;
	bool transient;
} status_row;

/* The table of issue "check_replication_status": --help and the README
 * print it from here. */
static const status_row table[] = {
	{ .value = "running", .state = STATE_OK },
	{ .value = "success", .state = STATE_OK },
	{ .value = "starting", .state = STATE_OK, .transient = true },
	{ .value = "preChecking", .state = STATE_OK, .transient = true },
	{ .value = "preCheckSuccess", .state = STATE_OK, .transient = true },
	{ .value = "createSuccess", .state = STATE_OK, .transient = true },
	{ .value = "suspended", .state = STATE_WARNING },
	{ .value = "stopped", .state = STATE_WARNING },
	{ .value = "notStarted", .state = STATE_WARNING },
	{ .value = "locked", .state = STATE_WARNING },
	{ .value = "failed", .state = STATE_CRITICAL },
	{ .value = "abnormal", .state = STATE_CRITICAL },
	{ .value = "preCheckFailed", .state = STATE_CRITICAL },
};
#define N_ROWS (sizeof table / sizeof table[0])

state_t status_judge(const status_config *cfg, text_t value, bool *transient, bool *known)
{
	status_mapping rows[N_ROWS];
	for (size_t i = 0; i < N_ROWS; i++)
		rows[i] = (status_mapping){ .value = table[i].value, .state = table[i].state };
	*transient = false;
	/* A --map for the value replaces its row, transient mark included. */
	state_t user = mapping_lookup(cfg->map, cfg->n_map, NULL, 0, value, known);
	if (*known)
		return user;
	state_t st = mapping_lookup(NULL, 0, rows, N_ROWS, value, known);
	for (size_t i = 0; *known && i < N_ROWS; i++)
		if (text_equals_nocase(value, table[i].value))
			*transient = table[i].transient;
	return st;
}

void status_table_text(strbuf *out, const char *indent)
{
	static const struct {
		state_t state;
		bool transient;
		const char *label;
	} groups[] = {
		{ .state = STATE_OK, .label = "OK" },
		{ .state = STATE_OK, .transient = true, .label = "OK, reported as transient" },
		{ .state = STATE_WARNING, .label = "WARNING" },
		{ .state = STATE_CRITICAL, .label = "CRITICAL" },
	};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		strbuf_appendf(out, "%s%-26s", indent, groups[g].label);
		const char *sep = "";
		for (size_t i = 0; i < N_ROWS; i++) {
			if (table[i].state != groups[g].state ||
			    table[i].transient != groups[g].transient)
				continue;
			strbuf_appendf(out, "%s%s", sep, table[i].value);
			sep = ", ";
		}
		strbuf_appendc(out, '\n');
	}
	strbuf_appendf(out, "%s%-26s%s\n", indent, "UNKNOWN", "any other value");
}

/* ---- words -------------------------------------------------------------- */

/* A delay as a person says it: 672 ms, 12.3 s, 5 min 3 s, 2 h 5 min, and
 * days beyond 99 hours, where an integer conversion would overflow. */
static void put_delay(rtext *t, double seconds)
{
	if (seconds >= 99 * 3600.0)
		rtext_litf(t, "%.0f days", seconds / 86400);
	else if (seconds < 1)
		rtext_litf(t, "%.0f ms", seconds * 1000);
	else if (seconds < 60)
		rtext_litf(t, "%.1f s", seconds);
	else if (seconds < 3600)
		rtext_litf(t, "%ld min %ld s", (long)seconds / 60, (long)seconds % 60);
	else
		rtext_litf(t, "%ld h %ld min", (long)seconds / 3600, (long)seconds % 3600 / 60);
}

static void put_decimal(rtext *t, double v)
{
	char d[DECIMAL_MAX];
	decimal_format(d, v);
	rtext_lit(t, d);
}

/* What a range that alerted means, in words: "above 300 s". */
static void put_range_words(rtext *t, const mp_range *r)
{
	if (r->inside && !r->has_start) {
		rtext_lit(t, "at or below ");
		put_decimal(t, r->end);
	} else if (r->inside && !r->has_end) {
		rtext_lit(t, "at or above ");
		put_decimal(t, r->start);
	} else if (r->inside) {
		rtext_lit(t, "within ");
		put_decimal(t, r->start);
		rtext_lit(t, " to ");
		put_decimal(t, r->end);
	} else if (!r->has_end) {
		rtext_lit(t, "below ");
		put_decimal(t, r->start);
	} else if (!r->has_start || r->start == 0) {
		rtext_lit(t, "above ");
		put_decimal(t, r->end);
	} else {
		rtext_lit(t, "outside ");
		put_decimal(t, r->start);
		rtext_lit(t, " to ");
		put_decimal(t, r->end);
	}
	rtext_lit(t, " s");
}

static void put_value(rtext *t, text_t v)
{
	rtext_lit(t, "'");
	rtext_net(t, v.ptr, v.len, VALUE_BYTES);
	rtext_lit(t, "'");
}

/* A status value, or what is wrong with it. */
static void put_status(rtext *t, text_t v, state_t st, bool found_in_table, bool transient)
{
	if (!v.ptr) {
		rtext_lit(t, "no status");
		return;
	}
	if (st == STATE_UNKNOWN && !found_in_table) {
		rtext_lit(t, "status ");
		put_value(t, v);
		rtext_lit(t, " is not a known value");
		return;
	}
	rtext_net(t, v.ptr, v.len, VALUE_BYTES);
	if (transient)
		rtext_lit(t, " (transient)");
}

/* A perfdata label from an API value: letters, digits and '_' only. */
static void label_from(char *out, size_t size, text_t v, const char *suffix)
{
	size_t k = 0;
	for (size_t i = 0; v.ptr && i < v.len && k + 1 < size; i++) {
		unsigned char c = (unsigned char)v.ptr[i];
		bool ok =
		        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		out[k++] = ok ? (char)c : '_';
	}
	if (k == 0 && size > 8)
		k = (size_t)snprintf(out, size, "subtask");
	snprintf(out + k, size - k, "%s", suffix);
}

/* ---- judgement ---------------------------------------------------------- */

/* One subtask as judged. */
typedef struct {
	state_t state;
	bool known, transient;
	bool pending; /* notStarted while the task is on its way */
} subtask_verdict;

/* The answer judged once; the parts of the result below only read it. */
typedef struct {
	state_t task;
	bool task_known, task_transient;
	state_t state; /* worst of all */
	bool thresholds;
	const status_subtask *inc; /* the incremental subtask that says the delay, or why none */
	bool delay_known;
	double delay; /* seconds, of the incremental subtask furthest behind */
	const mp_range *hit;
	state_t hit_state;
	subtask_verdict *subs;
} status_verdict;

static bool is_inc(const status_subtask *s)
{
	return s->type.ptr && s->type.len == strlen(STATUS_INC_SUBTASK) &&
	       memcmp(s->type.ptr, STATUS_INC_SUBTASK, s->type.len) == 0;
}

static bool running(const status_subtask *s)
{
	return text_equals_nocase(s->status, "running");
}

static bool user_mapped(const status_config *cfg, text_t value)
{
	bool found;
	mapping_lookup(cfg->map, cfg->n_map, NULL, 0, value, &found);
	return found;
}

/* The delay to judge: of the incremental subtask furthest behind, since a
 * task with two of them is as late as its later one. Thresholds judge
 * only a current delay, of a running subtask; without them a stale one is
 * still worth showing. */
static void judge_delay(const status_config *cfg, const status_response *resp, status_verdict *v)
{
	for (size_t i = 0; i < resp->n_subtasks; i++) {
		const status_subtask *s = &resp->subtasks[i];
		if (!is_inc(s))
			continue;
		bool readable = s->has_delay && isfinite(s->delay_ms) && s->delay_ms >= 0 &&
		                (!v->thresholds || running(s));
		if (readable && (!v->delay_known || s->delay_ms / 1000.0 > v->delay)) {
			v->inc = s;
			v->delay_known = true;
			v->delay = s->delay_ms / 1000.0;
		} else if (!v->inc) {
			v->inc = s; /* says why there is no delay, if none has one */
		}
	}
	if (v->delay_known) {
		v->hit = range_alerts(&cfg->crit, v->delay)   ? &cfg->crit
		         : range_alerts(&cfg->warn, v->delay) ? &cfg->warn
		                                              : NULL;
		v->hit_state = v->hit == &cfg->crit ? STATE_CRITICAL : STATE_WARNING;
		if (v->hit)
			v->state = state_worst(v->state, v->hit_state);
	} else if (v->thresholds) {
		/* A threshold that cannot be judged must not pass as OK. */
		v->state = state_worst(v->state, STATE_UNKNOWN);
	}
}

static void judge(const status_config *cfg, const status_response *resp, status_verdict *v)
{
	*v = (status_verdict){ .thresholds = cfg->warn.set || cfg->crit.set };
	v->task = status_judge(cfg, resp->status, &v->task_transient, &v->task_known);
	v->state = v->task;
	judge_delay(cfg, resp, v);
	v->subs = xcalloc(resp->n_subtasks, sizeof *v->subs);
	for (size_t i = 0; i < resp->n_subtasks; i++) {
		const status_subtask *s = &resp->subtasks[i];
		subtask_verdict *sv = &v->subs[i];
		sv->state = status_judge(cfg, s->status, &sv->transient, &sv->known);
		/* A subtask that has not started yet while the task is on its way
		 * is pending, not a warning: the documented running task has one. */
		sv->pending = v->task == STATE_OK && text_equals_nocase(s->status, "notStarted") &&
		              !user_mapped(cfg, s->status);
		if (sv->pending)
			sv->state = STATE_OK;
		v->state = state_worst(v->state, sv->state);
	}
}

/* ---- the result's parts ------------------------------------------------- */

/* Line 1: status, current subtask, delay and what it crossed. */
static void put_summary(const status_response *resp, const status_verdict *v, rtext *t)
{
	put_status(t, resp->status, v->task, v->task_known, v->task_transient);
	if (text_present(resp->current_subtask)) {
		rtext_lit(t, ", ");
		rtext_net(t, resp->current_subtask.ptr, resp->current_subtask.len, VALUE_BYTES);
	}
	if (v->delay_known) {
		rtext_lit(t, ", delay ");
		put_delay(t, v->delay);
		if (v->hit) {
			rtext_litf(t, " (%s: ",
			           v->hit_state == STATE_CRITICAL ? "critical" : "warning");
			put_range_words(t, v->hit);
			rtext_lit(t, ")");
		}
	} else if (v->thresholds) {
		rtext_lit(t, ", no delay to judge: ");
		if (!v->inc) {
			rtext_lit(t,
			          "the answer has no incremental subtask (" STATUS_INC_SUBTASK ")");
		} else if (!running(v->inc)) {
			rtext_lit(t, "the incremental subtask is not running (");
			put_status(t, v->inc->status, STATE_OK, true, false);
			rtext_lit(t, ")");
		} else {
			rtext_lit(t, "the incremental subtask reports no delay");
		}
	}
}

/* One subcheck per subtask: the lines, and the JSON fields. */
static void add_subtasks(const status_response *resp, const status_verdict *v, check_result *r)
{
	for (size_t i = 0; i < resp->n_subtasks; i++) {
		const status_subtask *s = &resp->subtasks[i];
		const subtask_verdict *sv = &v->subs[i];
		subcheck *sc = result_add_sub(r, sv->state);
		sc->quiet = sv->state == STATE_OK;
		if (text_present(s->type))
			rtext_net(&sc->label, s->type.ptr, s->type.len, VALUE_BYTES);
		put_status(&sc->text, s->status, sv->state, sv->known, sv->transient);
		if (sv->pending)
			rtext_lit(&sc->text, " (pending)");
		if (s->has_percent) {
			rtext_lit(&sc->text, ", ");
			put_decimal(&sc->text, s->percent);
			rtext_lit(&sc->text, "%");
		}
		if (s->has_delay && isfinite(s->delay_ms)) {
			rtext_lit(&sc->text, ", delay ");
			put_delay(&sc->text, s->delay_ms / 1000.0);
		}
		if (!r->want_fields)
			continue;
		fields_net(&sc->fields, "type", s->type.ptr, s->type.len);
		fields_state(&sc->fields, "state", sv->state);
		fields_net(&sc->fields, "status", s->status.ptr, s->status.len);
		if (s->has_percent)
			fields_number(&sc->fields, "percent", s->percent);
		else
			fields_null(&sc->fields, "percent");
		if (s->has_delay && isfinite(s->delay_ms))
			fields_number(&sc->fields, "delay_seconds", s->delay_ms / 1000.0);
		else
			fields_null(&sc->fields, "delay_seconds");
	}
}

/* The progress of each subtask, once per name: two subtasks whose names
 * give the same label (or the same type) are one series, at the progress
 * of the one behind. keys: the label (perfdata) or the type (metrics) of
 * each subtask; fills percent[] with the merged value at each first
 * index, and returns first[] (free it), n_subtasks long. */
static size_t *merge_percents(const status_response *resp, const text_t *keys, double *percent)
{
	size_t n = resp->n_subtasks;
	size_t *first = xcalloc(n, sizeof *first);
	dedup_first(keys, n, first);
	for (size_t i = 0; i < n; i++)
		percent[i] = NAN;
	for (size_t i = 0; i < n; i++) {
		const status_subtask *s = &resp->subtasks[i];
		size_t f = first[i];
		if (s->has_percent && (isnan(percent[f]) || s->percent < percent[f]))
			percent[f] = s->percent;
	}
	return first;
}

void status_add_delay_perf(check_result *r, const char *label, double seconds, const mp_range *warn,
                           const mp_range *crit)
{
	perfdatum *p = result_add_perf(r, label, "s");
	decimal_format(p->value, seconds);
	strbuf w = STRBUF_INIT, c = STRBUF_INIT;
	range_append(&w, warn);
	range_append(&c, crit);
	snprintf(p->warn, sizeof p->warn, "%s", strbuf_str(&w));
	snprintf(p->crit, sizeof p->crit, "%s", strbuf_str(&c));
	strbuf_free(&w);
	strbuf_free(&c);
	snprintf(p->min, sizeof p->min, "0");
}

/* Nothing is written "U" when it cannot be read: Icinga 2 and
 * Monitoring::Plugin refuse "U", and Checkmk has no such value. */
static void add_perfdata(const status_config *cfg, const status_response *resp,
                         const status_verdict *v, check_result *r)
{
	if (v->delay_known)
		status_add_delay_perf(r, "delay", v->delay, &cfg->warn, &cfg->crit);
	size_t n = resp->n_subtasks;
	char(*labels)[64] = xcalloc(n, sizeof *labels);
	text_t *keys = xcalloc(n, sizeof *keys);
	double *percent = xcalloc(n, sizeof *percent);
	for (size_t i = 0; i < n; i++) {
		label_from(labels[i], sizeof labels[i], resp->subtasks[i].type, "_percent");
		keys[i] = (text_t){ .ptr = labels[i], .len = strlen(labels[i]) };
	}
	size_t *first = merge_percents(resp, keys, percent);
	for (size_t i = 0; i < n; i++) {
		if (first[i] != i || isnan(percent[i]))
			continue;
		perfdatum *q = result_add_perf(r, labels[i], "%");
		decimal_format(q->value, percent[i]);
		snprintf(q->min, sizeof q->min, "0");
		snprintf(q->max, sizeof q->max, "100");
	}
	free(first);
	free(percent);
	free(keys);
	free(labels);
}

/* The JSON renderer's fields beside the fixed ones. */
static void add_facts(const status_response *resp, const status_verdict *v, check_result *r)
{
	fields_net(&r->facts, "status", resp->status.ptr, resp->status.len);
	fields_net(&r->facts, "current_subtask", resp->current_subtask.ptr,
	           resp->current_subtask.len);
	if (v->delay_known)
		fields_number(&r->facts, "delay_seconds", v->delay);
	else
		fields_null(&r->facts, "delay_seconds");
}

static void add_metrics(const status_config *cfg, const status_response *resp,
                        const status_verdict *v, check_result *r)
{
	size_t id_len = strlen(cfg->replication_id);
	if (v->delay_known) {
		metric *m =
		        result_add_metric(r, "replication_status_delay_seconds",
		                          "Incremental replication delay in seconds.", v->delay);
		metric_label(m, "replication_id", cfg->replication_id, id_len);
	}
	size_t n = resp->n_subtasks;
	text_t *keys = xcalloc(n, sizeof *keys);
	double *percent = xcalloc(n, sizeof *percent);
	for (size_t i = 0; i < n; i++)
		keys[i] = resp->subtasks[i].type;
	size_t *first = merge_percents(resp, keys, percent);
	for (size_t i = 0; i < n; i++) {
		if (first[i] != i || isnan(percent[i]))
			continue;
		const status_subtask *s = &resp->subtasks[i];
		metric *m = result_add_metric(r, "replication_status_subtask_percent",
		                              "Progress of each subtask, 0 to 100.", percent[i]);
		metric_label(m, "replication_id", cfg->replication_id, id_len);
		metric_label(m, "subtask", s->type.ptr, s->type.len);
	}
	free(first);
	free(percent);
	free(keys);
}

void status_evaluate(const status_config *cfg, const status_response *resp, check_result *r)
{
	status_verdict v;
	judge(cfg, resp, &v);
	put_summary(resp, &v, &r->summary);
	add_subtasks(resp, &v, r);
	add_perfdata(cfg, resp, &v, r);
	if (r->want_fields)
		add_facts(resp, &v, r);
	if (r->want_metrics)
		add_metrics(cfg, resp, &v, r);
	r->state = v.state;
	free(v.subs);
}
