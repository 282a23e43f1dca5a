/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.c - the status answer: envelope, the fields inside data or (the
 * older revision) beside success, and each subtask's types. */
#include "config.h"
#include "status_parse.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number member of a subtask; absent or null is "not given". */
static int sub_number(const jnode *obj, const char *key, size_t index, bool *has, double *v,
                      char *err, size_t errlen)
{
	jnode *n = jv_member(obj, key);
	*has = false;
	if (!n)
		return 0;
	if (!jv_is_number(n)) {
		snprintf(err, errlen, "'subTaskList[%zu].%s' is %s, not a number", index, key,
		         jv_type_name(n));
		return -1;
	}
	*v = jv_number(n);
	*has = isfinite(*v);
	return 0;
}

static int sub_text(const jnode *obj, const char *key, size_t index, text_t *out, char *err,
                    size_t errlen)
{
	char where[48];
	snprintf(where, sizeof where, "subTaskList[%zu].", index);
	return jv_get_text(obj, key, out, where, err, errlen);
}

static int convert_subtask(const jnode *obj, size_t index, status_subtask *s, char *err,
                           size_t errlen)
{
	if (!jv_is_object(obj)) {
		snprintf(err, errlen, "'subTaskList[%zu]' is %s, not an object", index,
		         jv_type_name(obj));
		return -1;
	}
	if (sub_text(obj, "subTaskType", index, &s->type, err, errlen) ||
	    sub_text(obj, "status", index, &s->status, err, errlen) ||
	    sub_number(obj, "percent", index, &s->has_percent, &s->percent, err, errlen) ||
	    sub_number(obj, "delay", index, &s->has_delay, &s->delay_ms, err, errlen))
		return -1;
	return 0;
}

/* Where the fields are: "data", or, in the older revision of the
 * documentation, the top level itself. NULL when neither has them. */
static const jnode *fields_of(const jnode *root, parse_status *st, char *err, size_t errlen)
{
	jnode *data = jv_member(root, "data");
	*st = PARSE_OK;
	if (data) {
		if (!jv_is_object(data)) {
			snprintf(err, errlen, "'data' is %s, not an object", jv_type_name(data));
			*st = PARSE_SHAPE;
			return NULL;
		}
		return data;
	}
	if (jv_member(root, "status") || jv_member(root, "subTaskList") ||
	    jv_member(root, "replicationId"))
		return root;
	return NULL;
}

parse_status status_convert(jnode *root, status_response *r, char *err, size_t errlen)
{
	parse_status st = PARSE_SHAPE;
	memset(r, 0, sizeof *r);
	if (!jv_is_object(root)) {
		snprintf(err, errlen, "response is a JSON %s, not an object", jv_type_name(root));
		goto fail;
	}
	if (jv_get_envelope(root, &r->env, err, errlen))
		goto fail;
	const jnode *f = fields_of(root, &st, err, errlen);
	if (st != PARSE_OK)
		goto fail;
	st = PARSE_SHAPE;
	if (f) {
		r->has_data = true;
		if (jv_get_text(f, "replicationId", &r->replication_id, "", err, errlen) ||
		    jv_get_text(f, "status", &r->status, "", err, errlen) ||
		    jv_get_text(f, "currentSubTaskType", &r->current_subtask, "", err, errlen))
			goto fail;
		jnode *list = jv_member(f, "subTaskList");
		if (list && !jv_is_array(list)) {
			snprintf(err, errlen, "'subTaskList' is %s, not an array",
			         jv_type_name(list));
			goto fail;
		}
		r->has_subtasks = list != NULL;
		r->n_subtasks = jv_length(list);
		r->subtasks = xcalloc(r->n_subtasks ? r->n_subtasks : 1, sizeof *r->subtasks);
		for (size_t i = 0; i < r->n_subtasks; i++)
			if (convert_subtask(jv_at(list, i), i, &r->subtasks[i], err, errlen))
				goto fail;
	}
	r->owner_ = root;
	return PARSE_OK;
fail:
	free(r->subtasks);
	memset(r, 0, sizeof *r);
	json_free(root);
	return st;
}

parse_status status_parse(const char *data, size_t len, status_response *out, char *err,
                          size_t errlen)
{
	json_reader *rd = json_reader_new();
	jnode *root;
	memset(out, 0, sizeof *out);
	json_reader_feed(rd, data, len);
	parse_status st = json_reader_finish(rd, &root, err, errlen);
	json_reader_free(rd);
	return st == PARSE_OK ? status_convert(root, out, err, errlen) : st;
}

answer_head status_head(const status_response *r)
{
	return (answer_head){ .env = r->env,
		              .has_data = r->has_data,
		              .replication_id = r->replication_id,
		              .judgeable = r->status.ptr || r->n_subtasks > 0 };
}

void status_response_free(status_response *r)
{
	if (!r)
		return;
	free(r->subtasks);
	json_free(r->owner_);
	memset(r, 0, sizeof *r);
}
