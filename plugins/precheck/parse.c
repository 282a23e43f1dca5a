/* parse.c - json-c tokenizing and conversion into precheck_response. */
#include "config.h"
#include "parse.h"
#include "strbuf.h"

#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Deep enough for any sane response, shallow enough to reject a bomb of
 * nested brackets quickly. */
#define MAX_DEPTH 64

/* Whatever the input, json-c is called with at most about this much at a
 * time, so the rewritten copy of a large one-shot body stays small. */
#define FEED_SLICE 65536

/* ---- the parse policy ----
 * json-c's strict mode is the only one that rejects comments, trailing
 * commas and trailing garbage on every version, but what it takes inside
 * strings and numbers changed: 0.16 passes raw control characters and any
 * byte >= 0x80 through and clamps an integer beyond 64 bits, 0.18 rejects
 * all three (even valid UTF-8). So the bytes are rewritten here, before
 * json-c sees them, into what every version reads alike:
 *   - in strings, a raw control character becomes a \u00XX escape, valid
 *     UTF-8 becomes \uXXXX escapes, and each byte of invalid UTF-8 becomes
 *     \ufffd, one per byte as sanitize.c prints it;
 *   - outside strings, an integer beyond 64 bits is clamped to the 64-bit
 *     limit, as json-c 0.16 does.
 * Nothing else is touched: what is not JSON is left for json-c to reject.
 * The pass also holds a number back until the byte after it arrives:
 * json-c judges a malformed number ("1-2") differently when it is split
 * across calls. */
typedef struct {
	char quote;                 /* of the open string; 0 outside strings */
	bool escape;                /* the string's last byte was a backslash */
	unsigned need, seen;        /* UTF-8 continuation bytes expected, bytes taken */
	uint32_t cp;                /* the code point decoded so far */
	unsigned char lo, hi;       /* the range of the next continuation byte */
	strbuf number;              /* a number outside strings, until its end */
	strbuf out;                 /* the rewritten bytes json-c gets next */
} tolerant;

struct precheck_parser {
	json_tokener *tok;
	json_object *root;
	size_t fed;
	bool saw_content;           /* any byte other than white space */
	bool complete;              /* a whole JSON value was read (root may be NULL for null) */
	bool bom_checked;
	strbuf bom;                 /* the first bytes, until a BOM is ruled out */
	bool trailing_garbage;
	bool failed;
	enum json_tokener_error error;
	tolerant tol;
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

static void tolerant_reset(tolerant *t)
{
	t->quote = 0;
	t->escape = false;
	t->need = t->seen = 0;
	strbuf_truncate(&t->number, 0);
	strbuf_truncate(&t->out, 0);
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
	p->trailing_garbage = p->failed = false;
	p->error = json_tokener_success;
	tolerant_reset(&p->tol);
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
		/* Only a number longer than INT_MAX is ever cut here. */
		int chunk = len > INT_MAX ? INT_MAX : (int)len;
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

static int flush_tolerant(precheck_parser *p)
{
	tolerant *t = &p->tol;
	int rc = feed_tokener(p, t->out.data, t->out.len);
	strbuf_truncate(&t->out, 0);
	return rc;
}

static bool number_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

static void put_number(strbuf *out, const char *s, size_t n)
{
	size_t sign = n > 0 && s[0] == '-', z = sign;
	bool integer = n > sign;
	for (size_t i = sign; i < n; i++)
		integer = integer && s[i] >= '0' && s[i] <= '9';
	while (z < n && s[z] == '0')
		z++;
	/* The sign and any leading zeros stay, so json-c judges those. */
	const char *max = sign ? "9223372036854775808" : "18446744073709551615";
	size_t digits = n - z, max_len = strlen(max);
	if (integer && (digits > max_len || (digits == max_len && memcmp(s + z, max, max_len) > 0))) {
		strbuf_appendn(out, s, z);
		strbuf_appendn(out, max, max_len);
		return;
	}
	strbuf_appendn(out, s, n);
}

static const char hex_digits[] = "0123456789abcdef";

static void put_u_escape(strbuf *out, unsigned v)
{
	char e[6] = { '\\', 'u', hex_digits[(v >> 12) & 15], hex_digits[(v >> 8) & 15],
	              hex_digits[(v >> 4) & 15], hex_digits[v & 15] };
	strbuf_appendn(out, e, sizeof e);
}

static void put_code_point(strbuf *out, uint32_t cp)
{
	if (cp < 0x10000) {
		put_u_escape(out, cp);
	} else {
		cp -= 0x10000;
		put_u_escape(out, 0xd800 | (cp >> 10));
		put_u_escape(out, 0xdc00 | (cp & 0x3ff));
	}
}

/* A UTF-8 lead byte: false when no valid sequence starts with it;
 * otherwise the continuation bytes it needs and the range of the first
 * (which rules out overlong forms, surrogates and code points above
 * U+10FFFF, like sanitize.c's decoder). */
static bool utf8_lead(tolerant *t, unsigned char c)
{
	t->lo = 0x80;
	t->hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf) {
		t->need = 1;
		t->cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		t->need = 2;
		t->cp = c & 0x0f;
		if (c == 0xe0)
			t->lo = 0xa0;
		else if (c == 0xed)
			t->hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		t->need = 3;
		t->cp = c & 0x07;
		if (c == 0xf0)
			t->lo = 0x90;
		else if (c == 0xf4)
			t->hi = 0x8f;
	} else {
		return false;
	}
	t->seen = 1;
	return true;
}

/* One byte of a string, escape and quote handling aside. Returns false
 * when the byte must be looked at again: it ended an invalid sequence. */
static bool string_byte(tolerant *t, unsigned char c)
{
	if (t->need) {
		if (c >= t->lo && c <= t->hi) {
			t->cp = (t->cp << 6) | (c & 0x3f);
			t->seen++;
			t->lo = 0x80;
			t->hi = 0xbf;
			if (--t->need == 0) {
				put_code_point(&t->out, t->cp);
				t->seen = 0;
			}
			return true;
		}
		/* Every byte taken so far is one invalid byte to sanitize.c. */
		for (; t->seen; t->seen--)
			put_u_escape(&t->out, 0xfffd);
		t->need = 0;
		return false;
	}
	if (c < 0x20)
		put_u_escape(&t->out, c);
	else if (c < 0x80)
		strbuf_appendc(&t->out, (char)c);
	else if (!utf8_lead(t, c))
		put_u_escape(&t->out, 0xfffd);
	return true;
}

/* Ends a UTF-8 sequence cut off by the end of its string or of the body. */
static void string_cut(tolerant *t)
{
	for (; t->need && t->seen; t->seen--)
		put_u_escape(&t->out, 0xfffd);
	t->need = 0;
}

/* Rewrites data as the parse policy says and hands it to json-c. */
static int feed_tolerant(precheck_parser *p, const char *data, size_t len)
{
	tolerant *t = &p->tol;
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;

	if (p->failed)
		return -1;
	while (i < len) {
		/* Never between a number and the byte that ends it. */
		if (t->out.len >= FEED_SLICE && flush_tolerant(p))
			return -1;
		size_t run = i, limit = len - i > FEED_SLICE ? i + FEED_SLICE : len;
		if (t->number.len) {
			while (run < len && number_char(s[run]))
				run++;
			strbuf_appendn(&t->number, data + i, run - i);
			if (run == len)
				break;
			put_number(&t->out, t->number.data, t->number.len);
			strbuf_truncate(&t->number, 0);
			strbuf_appendc(&t->out, (char)s[run]);
			i = run + 1;
			if (s[run] == '"' || s[run] == '\'')
				t->quote = (char)s[run];
		} else if (!t->quote) {
			while (run < limit && s[run] != '"' && s[run] != '\'' && s[run] != '-' &&
			       (s[run] < '0' || s[run] > '9'))
				run++;
			strbuf_appendn(&t->out, data + i, run - i);
			i = run;
			if (i == len)
				break;
			if (s[i] == '"' || s[i] == '\'') {
				/* json-c takes a single-quoted key in strict mode too. */
				t->quote = (char)s[i];
				strbuf_appendc(&t->out, (char)s[i++]);
			} else if (i < limit) {
				/* The run stopped at a number, not at the slice end. */
				strbuf_appendc(&t->number, (char)s[i++]);
			}
		} else if (t->escape) {
			/* Whatever follows a backslash is json-c's to judge. */
			t->escape = false;
			strbuf_appendc(&t->out, (char)s[i++]);
		} else if (!t->need) {
			while (run < limit && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '\\' &&
			       s[run] != (unsigned char)t->quote)
				run++;
			strbuf_appendn(&t->out, data + i, run - i);
			i = run;
			if (i == limit)
				continue;
			if (s[i] == '\\') {
				t->escape = true;
				strbuf_appendc(&t->out, '\\');
				i++;
			} else if (s[i] == (unsigned char)t->quote) {
				t->quote = 0;
				strbuf_appendc(&t->out, (char)s[i++]);
			} else {
				string_byte(t, s[i++]);
			}
		} else if (string_byte(t, s[i])) {
			i++;
		}
		/* else s[i] ended an invalid sequence and is read again */
	}
	return flush_tolerant(p);
}

/* The end of the body: a number held back is complete now. */
static int finish_tolerant(precheck_parser *p)
{
	tolerant *t = &p->tol;
	string_cut(t);
	if (t->number.len) {
		put_number(&t->out, t->number.data, t->number.len);
		strbuf_truncate(&t->number, 0);
	}
	return t->out.len ? flush_tolerant(p) : 0;
}

static int feed_body(precheck_parser *p, const char *data, size_t len)
{
	if (!p->saw_content && !all_space(data, len))
		p->saw_content = true;
	return feed_tolerant(p, data, len);
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
	finish_tolerant(p);
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
	/* The response now owns the document its texts point into. */
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
	strbuf_free(&p->tol.number);
	strbuf_free(&p->tol.out);
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
