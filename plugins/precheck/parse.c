/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.c - the precheck answer: envelope, data, items, each field's type. */
#include "config.h"
#include "parse.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct precheck_parser {
	json_reader *reader;
};

precheck_parser *parser_new(void)
{
	precheck_parser *p = xcalloc(1, sizeof *p);
	p->reader = json_reader_new();
	return p;
}

void parser_reset(precheck_parser *p)
{
	json_reader_reset(p->reader);
}

int parser_feed(precheck_parser *p, const char *data, size_t len)
{
	return json_reader_feed(p->reader, data, len);
}

/* An item's field; its path is formatted only on error, since this runs
 * for every field of every item. */
static int item_text(const jnode *obj, const char *key, text_t *out, size_t index, char *err,
                     size_t errlen)
{
	jnode *v = jv_member(obj, key);
	*out = (text_t){ .ptr = NULL };
	if (!v)
		return 0;
	if (!jv_is_string(v)) {
		snprintf(err, errlen, "'data.items[%zu].%s' is %s, not a string", index, key,
		         jv_type_name(v));
		return -1;
	}
	*out = jv_text(v);
	return 0;
}

static int convert_item(const jnode *obj, size_t index, precheck_item *it, char *err, size_t errlen)
{
	if (!jv_is_object(obj)) {
		snprintf(err, errlen, "'data.items[%zu]' is %s, not an object", index,
		         jv_type_name(obj));
		return -1;
	}
	if (item_text(obj, "itemId", &it->id, index, err, errlen) ||
	    item_text(obj, "itemName", &it->name, index, err, errlen) ||
	    item_text(obj, "itemDescription", &it->description, index, err, errlen) ||
	    item_text(obj, "status", &it->status, index, err, errlen) ||
	    item_text(obj, "message", &it->message, index, err, errlen))
		return -1;
	return 0;
}

static parse_status convert(const jnode *root, precheck_response *r, char *err, size_t errlen)
{
	if (!jv_is_object(root)) {
		snprintf(err, errlen, "response is a JSON %s, not an object", jv_type_name(root));
		return PARSE_SHAPE;
	}
	if (jv_get_envelope(root, &r->env, err, errlen))
		return PARSE_SHAPE;

	jnode *data = jv_member(root, "data");
	if (!data)
		return PARSE_OK;
	if (!jv_is_object(data)) {
		snprintf(err, errlen, "'data' is %s, not an object", jv_type_name(data));
		return PARSE_SHAPE;
	}
	r->has_data = true;
	if (jv_get_text(data, "replicationId", &r->replication_id, "data.", err, errlen) ||
	    jv_get_text(data, "precheckStatus", &r->precheck_status, "data.", err, errlen))
		return PARSE_SHAPE;

	jnode *items = jv_member(data, "items");
	if (!items)
		return PARSE_OK;
	if (!jv_is_array(items)) {
		snprintf(err, errlen, "'data.items' is %s, not an array", jv_type_name(items));
		return PARSE_SHAPE;
	}
	r->has_items = true;
	r->n_items = jv_length(items);
	r->items = xcalloc(r->n_items, sizeof *r->items);
	for (size_t i = 0; i < r->n_items; i++)
		if (convert_item(jv_at(items, i), i, &r->items[i], err, errlen))
			return PARSE_SHAPE;
	return PARSE_OK;
}

parse_status precheck_convert(jnode *root, precheck_response *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	parse_status st = convert(root, out, err, errlen);
	if (st != PARSE_OK) {
		free(out->items);
		json_free(root);
		memset(out, 0, sizeof *out);
		return st;
	}
	/* The response now owns the document its texts point into. */
	out->owner_ = root;
	return PARSE_OK;
}

answer_head precheck_head(const precheck_response *r)
{
	return (answer_head){ .env = r->env,
		              .has_data = r->has_data,
		              .replication_id = r->replication_id,
		              .judgeable = r->precheck_status.ptr || r->n_items > 0 };
}

parse_status parser_finish(precheck_parser *p, precheck_response *out, char *err, size_t errlen)
{
	jnode *root;
	memset(out, 0, sizeof *out);
	parse_status st = json_reader_finish(p->reader, &root, err, errlen);
	return st == PARSE_OK ? precheck_convert(root, out, err, errlen) : st;
}

void parser_free(precheck_parser *p)
{
	if (!p)
		return;
	json_reader_free(p->reader);
	free(p);
}

parse_status parse_response(const char *data, size_t len, precheck_response *out, char *err,
                            size_t errlen)
{
	precheck_parser *p = parser_new();
	parser_feed(p, data, len);
	parse_status st = parser_finish(p, out, err, errlen);
	parser_free(p);
	return st;
}

void response_free(precheck_response *r)
{
	if (!r)
		return;
	free(r->items);
	json_free(r->owner_);
	memset(r, 0, sizeof *r);
}
