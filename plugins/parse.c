/* parse.c - json-c tokenizing and conversion into precheck_response. */
#include "config.h"
#include "parse.h"
#include "strbuf.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

/* Deep enough for any sane response, shallow enough to reject a bomb of
 * nested brackets quickly. */
#define MAX_DEPTH 64
/* Longest run of number characters held back between chunks. */
#define HOLD_MAX 256

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
};

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
}

static bool all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

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
		int chunk = len > (size_t)1 << 30 ? 1 << 30 : (int)len;
		json_object *obj = json_tokener_parse_ex(p->tok, data, chunk);
		enum json_tokener_error e = json_tokener_get_error(p->tok);

		if (e == json_tokener_continue) {
			data += chunk;
			len -= (size_t)chunk;
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
		if (k == len && p->hold.len + len <= HOLD_MAX) {
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
	while (run < len && run <= HOLD_MAX && number_char(data[len - 1 - run]))
		run++;
	if (run > HOLD_MAX)
		run = 0;
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
 * other type is a shape error. */
static int get_text(json_object *obj, const char *key, text_t *out,
                    const char *where, char *err, size_t errlen)
{
	json_object *v;

	out->ptr = NULL;
	out->len = 0;
	if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string)) {
		snprintf(err, errlen, "'%s%s' is %s, not a string", where, key,
		         json_type_to_name(json_object_get_type(v)));
		return -1;
	}
	out->ptr = json_object_get_string(v);
	out->len = (size_t)json_object_get_string_len(v);
	return 0;
}

static int convert_item(json_object *obj, size_t index, precheck_item *it,
                        char *err, size_t errlen)
{
	char where[48];

	if (!json_object_is_type(obj, json_type_object)) {
		snprintf(err, errlen, "'data.items[%zu]' is %s, not an object", index,
		         obj ? json_type_to_name(json_object_get_type(obj)) : "null");
		return -1;
	}
	snprintf(where, sizeof where, "data.items[%zu].", index);
	if (get_text(obj, "itemId", &it->id, where, err, errlen) ||
	    get_text(obj, "itemName", &it->name, where, err, errlen) ||
	    get_text(obj, "itemDescription", &it->description, where, err, errlen) ||
	    get_text(obj, "status", &it->status, where, err, errlen) ||
	    get_text(obj, "message", &it->message, where, err, errlen))
		return -1;
	return 0;
}

static parse_status convert(json_object *root, precheck_response *r,
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
	if (get_text(root, "requestId", &r->request_id, "", err, errlen) ||
	    get_text(root, "message", &r->message, "", err, errlen))
		return PARSE_SHAPE;

	if (!json_object_object_get_ex(root, "data", &data) || data == NULL)
		return PARSE_OK;
	if (!json_object_is_type(data, json_type_object)) {
		snprintf(err, errlen, "'data' is %s, not an object",
		         json_type_to_name(json_object_get_type(data)));
		return PARSE_SHAPE;
	}
	r->has_data = true;
	if (get_text(data, "replicationId", &r->replication_id, "data.", err, errlen) ||
	    get_text(data, "precheckStatus", &r->precheck_status, "data.", err, errlen))
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
	r->items = xcalloc(r->n_items, sizeof *r->items);
	for (size_t i = 0; i < r->n_items; i++)
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
	parse_status st = convert(p->root, out, err, errlen);
	if (st != PARSE_OK) {
		free(out->items);
		memset(out, 0, sizeof *out);
		return st;
	}
	/* The response now owns the document. */
	out->owner_ = p->root;
	p->root = NULL;
	return PARSE_OK;
}

void parser_free(precheck_parser *p)
{
	if (!p)
		return;
	if (p->root)
		json_object_put(p->root);
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
	memset(r, 0, sizeof *r);
}
