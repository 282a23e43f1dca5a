/* SPDX-License-Identifier: GPL-3.0-or-later */
/* status/evaluate.c - task status, subtasks and delay thresholds to one
 * worst-of state, written into the generic check result. */
#include "config.h"
#include "status.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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
	{ "running", STATE_OK, false },
	{ "success", STATE_OK, false },
	{ "starting", STATE_OK, true },
	{ "preChecking", STATE_OK, true },
	{ "preCheckSuccess", STATE_OK, true },
	{ "createSuccess", STATE_OK, true },
	{ "suspended", STATE_WARNING, false },
	{ "stopped", STATE_WARNING, false },
	{ "notStarted", STATE_WARNING, false },
	{ "locked", STATE_WARNING, false },
	{ "failed", STATE_CRITICAL, false },
	{ "abnormal", STATE_CRITICAL, false },
	{ "preCheckFailed", STATE_CRITICAL, false },
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
		if (value.len == strlen(table[i].value) &&
		    strncasecmp(value.ptr, table[i].value, value.len) == 0)
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
		{ STATE_OK, false, "OK" },
		{ STATE_OK, true, "OK, reported as transient" },
		{ STATE_WARNING, false, "WARNING" },
		{ STATE_CRITICAL, false, "CRITICAL" },
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

/* What a range that alerted means, in words: "above 300 s". */
static void put_range_words(rtext *t, const mp_range *r)
{
	if (r->inside)
		rtext_litf(t, "within %.15g to %.15g s", r->has_start ? r->start : -INFINITY,
		           r->has_end ? r->end : INFINITY);
	else if (!r->has_end)
		rtext_litf(t, "below %.15g s", r->start);
	else if (!r->has_start || r->start == 0)
		rtext_litf(t, "above %.15g s", r->end);
	else
		rtext_litf(t, "outside %.15g to %.15g s", r->start, r->end);
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

static void fmt_number(char *out, size_t size, double v)
{
	snprintf(out, size, "%.15g", v);
}

/* ---- judgement ---------------------------------------------------------- */

static bool is_inc(const status_subtask *s)
{
	return s->type.ptr && s->type.len == strlen(STATUS_INC_SUBTASK) &&
	       memcmp(s->type.ptr, STATUS_INC_SUBTASK, s->type.len) == 0;
}

static bool text_is(text_t t, const char *s)
{
	return t.ptr && t.len == strlen(s) && strncasecmp(t.ptr, s, t.len) == 0;
}

static bool user_mapped(const status_config *cfg, text_t value)
{
	bool found;
	mapping_lookup(cfg->map, cfg->n_map, NULL, 0, value, &found);
	return found;
}

void status_evaluate(const status_config *cfg, const status_response *resp, check_result *r)
{
	bool transient, known;
	state_t task = status_judge(cfg, resp->status, &transient, &known);
	state_t worst = task;

	/* line 1: status, current subtask, delay */
	put_status(&r->summary, resp->status, task, known, transient);
	if (text_present(resp->current_subtask)) {
		rtext_lit(&r->summary, ", ");
		rtext_net(&r->summary, resp->current_subtask.ptr, resp->current_subtask.len,
		          VALUE_BYTES);
	}

	const status_subtask *inc = NULL;
	for (size_t i = 0; i < resp->n_subtasks; i++) {
		const status_subtask *s = &resp->subtasks[i];
		if (is_inc(s) && !inc)
			inc = s;
	}
	bool thresholds = cfg->warn.set || cfg->crit.set;
	bool readable = inc && inc->has_delay && isfinite(inc->delay_ms) && inc->delay_ms >= 0;
	/* Thresholds judge only a current delay, of a running subtask; without
	 * them a stale one is still worth showing. */
	bool delay_known = readable && (!thresholds || text_is(inc->status, "running"));
	double delay = delay_known ? inc->delay_ms / 1000.0 : 0;
	if (delay_known) {
		rtext_lit(&r->summary, ", delay ");
		put_delay(&r->summary, delay);
		const mp_range *hit = range_alerts(&cfg->crit, delay)   ? &cfg->crit
		                      : range_alerts(&cfg->warn, delay) ? &cfg->warn
		                                                        : NULL;
		if (hit) {
			state_t st = hit == &cfg->crit ? STATE_CRITICAL : STATE_WARNING;
			rtext_litf(&r->summary,
			           " (%s: ", st == STATE_CRITICAL ? "critical" : "warning");
			put_range_words(&r->summary, hit);
			rtext_lit(&r->summary, ")");
			worst = state_worst(worst, st);
		}
	} else if (thresholds) {
		/* A threshold that cannot be judged must not pass as OK. */
		worst = state_worst(worst, STATE_UNKNOWN);
		rtext_lit(&r->summary, ", no delay to judge: ");
		if (!inc)
			rtext_lit(&r->summary,
			          "the answer has no incremental subtask (" STATUS_INC_SUBTASK ")");
		else if (!text_is(inc->status, "running")) {
			rtext_lit(&r->summary, "the incremental subtask is not running (");
			put_status(&r->summary, inc->status, STATE_OK, true, false);
			rtext_lit(&r->summary, ")");
		} else
			rtext_lit(&r->summary, "the incremental subtask reports no delay");
	}

	/* subtasks: lines, JSON, perfdata, metrics */
	for (size_t i = 0; i < resp->n_subtasks; i++) {
		const status_subtask *s = &resp->subtasks[i];
		bool tr, found;
		state_t st = status_judge(cfg, s->status, &tr, &found);
		/* A subtask that has not started yet while the task is on its way
		 * is pending, not a warning: the documented running task has one. */
		bool pending = task == STATE_OK && text_is(s->status, "notStarted") &&
		               !user_mapped(cfg, s->status);
		if (pending)
			st = STATE_OK;
		worst = state_worst(worst, st);
		subcheck *sc = result_add_sub(r, st);
		sc->quiet = st == STATE_OK;
		if (text_present(s->type))
			rtext_net(&sc->label, s->type.ptr, s->type.len, VALUE_BYTES);
		put_status(&sc->text, s->status, st, found, tr);
		if (pending)
			rtext_lit(&sc->text, " (pending)");
		if (s->has_percent)
			rtext_litf(&sc->text, ", %.15g%%", s->percent);
		if (s->has_delay && isfinite(s->delay_ms)) {
			rtext_lit(&sc->text, ", delay ");
			put_delay(&sc->text, s->delay_ms / 1000.0);
		}
		if (!r->want_fields)
			continue;
		fields_net(&sc->fields, "type", s->type.ptr, s->type.len);
		fields_state(&sc->fields, "state", st);
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

	/* A value that cannot be read is left out, not written "U": Icinga 2
	 * and Monitoring::Plugin refuse "U", and Checkmk has no such value. */
	if (delay_known) {
		perfdatum *p = result_add_perf(r, "delay", "s");
		fmt_number(p->value, sizeof p->value, delay);
		strbuf w = STRBUF_INIT, c = STRBUF_INIT;
		range_append(&w, &cfg->warn);
		range_append(&c, &cfg->crit);
		snprintf(p->warn, sizeof p->warn, "%s", strbuf_str(&w));
		snprintf(p->crit, sizeof p->crit, "%s", strbuf_str(&c));
		strbuf_free(&w);
		strbuf_free(&c);
		snprintf(p->min, sizeof p->min, "0");
	}
	for (size_t i = 0; i < resp->n_subtasks; i++) {
		const status_subtask *s = &resp->subtasks[i];
		if (!s->has_percent)
			continue;
		char label[64];
		label_from(label, sizeof label, s->type, "_percent");
		perfdatum *q = result_add_perf(r, label, "%");
		fmt_number(q->value, sizeof q->value, s->percent);
		snprintf(q->min, sizeof q->min, "0");
		snprintf(q->max, sizeof q->max, "100");
	}

	fields_net(&r->facts, "status", resp->status.ptr, resp->status.len);
	fields_net(&r->facts, "current_subtask", resp->current_subtask.ptr,
	           resp->current_subtask.len);
	if (delay_known)
		fields_number(&r->facts, "delay_seconds", delay);
	else
		fields_null(&r->facts, "delay_seconds");

	if (!r->want_metrics) {
		r->state = worst;
		return;
	}
	if (delay_known) {
		metric *m = result_add_metric(r, "replication_status_delay_seconds",
		                              "Incremental replication delay in seconds.", delay);
		metric_label(m, "replication_id", cfg->replication_id, strlen(cfg->replication_id));
	}
	for (size_t i = 0; i < resp->n_subtasks; i++) {
		const status_subtask *s = &resp->subtasks[i];
		if (!s->has_percent)
			continue;
		metric *m = result_add_metric(r, "replication_status_subtask_percent",
		                              "Progress of each subtask, 0 to 100.", s->percent);
		metric_label(m, "replication_id", cfg->replication_id, strlen(cfg->replication_id));
		metric_label(m, "subtask", s->type.ptr, s->type.len);
	}
	r->state = worst;
}
