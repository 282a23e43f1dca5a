/* SPDX-License-Identifier: GPL-3.0-or-later */
/* summary.c - the precheck verdict as a generic check result: line 1's
 * words, one subcheck per item, counts as perfdata and metrics. */
#include "config.h"
#include "summary.h"
#include "dedup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Item names in the summary line: enough to recognise, short enough for a
 * phone notification. */
#define SUMMARY_NAMES 3
#define SUMMARY_NAME_BYTES 60
#define VALUE_BYTES 40

static void put_text(rtext *t, text_t v, size_t max)
{
	if (v.ptr)
		rtext_net(t, v.ptr, v.len, max);
}

static void put_value(rtext *t, text_t v)
{
	rtext_lit(t, "'");
	put_text(t, v, VALUE_BYTES);
	rtext_lit(t, "'");
}

/* The same fallbacks as an item line: name, id, or "(unnamed item)". */
static void put_item_name(rtext *t, const precheck_item *it, size_t max)
{
	if (text_present(it->name)) {
		put_text(t, it->name, max);
	} else if (text_present(it->id)) {
		put_text(t, it->id, max);
	} else {
		rtext_lit(t, "(unnamed item)");
	}
}

static void put_counts(rtext *t, const precheck_verdict *v)
{
	size_t problems = v->count_critical + v->count_warning + v->count_unknown;
	size_t judged = v->count_total - v->count_ignored;

	if (problems == 0) {
		if (judged == 0 && v->count_total == 1)
			rtext_lit(t, "1 item ignored");
		else if (judged == 0)
			rtext_litf(t, "all %zu items ignored", v->count_total);
		else
			rtext_litf(t, "%s%zu item%s passed", judged > 1 ? "all " : "", judged,
			           judged == 1 ? "" : "s");
	} else {
		const char *sep = "";
		if (v->count_critical) {
			rtext_litf(t, "%zu failed", v->count_critical);
			sep = ", ";
		}
		if (v->count_warning) {
			rtext_litf(t, "%s%zu warning", sep, v->count_warning);
			sep = ", ";
		}
		if (v->count_unknown)
			rtext_litf(t, "%s%zu unknown", sep, v->count_unknown);
		rtext_litf(t, " of %zu item%s: ", judged, judged == 1 ? "" : "s");
		size_t shown = 0;
		for (size_t k = 0; k < v->n_items && shown < SUMMARY_NAMES && shown < problems;
		     k++) {
			const item_result *it = &v->items[v->order[k]];
			if (it->ignored || it->state == STATE_OK)
				continue;
			if (shown++)
				rtext_lit(t, ", ");
			put_item_name(t, it->item, SUMMARY_NAME_BYTES);
		}
		if (problems > shown)
			rtext_litf(t, " and %zu more", problems - shown);
	}
	if (v->count_ignored && judged)
		rtext_litf(t, " (%zu ignored)", v->count_ignored);
}

static void put_summary(rtext *t, const precheck_verdict *v)
{
	if (v->n_items == 0) {
		rtext_lit(t, "precheck status ");
		put_value(t, v->resp->precheck_status);
		if (v->overall_state == STATE_UNKNOWN)
			rtext_lit(t, " is not a known value");
		rtext_lit(t, ", no items");
		return;
	}
	put_counts(t, v);
	if (!v->has_overall)
		return;
	if (v->overall_disagrees) {
		rtext_lit(t, "; API overall status ");
		put_value(t, v->resp->precheck_status);
		rtext_lit(t, " disagrees with the items");
	} else if (v->items_decide && v->overall_state != v->state) {
		rtext_lit(t, "; precheck status ");
		put_value(t, v->resp->precheck_status);
		rtext_lit(t, " overridden by item rules");
	} else if (!v->items_decide && state_rank(v->overall_state) > state_rank(v->items_state)) {
		rtext_lit(t, "; precheck status ");
		put_value(t, v->resp->precheck_status);
		if (v->overall_state == STATE_UNKNOWN)
			rtext_lit(t, " is not a known value");
	}
}

static void add_item(check_result *r, const item_result *it, size_t max_message)
{
	const precheck_item *item = it->item;
	subcheck *s = result_add_sub(r, it->state);
	s->tag = it->ignored ? "IGNORED" : NULL;
	s->quiet = it->ignored || it->state == STATE_OK;
	if (text_present(item->name))
		put_text(&s->label, item->name, max_message);
	if (text_present(item->id))
		put_text(&s->id, item->id, max_message);

	bool unknown_value = it->api_state == STATE_UNKNOWN;
	bool has_msg = text_present(item->message);
	if (unknown_value) {
		if (item->status.ptr) {
			rtext_lit(&s->text, "status ");
			put_value(&s->text, item->status);
			rtext_lit(&s->text, " is not a known value");
		} else {
			rtext_lit(&s->text, "no status");
		}
		if (has_msg)
			rtext_lit(&s->text, "; ");
	}
	if (has_msg)
		put_text(&s->text, item->message, max_message);
	if (it->capped)
		rtext_lit(&s->text, has_msg || unknown_value ? " (failure capped at WARNING)"
		                                             : "failure capped at WARNING");

	if (!r->want_fields)
		return;
	fields_net(&s->fields, "id", item->id.ptr, item->id.len);
	fields_net(&s->fields, "name", item->name.ptr, item->name.len);
	fields_state(&s->fields, "state", it->state);
	fields_net(&s->fields, "status", item->status.ptr, item->status.len);
	fields_net(&s->fields, "message", item->message.ptr, item->message.len);
	fields_bool(&s->fields, "ignored", it->ignored);
}

static void add_items_metric(check_result *r, const char *status, size_t n)
{
	metric *m = result_add_metric(r, "replication_precheck_items",
	                              "Check items by their final status.", (double)n);
	metric_label(m, "replication_id", r->replication_id, strlen(r->replication_id));
	metric_label(m, "status", status, strlen(status));
}

/* One series per itemId: two items of one id (the API does not say it
 * cannot happen) would be the same series twice, which node_exporter
 * refuses for the whole file. They are merged as the Nagios output judges
 * items, into the worst state of them. */
static void add_item_metrics(check_result *r, const precheck_verdict *v)
{
	size_t n = v->n_items;
	text_t *ids = xcalloc(n, sizeof *ids);
	size_t *first = xcalloc(n, sizeof *first);
	state_t *merged = xcalloc(n, sizeof *merged);
	for (size_t i = 0; i < n; i++)
		ids[i] = v->items[i].item->id;
	dedup_first(ids, n, first);
	for (size_t i = 0; i < n; i++) {
		state_t st = v->items[i].state;
		merged[first[i]] = first[i] == i ? st : state_worst(merged[first[i]], st);
	}
	for (size_t i = 0; i < n; i++) {
		if (first[i] != i)
			continue;
		metric *m = result_add_metric(r, "replication_precheck_item_state",
		                              "State of each check item: 0 OK, 1 WARNING, 2 CRITICAL,"
		                              " 3 UNKNOWN.",
		                              (double)merged[i]);
		metric_label(m, "replication_id", r->replication_id, strlen(r->replication_id));
		metric_label(m, "item_id", ids[i].ptr, ids[i].len);
	}
	free(merged);
	free(first);
	free(ids);
}

void precheck_summarize(const precheck_verdict *v, size_t max_message, check_result *r)
{
	r->state = v->state;
	put_summary(&r->summary, v);
	result_reserve_subs(r, v->n_items);
	for (size_t k = 0; k < v->n_items; k++)
		add_item(r, &v->items[v->order[k]], max_message);

	result_add_count(r, "items", v->count_total);
	result_add_count(r, "success", v->count_ok);
	result_add_count(r, "warning", v->count_warning);
	result_add_count(r, "failure", v->count_critical);
	result_add_count(r, "unknown", v->count_unknown);
	result_add_count(r, "ignored", v->count_ignored);

	if (r->want_fields)
		fields_net(&r->facts, "precheck_status", v->resp->precheck_status.ptr,
		           v->resp->precheck_status.len);

	if (!r->replication_id || !r->want_metrics)
		return;
	add_items_metric(r, "success", v->count_ok);
	add_items_metric(r, "warning", v->count_warning);
	add_items_metric(r, "failure", v->count_critical);
	add_items_metric(r, "unknown", v->count_unknown);
	add_items_metric(r, "ignored", v->count_ignored);
	add_item_metrics(r, v);
}
