/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.c - the task list's answer: the envelope, data as an array of
 * tasks, and current / pageSize / total beside it; each field's type. The
 * tasks are copied out of the document, which the page keeps only for the
 * envelope's words. */
#include "config.h"
#include "tasks.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An optional string field of task index, copied; a replicationId with a
 * NUL byte could not be asked for as it is, so it counts as absent. */
static int task_text(const jnode *obj, const char *key, size_t index, char **out, char *err,
                     size_t errlen)
{
	char where[48];
	text_t t;
	snprintf(where, sizeof where, "data[%zu].", index);
	if (jv_get_text(obj, key, &t, where, err, errlen))
		return -1;
	*out = t.ptr && !memchr(t.ptr, '\0', t.len) ? xstrndup(t.ptr, t.len) : NULL;
	return 0;
}

static int convert_task(const jnode *obj, size_t index, fleet_task *t, char *err, size_t errlen)
{
	if (!jv_is_object(obj)) {
		snprintf(err, errlen, "'data[%zu]' is %s, not an object", index, jv_type_name(obj));
		return -1;
	}
	if (task_text(obj, "replicationId", index, &t->id, err, errlen) ||
	    task_text(obj, "name", index, &t->name, err, errlen) ||
	    task_text(obj, "type", index, &t->type, err, errlen) ||
	    task_text(obj, "status", index, &t->status, err, errlen) ||
	    task_text(obj, "sourceDatasourceId", index, &t->source, err, errlen) ||
	    task_text(obj, "targetDatasourceId", index, &t->target, err, errlen) ||
	    task_text(obj, "multiActiveId", index, &t->pair, err, errlen))
		return -1;
	return 0;
}

/* current, pageSize and total: whole numbers when present. */
static int page_number(const jnode *root, const char *key, bool *has, long *out, char *err,
                       size_t errlen)
{
	jnode *v = jv_member(root, key);
	*has = false;
	if (!v)
		return 0;
	double d = jv_is_number(v) ? jv_number(v) : NAN;
	if (!isfinite(d) || d < 0 || d > 1e15 || d != floor(d)) {
		snprintf(err, errlen, "'%s' is %s, not a count", key, jv_type_name(v));
		return -1;
	}
	*has = true;
	*out = (long)d;
	return 0;
}

void tasks_page_free(void *answer)
{
	fleet_page *page = answer;
	for (size_t i = 0; i < page->n; i++)
		fleet_task_free(&page->tasks[i]);
	free(page->tasks);
	json_free(page->doc_);
	*page = (fleet_page){ .tasks = NULL };
}

parse_status tasks_parse_page(jnode *root, void *answer, answer_head *head, char *err,
                              size_t errlen)
{
	fleet_page *page = answer;
	bool has_current;
	long current;
	*page = (fleet_page){ .tasks = NULL };
	*head = (answer_head){ .replication_id = { .ptr = NULL } };
	parse_status st = PARSE_SHAPE;
	if (!jv_is_object(root)) {
		snprintf(err, errlen, "response is a JSON %s, not an object", jv_type_name(root));
		goto out;
	}
	if (jv_get_envelope(root, &head->env, err, errlen) ||
	    page_number(root, "current", &has_current, &current, err, errlen) ||
	    page_number(root, "pageSize", &page->has_page_size, &page->page_size, err, errlen) ||
	    page_number(root, "total", &page->has_total, &page->total, err, errlen))
		goto out;
	jnode *data = jv_member(root, "data");
	if (data && !jv_is_array(data)) {
		snprintf(err, errlen, "'data' is %s, not an array", jv_type_name(data));
		goto out;
	}
	head->has_data = data != NULL;
	head->judgeable = true; /* an empty list is a list */
	page->tasks = xcalloc(jv_length(data) ? jv_length(data) : 1, sizeof *page->tasks);
	for (size_t i = 0; i < jv_length(data); i++) {
		if (convert_task(jv_at(data, i), i, &page->tasks[page->n++], err, errlen))
			goto out;
	}
	/* The envelope's texts point into the document: it goes with the page. */
	page->doc_ = root;
	return PARSE_OK;
out:
	tasks_page_free(page);
	json_free(root);
	return st;
}
