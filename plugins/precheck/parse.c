/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.c - the precheck answer: envelope, data, items, each field's type. */
#include "config.h"
#include "parse.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A block of copied texts; blocks never move, so the texts stay put. */
typedef struct text_block {
	struct text_block *next;
	size_t used, cap;
	char data[];
} text_block;

#define TEXT_BLOCK 65536

/* The items of data.items, converted while the body is read (json.h's
 * lifting), with their texts copied out of json-c's objects. */
struct item_store {
	precheck_item *items; /* in array order */
	size_t *index;        /* each one's place in the array */
	size_t n, cap;
	size_t bad;        /* with bad_err: the first item not of the documented shape */
	char bad_err[256]; /* why; "" while every item is */
	text_block *texts;
};

struct precheck_parser {
	json_reader *reader;
	struct item_store *store; /* NULL: the whole document is kept */
};

static void store_clear(struct item_store *st)
{
	while (st->texts) {
		text_block *next = st->texts->next;
		free(st->texts);
		st->texts = next;
	}
	free(st->items);
	free(st->index);
	*st = (struct item_store){ .items = NULL };
}

static const char *store_text(struct item_store *st, const char *s, size_t len)
{
	text_block *b = st->texts;
	if (!b || b->cap - b->used < len + 1) {
		size_t cap = len + 1 > TEXT_BLOCK ? len + 1 : TEXT_BLOCK;
		b = xmalloc(sizeof *b + cap);
		b->next = st->texts;
		b->used = 0;
		b->cap = cap;
		st->texts = b;
	}
	char *copy = b->data + b->used;
	memcpy(copy, s, len);
	copy[len] = '\0';
	b->used += len + 1;
	return copy;
}

static void copy_text(struct item_store *st, text_t *t)
{
	if (t->ptr)
		t->ptr = store_text(st, t->ptr, t->len);
}

static const char *const item_keys[] = { "itemId", "itemName", "itemDescription", "status",
	                                 "message" };

/* A lifted item, always an object, its members found in one pass; the
 * same result and the same first offence as convert_item's lookups. */
static int convert_lifted(const jnode *obj, size_t index, precheck_item *it, char *err,
                          size_t errlen)
{
	text_t *out[] = { &it->id, &it->name, &it->description, &it->status, &it->message };
	jnode *v[sizeof item_keys / sizeof item_keys[0]];
	jv_members(obj, item_keys, sizeof v / sizeof v[0], v);
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
		if (v[k] && !jv_is_string(v[k])) {
			snprintf(err, errlen, "'data.items[%zu].%s' is %s, not a string", index,
			         item_keys[k], jv_type_name(v[k]));
			return -1;
		}
		*out[k] = jv_text(v[k]);
	}
	return 0;
}

/* Every array at data.items starts afresh: with a duplicate key, only the
 * last one is in the document. */
static void lifted_array(void *ctx)
{
	store_clear(ctx);
}

static void lifted_item(void *ctx, size_t index, const jnode *obj)
{
	struct item_store *st = ctx;
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 64;
		st->items = xrealloc(st->items, st->cap * sizeof *st->items);
		st->index = xrealloc(st->index, st->cap * sizeof *st->index);
	}
	precheck_item *it = &st->items[st->n];
	st->index[st->n] = index;
	*it = (precheck_item){ .id = { .ptr = NULL } };
	/* Only the first offence is reported: after it, items need only
	 * their places. */
	if (!st->bad_err[0]) {
		if (convert_lifted(obj, index, it, st->bad_err, sizeof st->bad_err)) {
			st->bad = st->n;
			*it = (precheck_item){ .id = { .ptr = NULL } };
		} else {
			copy_text(st, &it->id);
			copy_text(st, &it->name);
			copy_text(st, &it->description);
			copy_text(st, &it->status);
			copy_text(st, &it->message);
		}
	}
	st->n++;
}

/* The store the items are lifted into while the body is read, on r; the
 * lifting's context, so the reader must be told of a new one. */
static void lift_into(json_reader *r, struct item_store *st)
{
	json_lift l = { .path = { "data", "items" },
		        .depth = 2,
		        .array_start = lifted_array,
		        .element = lifted_item,
		        .ctx = st };
	json_reader_lift(r, &l);
}

static precheck_parser *new_parser(bool lift)
{
	precheck_parser *p = xcalloc(1, sizeof *p);
	p->reader = json_reader_new();
	if (lift) {
		p->store = xcalloc(1, sizeof *p->store);
		lift_into(p->reader, p->store);
	}
	return p;
}

precheck_parser *parser_new(void)
{
	return new_parser(true);
}

void parser_reset(precheck_parser *p)
{
	json_reader_reset(p->reader);
	if (p->store)
		store_clear(p->store);
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

/* One lookup per field: items left in the document, and the whole-tree
 * reference. */
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

/* data.items: what was lifted while read, and whatever stayed in the
 * document (only what is not an object, or everything without lifting).
 * The first offence in array order is the one reported, as one pass over
 * the whole tree reports it. */
static parse_status convert_items(const jnode *items, struct item_store *st, precheck_response *r,
                                  char *err, size_t errlen)
{
	size_t n = r->n_items = jv_length(items);
	if (st && st->n == n && n > 0 && st->index[n - 1] == n - 1) {
		/* Every element an object (the places only grow): the usual
		 * case, taken as it is. */
		if (st->bad_err[0]) {
			snprintf(err, errlen, "%s", st->bad_err);
			return PARSE_SHAPE;
		}
		r->items = st->items;
		st->items = NULL;
		return PARSE_OK;
	}
	r->items = xcalloc(n, sizeof *r->items);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const jnode *v = jv_at(items, i);
		if (st && !v && k < st->n && st->index[k] == i) {
			if (st->bad_err[0] && st->bad == k) {
				snprintf(err, errlen, "%s", st->bad_err);
				return PARSE_SHAPE;
			}
			r->items[i] = st->items[k++];
		} else if (convert_item(v, i, &r->items[i], err, errlen)) {
			return PARSE_SHAPE;
		}
	}
	return PARSE_OK;
}

static parse_status convert(const jnode *root, struct item_store *st, precheck_response *r,
                            char *err, size_t errlen)
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
	return convert_items(items, st, r, err, errlen);
}

void precheck_prepare(json_reader *r, void *answer)
{
	precheck_response *out = answer;
	out->store_ = xcalloc(1, sizeof *out->store_);
	lift_into(r, out->store_);
}

parse_status precheck_convert(jnode *root, precheck_response *out, char *err, size_t errlen)
{
	struct item_store *st = out->store_; /* what precheck_prepare lifted into */
	*out = (precheck_response){ .store_ = st };
	parse_status s = convert(root, st, out, err, errlen);
	if (s != PARSE_OK) {
		free(out->items);
		json_free(root);
		*out = (precheck_response){ .store_ = st };
		return s;
	}
	/* The response now owns the document its texts point into, and the
	 * copies. */
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
	*out = (precheck_response){ .store_ = p->store };
	parse_status st = json_reader_finish(p->reader, &root, err, errlen);
	if (st == PARSE_OK)
		st = precheck_convert(root, out, err, errlen);
	if (st != PARSE_OK) {
		/* The parser keeps its store for the next parse. */
		*out = (precheck_response){ .store_ = NULL };
		if (p->store)
			store_clear(p->store);
		return st;
	}
	/* The response took the store: the next parse lifts into a new one. */
	if (p->store) {
		p->store = xcalloc(1, sizeof *p->store);
		lift_into(p->reader, p->store);
	}
	return PARSE_OK;
}

void parser_free(precheck_parser *p)
{
	if (!p)
		return;
	json_reader_free(p->reader);
	if (p->store) {
		store_clear(p->store);
		free(p->store);
	}
	free(p);
}

static parse_status parse_with(precheck_parser *p, const char *data, size_t len,
                               precheck_response *out, char *err, size_t errlen)
{
	parser_feed(p, data, len);
	parse_status st = parser_finish(p, out, err, errlen);
	parser_free(p);
	return st;
}

parse_status parse_response(const char *data, size_t len, precheck_response *out, char *err,
                            size_t errlen)
{
	return parse_with(new_parser(true), data, len, out, err, errlen);
}

parse_status parse_response_whole(const char *data, size_t len, precheck_response *out, char *err,
                                  size_t errlen)
{
	return parse_with(new_parser(false), data, len, out, err, errlen);
}

void response_free(precheck_response *r)
{
	if (!r)
		return;
	free(r->items);
	json_free(r->owner_);
	if (r->store_) {
		store_clear(r->store_);
		free(r->store_);
	}
	memset(r, 0, sizeof *r);
}
