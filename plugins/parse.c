/* parse.c - json-c tokenizing and conversion into precheck_response. */
#include "config.h"
#include "parse.h"
#include "strbuf.h"

#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Deep enough for any sane response, shallow enough to reject a bomb of
 * nested brackets quickly. */
#define MAX_DEPTH 64

/* Reading json_tokener's parse stack is only trusted on the json-c
 * versions it was verified with (0.15 to 0.17); elsewhere items are
 * converted after parsing, which is correct but keeps the whole document. */
#if defined(HAVE_JSON_TOKENER_STACK) && JSON_C_VERSION_NUM >= 0x000f00 && JSON_C_VERSION_NUM < 0x001200
#define HARVEST_ITEMS 1
#else
#define HARVEST_ITEMS 0
#endif

/* Input is handed to json-c in slices of at most this size, so completed
 * items can be taken out of the document between slices. */
#define FEED_SLICE 65536

/* Item texts copied out of the document while it is parsed. */
typedef struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
} arena_block;

static char *arena_copy(arena_block **head, const char *s, size_t n)
{
	arena_block *b = *head;
	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > 65536 ? n + 1 : 65536;
		b = xmalloc(sizeof *b + size);
		b->next = *head;
		b->used = 0;
		b->size = size;
		*head = b;
	}
	char *d = b->data + b->used;
	memcpy(d, s, n);
	d[n] = '\0';
	b->used += n + 1;
	return d;
}

static void arena_free(arena_block *b)
{
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
}

struct precheck_parser {
	json_tokener *tok;
	json_object *root;
	size_t fed;
	bool saw_content;           /* any byte other than white space */
	bool complete;              /* a whole JSON value was read (root may be NULL for null) */
	bool bom_checked;
	strbuf bom;                 /* the first bytes, until a BOM is ruled out */
	strbuf hold;                /* number characters at the end of the last chunk */
	bool trailing_garbage;
	bool failed;
	enum json_tokener_error error;
	/* Items already converted and dropped from data.items (see harvest). */
	json_object *h_arr;         /* the array they came from, referenced */
	precheck_item *h_items;
	size_t h_done, h_cap;
	bool h_stop;
	arena_block *arena;
};

static void harvest_clear(precheck_parser *p)
{
	if (p->h_arr)
		json_object_put(p->h_arr);
	p->h_arr = NULL;
	free(p->h_items);
	p->h_items = NULL;
	p->h_done = p->h_cap = 0;
	p->h_stop = false;
	arena_free(p->arena);
	p->arena = NULL;
}

static json_tokener *new_tokener(void)
{
	json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
	if (!tok)
		(void)xmalloc((size_t)-1);  /* ends in the out-of-memory path */
	/* No comments and no trailing commas: json-c's lenient mode accepts a
	 * trailing comment only when it arrives in the same chunk. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	return tok;
}

precheck_parser *parser_new(void)
{
	precheck_parser *p = xcalloc(1, sizeof *p);
	p->tok = new_tokener();
	return p;
}

void parser_reset(precheck_parser *p)
{
	/* A fresh tokener: json_tokener_reset keeps a pending UTF-16 high
	 * surrogate from the abandoned attempt (json-c 0.16). */
	json_tokener_free(p->tok);
	p->tok = new_tokener();
	if (p->root)
		json_object_put(p->root);
	p->root = NULL;
	p->fed = 0;
	p->saw_content = false;
	p->complete = false;
	p->bom_checked = false;
	strbuf_truncate(&p->bom, 0);
	strbuf_truncate(&p->hold, 0);
	p->trailing_garbage = p->failed = false;
	p->error = json_tokener_success;
	harvest_clear(p);
}

static bool all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

static void harvest(precheck_parser *p);

static int feed_tokener(precheck_parser *p, const char *data, size_t len)
{
	if (p->failed)
		return -1;
	if (p->complete) {
		if (!all_space(data, len)) {
			p->trailing_garbage = p->failed = true;
			return -1;
		}
		return 0;
	}
	while (len > 0) {
		int chunk = len > FEED_SLICE ? FEED_SLICE : (int)len;
		json_object *obj = json_tokener_parse_ex(p->tok, data, chunk);
		enum json_tokener_error e = json_tokener_get_error(p->tok);

		if (e == json_tokener_continue) {
			data += chunk;
			len -= (size_t)chunk;
			harvest(p);
			continue;
		}
		if (e != json_tokener_success) {
			p->error = e;
			p->failed = true;
			return -1;
		}
		/* A complete value: anything after it must be white space. */
		size_t used = json_tokener_get_parse_end(p->tok);
		p->root = obj;
		p->complete = true;
		if (!all_space(data + used, (size_t)chunk - used) ||
		    !all_space(data + chunk, len - (size_t)chunk)) {
			p->trailing_garbage = p->failed = true;
			return -1;
		}
		return 0;
	}
	return 0;
}

static bool number_char(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* json-c judges a malformed number ("1-2") differently when it is split
 * across calls, so a run of number characters at the end of a chunk is
 * held back and handed over together with the bytes that end it. */
static int feed_body(precheck_parser *p, const char *data, size_t len)
{
	if (!p->saw_content && !all_space(data, len))
		p->saw_content = true;
	if (p->hold.len) {
		size_t k = 0;
		while (k < len && number_char(data[k]))
			k++;
		/* No cap: the run is bounded by --max-size like the body. */
		if (k == len) {
			strbuf_appendn(&p->hold, data, len);
			return 0;
		}
		size_t take = k < len ? k + 1 : k;
		strbuf_appendn(&p->hold, data, take);
		int rc = feed_tokener(p, p->hold.data, p->hold.len);
		strbuf_truncate(&p->hold, 0);
		if (rc)
			return rc;
		data += take;
		len -= take;
	}
	size_t run = 0;
	while (run < len && number_char(data[len - 1 - run]))
		run++;
	int rc = feed_tokener(p, data, len - run);
	if (rc == 0 && run)
		strbuf_appendn(&p->hold, data + len - run, run);
	return rc;
}

#define UTF8_BOM "\xef\xbb\xbf"

/* Some gateways start JSON with a UTF-8 byte order mark: skip it, however
 * the first bytes are split. */
static int feed_start(precheck_parser *p)
{
	const char *start = strbuf_str(&p->bom);
	size_t n = p->bom.len;
	p->bom_checked = true;
	if (n >= 3 && memcmp(start, UTF8_BOM, 3) == 0) {
		start += 3;
		n -= 3;
	}
	return feed_body(p, start, n);
}

/* Copies one string field for a harvested item; false when the field has
 * a type that convert() must report (the item then stays in the document). */
static bool take_text(precheck_parser *p, json_object *obj, const char *key, text_t *out)
{
	json_object *v;
	out->ptr = NULL;
	out->len = 0;
	if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
		return true;
	if (!json_object_is_type(v, json_type_string))
		return false;
	out->len = (size_t)json_object_get_string_len(v);
	out->ptr = arena_copy(&p->arena, json_object_get_string(v), out->len);
	return true;
}

/* While data.items is being parsed, json-c holds every completed item as a
 * full object (a 16-slot hash table and five strings, about 1.4 KiB for a
 * 150-byte item). Between input slices, convert the items completed so far
 * into precheck_items with copied texts and drop them from the array, so
 * the document never holds more than one slice's worth of items.
 * Reads json_tokener's parse stack (published, but marked deprecated). */
static void harvest(precheck_parser *p)
{
#if !HARVEST_ITEMS
	(void)p;
	(void)take_text;
}
#else
	struct json_tokener *t = p->tok;
	if (p->h_stop || t->depth < 2)
		return;
	if (!t->stack[0].obj_field_name || strcmp(t->stack[0].obj_field_name, "data") != 0 ||
	    !t->stack[1].obj_field_name || strcmp(t->stack[1].obj_field_name, "items") != 0)
		return;
	json_object *root = t->stack[0].current, *data = t->stack[1].current,
	            *arr = t->stack[2].current;
	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_is_type(data, json_type_object) ||
	    !json_object_is_type(arr, json_type_array))
		return;
	if (arr != p->h_arr) {
		/* A later "items" (or "data") replaces the earlier one, as in json-c. */
		harvest_clear(p);
		p->h_arr = json_object_get(arr);
	}
	size_t n = json_object_array_length(arr);
	for (; p->h_done < n; p->h_done++) {
		json_object *obj = json_object_array_get_idx(arr, p->h_done);
		precheck_item it;
		if (!json_object_is_type(obj, json_type_object) ||
		    !take_text(p, obj, "itemId", &it.id) || !take_text(p, obj, "itemName", &it.name) ||
		    !take_text(p, obj, "itemDescription", &it.description) ||
		    !take_text(p, obj, "status", &it.status) || !take_text(p, obj, "message", &it.message)) {
			p->h_stop = true;   /* convert() reports it, from the document */
			return;
		}
		if (p->h_done == p->h_cap) {
			p->h_cap = p->h_cap ? p->h_cap * 2 : 256;
			p->h_items = xrealloc(p->h_items, p->h_cap * sizeof *p->h_items);
		}
		p->h_items[p->h_done] = it;
		json_object_array_put_idx(arr, p->h_done, NULL);
	}
}
#endif

int parser_feed(precheck_parser *p, const char *data, size_t len)
{
	p->fed += len;
	if (!p->bom_checked) {
		size_t take = 3 - p->bom.len < len ? 3 - p->bom.len : len;
		strbuf_appendn(&p->bom, data, take);
		data += take;
		len -= take;
		if (p->bom.len < 3)
			return 0;
		int rc = feed_start(p);
		if (rc)
			return rc;
	}
	return feed_body(p, data, len);
}

/* Reads an optional string field. A missing or null field is absent; any
 * other type is a shape error. The field's path for the message is "where"
 * followed by the key, or data.items[INDEX]. when index is not NO_INDEX
 * (formatted only on error: this runs for every field of every item). */
#define NO_INDEX ((size_t)-1)

static int get_text(json_object *obj, const char *key, text_t *out,
                    const char *where, size_t index, char *err, size_t errlen)
{
	json_object *v;

	out->ptr = NULL;
	out->len = 0;
	if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string)) {
		const char *type = json_type_to_name(json_object_get_type(v));
		if (index == NO_INDEX)
			snprintf(err, errlen, "'%s%s' is %s, not a string", where, key, type);
		else
			snprintf(err, errlen, "'data.items[%zu].%s' is %s, not a string",
			         index, key, type);
		return -1;
	}
	out->ptr = json_object_get_string(v);
	out->len = (size_t)json_object_get_string_len(v);
	return 0;
}

static int convert_item(json_object *obj, size_t index, precheck_item *it,
                        char *err, size_t errlen)
{
	if (!json_object_is_type(obj, json_type_object)) {
		snprintf(err, errlen, "'data.items[%zu]' is %s, not an object", index,
		         obj ? json_type_to_name(json_object_get_type(obj)) : "null");
		return -1;
	}
	if (get_text(obj, "itemId", &it->id, NULL, index, err, errlen) ||
	    get_text(obj, "itemName", &it->name, NULL, index, err, errlen) ||
	    get_text(obj, "itemDescription", &it->description, NULL, index, err, errlen) ||
	    get_text(obj, "status", &it->status, NULL, index, err, errlen) ||
	    get_text(obj, "message", &it->message, NULL, index, err, errlen))
		return -1;
	return 0;
}

static parse_status convert(precheck_parser *p, json_object *root, precheck_response *r,
                            char *err, size_t errlen)
{
	json_object *v, *data, *items;

	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "response is a JSON %s, not an object",
		         root ? json_type_to_name(json_object_get_type(root)) : "null");
		return PARSE_SHAPE;
	}
	r->success = TRISTATE_ABSENT;
	if (json_object_object_get_ex(root, "success", &v) && v != NULL) {
		if (!json_object_is_type(v, json_type_boolean)) {
			snprintf(err, errlen, "'success' is %s, not a boolean",
			         json_type_to_name(json_object_get_type(v)));
			return PARSE_SHAPE;
		}
		r->success = json_object_get_boolean(v) ? TRISTATE_TRUE : TRISTATE_FALSE;
	}
	if (get_text(root, "requestId", &r->request_id, "", NO_INDEX, err, errlen) ||
	    get_text(root, "message", &r->message, "", NO_INDEX, err, errlen))
		return PARSE_SHAPE;

	if (!json_object_object_get_ex(root, "data", &data) || data == NULL)
		return PARSE_OK;
	if (!json_object_is_type(data, json_type_object)) {
		snprintf(err, errlen, "'data' is %s, not an object",
		         json_type_to_name(json_object_get_type(data)));
		return PARSE_SHAPE;
	}
	r->has_data = true;
	if (get_text(data, "replicationId", &r->replication_id, "data.", NO_INDEX, err, errlen) ||
	    get_text(data, "precheckStatus", &r->precheck_status, "data.", NO_INDEX, err, errlen))
		return PARSE_SHAPE;

	if (!json_object_object_get_ex(data, "items", &items) || items == NULL)
		return PARSE_OK;
	if (!json_object_is_type(items, json_type_array)) {
		snprintf(err, errlen, "'data.items' is %s, not an array",
		         json_type_to_name(json_object_get_type(items)));
		return PARSE_SHAPE;
	}
	r->has_items = true;
	r->n_items = json_object_array_length(items);
	size_t i = 0;
	if (items == p->h_arr && p->h_done > 0) {
		/* Take the harvested items over rather than copy them. */
		r->items = xrealloc(p->h_items, r->n_items * sizeof *r->items);
		p->h_items = NULL;
		i = p->h_done;
		p->h_done = p->h_cap = 0;
		memset(r->items + i, 0, (r->n_items - i) * sizeof *r->items);
	} else {
		r->items = xcalloc(r->n_items, sizeof *r->items);
	}
	for (; i < r->n_items; i++)
		if (convert_item(json_object_array_get_idx(items, i), i, &r->items[i], err, errlen))
			return PARSE_SHAPE;
	return PARSE_OK;
}

parse_status parser_finish(precheck_parser *p, precheck_response *out,
                           char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (err && errlen)
		err[0] = '\0';
	if (!p->bom_checked)
		feed_start(p);
	if (p->hold.len) {
		feed_tokener(p, p->hold.data, p->hold.len);
		strbuf_truncate(&p->hold, 0);
	}
	if (!p->saw_content) {
		snprintf(err, errlen, p->fed ? "body is only white space" : "empty body");
		return PARSE_EMPTY;
	}
	if (p->trailing_garbage) {
		/* Worded as json-c words it, so chunked and one-shot parsing of the
		 * same bytes say the same thing. */
		snprintf(err, errlen, "%s", json_tokener_error_desc(json_tokener_error_parse_unexpected));
		return PARSE_SYNTAX;
	}
	if (p->failed) {
		snprintf(err, errlen, "%s", json_tokener_error_desc(p->error));
		return PARSE_SYNTAX;
	}
	if (!p->complete) {
		/* A bare number such as "12" is only complete at end of input. */
		json_object *obj = json_tokener_parse_ex(p->tok, "", 1);
		enum json_tokener_error e = json_tokener_get_error(p->tok);
		if (e != json_tokener_success) {
			if (obj)
				json_object_put(obj);
			snprintf(err, errlen, "%s",
			         e == json_tokener_continue ? "body ends in the middle of a JSON value"
			                                    : json_tokener_error_desc(e));
			return PARSE_SYNTAX;
		}
		p->root = obj;
	}
	parse_status st = convert(p, p->root, out, err, errlen);
	if (st != PARSE_OK) {
		free(out->items);
		memset(out, 0, sizeof *out);
		return st;
	}
	/* The response now owns the document and the copied texts. */
	out->owner_ = p->root;
	p->root = NULL;
	out->arena_ = p->arena;
	p->arena = NULL;
	return PARSE_OK;
}

void parser_free(precheck_parser *p)
{
	if (!p)
		return;
	if (p->root)
		json_object_put(p->root);
	harvest_clear(p);
	json_tokener_free(p->tok);
	strbuf_free(&p->hold);
	strbuf_free(&p->bom);
	free(p);
}

parse_status parse_response(const char *data, size_t len, precheck_response *out,
                            char *err, size_t errlen)
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
	if (r->owner_)
		json_object_put((json_object *)r->owner_);
	arena_free(r->arena_);
	memset(r, 0, sizeof *r);
}

/* ---- the service's clock (GET /openapi/now) ----------------------------- */

/* Epoch seconds, or milliseconds when the number is too large for seconds. */
static bool time_from_number(double v, time_t *out)
{
	if (!isfinite(v) || v <= 0)
		return false;
	if (v > 1e11)
		v /= 1000.0;
	*out = (time_t)v;
	return true;
}

/* YYYY-MM-DD, 'T' or ' ', HH:MM:SS, then anything (fraction, zone). The
 * zone is taken as UTC: only minutes of skew matter here. */
static bool time_from_string(const char *s, time_t *out)
{
	struct tm tm;
	char sep;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 7 && n > 0 &&
	    (sep == 'T' || sep == ' ')) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		*out = timegm(&tm);
		return *out != (time_t)-1;
	}
	char *end;
	double v = strtod(s, &end);
	return end != s && *end == '\0' && time_from_number(v, out);
}

static bool time_from_value(json_object *v, time_t *out)
{
	switch (json_object_get_type(v)) {
	case json_type_int:
	case json_type_double:
		return time_from_number(json_object_get_double(v), out);
	case json_type_string:
		return time_from_string(json_object_get_string(v), out);
	default:
		return false;
	}
}

bool parse_server_time(const char *data, size_t len, time_t *out)
{
	/* The shape is not documented: a bare time, or one under a likely
	 * key, at the top or inside "data". */
	static const char *const keys[] = { "data", "now", "time", "timestamp", "serverTime",
	                                    "currentTime" };
	json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
	bool found = false;

	if (!tok)
		return false;
	json_object *doc = json_tokener_parse_ex(tok, data, (int)(len > INT_MAX ? INT_MAX : len));
	/* A bare number is complete only once the input is known to end. */
	if (!doc && json_tokener_get_error(tok) == json_tokener_continue)
		doc = json_tokener_parse_ex(tok, "", 1);
	if (doc && json_tokener_get_error(tok) == json_tokener_success) {
		json_object *v = doc;
		for (int level = 0; !found && v && level < 3; level++) {
			found = time_from_value(v, out);
			json_object *next = NULL;
			for (size_t i = 0; !found && !next && i < sizeof keys / sizeof keys[0]; i++)
				if (json_object_is_type(v, json_type_object))
					json_object_object_get_ex(v, keys[i], &next);
			v = next;
		}
	}
	json_object_put(doc);
	json_tokener_free(tok);
	return found;
}
