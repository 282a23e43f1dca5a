/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.c - json-c behind a small interface, so no other file sees it:
 * the parse policy (a tolerant pass, then json-c's strict tokener), typed
 * field access, and JSON text for the JSON renderer. */
#include "config.h"
#include "json.h"
#include "strbuf.h"

#include <json-c/json.h>
#include <json-c/json_object_iterator.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Deep enough for any sane response, shallow enough to reject a bomb of
 * nested brackets quickly. */
#define MAX_DEPTH 64

/* Whatever the input, json-c is called with at most about this much at a
 * time, so the rewritten copy of a large one-shot body stays small. */
#define FEED_SLICE 65536

/* The least address space a failed parse must still find (syntax_error). */
#define MEMORY_PROBE_MIN ((size_t)8 << 20)

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
	char quote;           /* of the open string; 0 outside strings */
	bool escape;          /* the string's last byte was a backslash */
	unsigned need, seen;  /* UTF-8 continuation bytes expected, bytes taken */
	uint32_t cp;          /* the code point decoded so far */
	unsigned char lo, hi; /* the range of the next continuation byte */
	strbuf number;        /* a number outside strings, until its end */
	strbuf out;           /* the rewritten bytes json-c gets next */
} tolerant;

/* ---- lifting ----
 * The router reads the bytes json-c gets (strings are ASCII there, with
 * escapes) and follows just enough of them to know where an object of the
 * lifted array starts and ends: strings, brackets, commas, and the keys of
 * the objects on the path, decoded as json-c decodes them. It judges
 * nothing. An object starts only where a valid document has a value of
 * that array; its bytes go to a tokener of its own, and the document's
 * gets "null" instead. So json-c sees what it would have seen, in the same
 * states: inside the object one level deeper than its own root (hence the
 * depth limit), outside it a literal where an object was, and in every
 * state it can be in there, the 'n' of null and the '{' of an object are
 * taken, or refused with the same error, alike. Should the document be
 * wrong before an object, the document's tokener is given those bytes
 * before the object's error counts, so the first error is the one told. */
typedef struct {
	json_lift lift;
	json_tokener *tok; /* of the object being lifted */
	/* The document's bytes of one call, nulls for the objects: json-c 0.16
	 * sets up a locale on every call, dearer than a short copy. */
	strbuf held;
	unsigned depth;      /* containers open */
	unsigned path_depth; /* containers 1..path_depth are on the path */
	bool started;        /* the root value has begun */
	bool ended;          /* nothing more to lift: the rest is json-c's */
	char quote;          /* of the open string; 0 outside strings */
	bool escape;
	bool want_key;   /* the object at path_depth expects a key next */
	bool in_key;     /* the open string is that key */
	bool key_match;  /* the last key there equals its path key */
	bool want_value; /* the lifted array expects an element next */
	bool in_element;
	size_t index; /* the array's element being read */
	/* The key so far: json-c keeps a key up to its first NUL. */
	char key[8];
	unsigned key_len;
	bool key_bad, key_cut;
	unsigned key_esc; /* 0; 1 after a backslash; 2-5 in \uXXXX */
	unsigned key_code;
} router;

struct json_reader {
	json_tokener *tok;
	json_object *root;
	size_t fed;
	bool saw_content; /* any byte other than white space */
	bool complete;    /* a whole JSON value was read (root may be NULL for null) */
	bool bom_checked;
	strbuf bom; /* the first bytes, until a BOM is ruled out */
	bool trailing_garbage;
	bool failed;
	enum json_tokener_error error;
	tolerant tol;
	router *route; /* NULL: nothing is lifted */
};

static json_tokener *new_tokener(void)
{
	json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
	if (!tok)
		(void)xmalloc((size_t)-1); /* ends in the out-of-memory path */
	/* No comments and no trailing commas: json-c's lenient mode accepts a
	 * trailing comment only when it arrives in the same chunk. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	return tok;
}

json_reader *json_reader_new(void)
{
	json_reader *p = xcalloc(1, sizeof *p);
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

static void router_reset(router *r)
{
	json_lift lift = r->lift;
	strbuf held = r->held;
	/* Fresh, for the same reason as the document's tokener. */
	if (r->tok)
		json_tokener_free(r->tok);
	strbuf_truncate(&held, 0);
	*r = (router){ .lift = lift, .held = held };
}

/* Made at the first object, so an answer without items does not pay. */
static json_tokener *element_tokener(router *r)
{
	if (!r->tok) {
		/* json-c counts depth from the root: the lifted object is the
		 * root of its tokener and sits path + 1 levels below the
		 * document's. */
		r->tok = json_tokener_new_ex(MAX_DEPTH - (int)r->lift.depth - 1);
		if (!r->tok)
			(void)xmalloc((size_t)-1);
		json_tokener_set_flags(r->tok, JSON_TOKENER_STRICT);
	}
	return r->tok;
}

void json_reader_lift(json_reader *p, const json_lift *lift)
{
	if (!p->route)
		p->route = xcalloc(1, sizeof *p->route);
	p->route->lift = *lift;
	router_reset(p->route);
}

void json_reader_reset(json_reader *p)
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
	if (p->route)
		router_reset(p->route);
}


static int feed_tokener(json_reader *p, const char *data, size_t len)
{
	if (p->failed)
		return -1;
	if (p->complete) {
		if (!mem_blank(data, len)) {
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
		if (!mem_blank(data + used, (size_t)chunk - used) ||
		    !mem_blank(data + chunk, len - (size_t)chunk)) {
			p->trailing_garbage = p->failed = true;
			return -1;
		}
		return 0;
	}
	return 0;
}

static int flush_held(json_reader *p)
{
	strbuf *held = &p->route->held;
	int rc = feed_tokener(p, held->data, held->len);
	strbuf_truncate(held, 0);
	return rc;
}

/* An error in a lifted object, unless json-c finds one before it. */
static int element_failed(json_reader *p, enum json_tokener_error e)
{
	if (flush_held(p) == 0) {
		p->error = e;
		p->failed = true;
	}
	return -1;
}

/* The bytes of a lifted object; last: they end it. */
static int feed_element(json_reader *p, const char *data, size_t len, bool last)
{
	router *r = p->route;
	while (len > 0) {
		int chunk = len > INT_MAX ? INT_MAX : (int)len;
		json_tokener *tok = element_tokener(r);
		json_object *obj = json_tokener_parse_ex(tok, data, chunk);
		enum json_tokener_error e = json_tokener_get_error(tok);
		data += chunk;
		len -= (size_t)chunk;
		if (e == json_tokener_continue)
			continue;
		if (e == json_tokener_success && len == 0 && last &&
		    json_tokener_get_parse_end(tok) == (size_t)chunk) {
			r->lift.element(r->lift.ctx, r->index, obj);
			json_object_put(obj);
			json_tokener_reset(tok);
			strbuf_appendn(&r->held, "null", 4);
			return 0;
		}
		if (obj)
			json_object_put(obj);
		/* Success anywhere but at the router's end of the object cannot
		 * happen while both read the same JSON; should it, the answer
		 * is refused rather than read two ways. */
		return element_failed(
		        p, e == json_tokener_success ? json_tokener_error_parse_unexpected : e);
	}
	return last ? element_failed(p, json_tokener_error_parse_unexpected) : 0;
}

static void key_put(router *r, unsigned c)
{
	if (r->key_cut || r->key_bad)
		return;
	if (c == 0)
		r->key_cut = true;
	else if (c >= 0x80 || r->key_len == sizeof r->key)
		r->key_bad = true;
	else
		r->key[r->key_len++] = (char)c;
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One byte of a key on the path, the closing quote aside. Whatever json-c
 * would refuse leaves the key unmatched: the parse fails anyway. */
static void key_byte(router *r, unsigned char c)
{
	if (r->key_esc == 0) {
		if (c == '\\')
			r->key_esc = 1;
		else
			key_put(r, c);
		return;
	}
	if (r->key_esc == 1) {
		static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
		const char *at = c ? strchr(from, c) : NULL;
		r->key_esc = 0;
		if (c == 'u') {
			r->key_esc = 2;
			r->key_code = 0;
		} else if (at) {
			key_put(r, (unsigned char)to[at - from]);
		} else {
			r->key_bad = true;
		}
		return;
	}
	int v = hex_value(c);
	if (v < 0) {
		r->key_bad = true;
		r->key_esc = 0;
		return;
	}
	/* Any code unit from U+0080 up, a surrogate too, is no letter. */
	r->key_code = r->key_code << 4 | (unsigned)v;
	if (++r->key_esc == 6) {
		r->key_esc = 0;
		key_put(r, r->key_code);
	}
}

static void key_end(router *r)
{
	const char *want = r->lift.path[r->path_depth - 1];
	size_t n = strlen(want);
	r->key_match = !r->key_bad && r->key_len == n && memcmp(r->key, want, n) == 0;
}

/* A container opens at r->depth (already counted). Returns true when it
 * is a lifted object. */
static bool open_container(router *r, unsigned char c)
{
	unsigned n = (unsigned)r->lift.depth;
	unsigned d = r->depth;
	if (d == 1 && c == '{') {
		r->path_depth = 1;
		r->want_key = true;
		r->key_match = false;
	} else if (d == r->path_depth + 1 && d <= n && r->key_match && c == '{') {
		r->path_depth = d;
		r->want_key = true;
		r->key_match = false;
	} else if (d == n + 1 && r->path_depth == n && r->key_match && c == '[') {
		r->path_depth = d;
		r->want_value = true;
		r->index = 0;
		r->lift.array_start(r->lift.ctx);
	} else if (d == n + 2 && r->path_depth == n + 1) {
		bool lifted = r->want_value && c == '{';
		r->want_value = false;
		return lifted;
	}
	return false;
}

static void close_container(router *r)
{
	if (r->path_depth == r->depth) {
		r->path_depth--;
		r->want_key = r->want_value = false;
	}
	if (--r->depth == 0)
		r->ended = true;
}

/* Hands data to json-c: the objects of the lifted array to a tokener of
 * their own, the rest to the document's. */
static int feed_routed(json_reader *p, const char *data, size_t len)
{
	router *r = p->route;
	if (!r || r->ended || p->failed || p->complete || len == 0)
		return feed_tokener(p, data, len);

	const unsigned char *s = (const unsigned char *)data;
	const unsigned n = (unsigned)r->lift.depth;
	size_t from = 0, i = 0; /* from: the first byte not handed on yet */
	for (; i < len; i++) {
		unsigned char c = s[i];
		if (r->quote) {
			if (r->escape) {
				r->escape = false;
			} else if (c == (unsigned char)r->quote) {
				r->quote = 0;
				if (r->in_key) {
					r->in_key = false;
					key_end(r);
				}
				continue;
			} else if (c == '\\') {
				r->escape = true;
			} else if (!r->in_key) {
				/* Most of an answer is string contents. */
				while (i + 1 < len && s[i + 1] != (unsigned char)r->quote &&
				       s[i + 1] != '\\')
					i++;
				continue;
			}
			if (r->in_key)
				key_byte(r, c);
			continue;
		}
		if (r->in_element) {
			if (c == '"' || c == '\'') {
				r->quote = (char)c;
			} else if (c == '{' || c == '[') {
				r->depth++;
			} else if ((c == '}' || c == ']') && --r->depth == n + 1) {
				r->in_element = false;
				if (feed_element(p, data + from, i + 1 - from, true))
					return -1;
				from = i + 1;
			}
			continue;
		}
		if (!r->started && !char_blank((char)c)) {
			r->started = true;
			/* A scalar root holds nothing to lift. */
			if (c != '{' && c != '[') {
				r->ended = true;
				break;
			}
		}
		bool in_array = r->depth == n + 1 && r->path_depth == n + 1;
		switch (c) {
		case '"':
		case '\'':
			r->quote = (char)c;
			if (r->depth == r->path_depth && r->depth <= n && r->want_key) {
				r->want_key = false;
				r->in_key = true;
				r->key_len = 0;
				r->key_bad = r->key_cut = false;
				r->key_esc = 0;
			} else if (in_array) {
				r->want_value = false;
			}
			break;
		case '{':
		case '[':
			r->depth++;
			if (open_container(r, c)) {
				strbuf_appendn(&r->held, data + from, i - from);
				r->in_element = true;
				from = i;
			}
			break;
		case '}':
		case ']': close_container(r); break;
		case ',':
			if (r->depth == r->path_depth && r->depth <= n) {
				r->want_key = true;
			} else if (in_array) {
				r->want_value = true;
				r->index++;
			}
			break;
		default:
			if (in_array && !char_blank((char)c))
				r->want_value = false;
			break;
		}
		if (r->ended)
			break;
	}
	/* Whatever json-c finds wrong in the document before an object is
	 * found before the object is read any further. */
	if (r->in_element)
		return flush_held(p) ? -1 : feed_element(p, data + from, len - from, false);
	if (!r->held.len)
		return feed_tokener(p, data + from, len - from);
	strbuf_appendn(&r->held, data + from, len - from);
	return flush_held(p);
}

static int flush_tolerant(json_reader *p)
{
	tolerant *t = &p->tol;
	int rc = feed_routed(p, t->out.data, t->out.len);
	strbuf_truncate(&t->out, 0);
	return rc;
}

static bool number_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Where an integer beyond 64 bits keeps its sign and leading zeros, so
 * json-c judges those; 0 when the number is written as it came. */
static size_t number_clamp_at(const char *s, size_t n, const char **max, size_t *max_len)
{
	size_t sign = n > 0 && s[0] == '-', z = sign;
	bool integer = n > sign;
	for (size_t i = sign; i < n; i++)
		integer = integer && s[i] >= '0' && s[i] <= '9';
	while (z < n && s[z] == '0')
		z++;
	*max = sign ? "9223372036854775808" : "18446744073709551615";
	size_t digits = n - z;
	*max_len = strlen(*max);
	if (integer &&
	    (digits > *max_len || (digits == *max_len && memcmp(s + z, *max, *max_len) > 0)))
		return z ? z : (size_t)-1;
	return 0;
}

static bool number_clamped(const char *s, size_t n)
{
	const char *max;
	size_t max_len;
	return number_clamp_at(s, n, &max, &max_len) != 0;
}

static void put_number(strbuf *out, const char *s, size_t n)
{
	const char *max;
	size_t max_len, z = number_clamp_at(s, n, &max, &max_len);
	if (z) {
		strbuf_appendn(out, s, z == (size_t)-1 ? 0 : z);
		strbuf_appendn(out, max, max_len);
		return;
	}
	strbuf_appendn(out, s, n);
}

static const char hex_digits[] = "0123456789abcdef";

static void put_u_escape(strbuf *out, unsigned v)
{
	char e[6] = { '\\',
		      'u',
		      hex_digits[(v >> 12) & 15],
		      hex_digits[(v >> 8) & 15],
		      hex_digits[(v >> 4) & 15],
		      hex_digits[v & 15] };
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

/* data[*pass, i) goes to json-c after what was rewritten before it: as
 * it is when nothing was (the usual case), else copied after the rest. */
static int pass_on(json_reader *p, const char *data, size_t *pass, size_t i)
{
	tolerant *t = &p->tol;
	size_t n = i - *pass;
	int rc;
	if (!t->out.len) {
		rc = feed_routed(p, n ? data + *pass : NULL, n);
	} else {
		if (n)
			strbuf_appendn(&t->out, data + *pass, n);
		rc = flush_tolerant(p);
	}
	*pass = i;
	return rc;
}

/* Before a rewritten byte: what came before it joins the copy. */
static void keep(tolerant *t, const char *data, size_t *pass, size_t i)
{
	if (i > *pass)
		strbuf_appendn(&t->out, data + *pass, i - *pass);
	*pass = i;
}

/* Rewrites data as the parse policy says and hands it to json-c. Bytes
 * that stay as they are (nearly all) are not copied: data[pass, i) is
 * passed on from where it is. */
static int feed_tolerant(json_reader *p, const char *data, size_t len)
{
	tolerant *t = &p->tol;
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, pass = 0;

	if (p->failed)
		return -1;
	while (i < len) {
		/* Never between a number and the byte that ends it: a number is
		 * taken with that byte, in one step. */
		if (t->out.len + (i - pass) >= FEED_SLICE && pass_on(p, data, &pass, i))
			return -1;
		size_t run = i, limit = len - i > FEED_SLICE ? i + FEED_SLICE : len;
		if (t->number.len) {
			/* A number cut by the end of the last chunk. */
			while (run < len && number_char(s[run]))
				run++;
			strbuf_appendn(&t->number, data + i, run - i);
			if (run == len) {
				i = pass = len;
				break;
			}
			keep(t, data, &pass, i);
			put_number(&t->out, t->number.data, t->number.len);
			strbuf_truncate(&t->number, 0);
			pass = run;
			i = run + 1;
			if (s[run] == '"' || s[run] == '\'')
				t->quote = (char)s[run];
		} else if (!t->quote) {
			while (run < limit && s[run] != '"' && s[run] != '\'' && s[run] != '-' &&
			       (s[run] < '0' || s[run] > '9'))
				run++;
			i = run;
			if (i == len)
				break;
			if (s[i] == '"' || s[i] == '\'') {
				/* json-c takes a single-quoted key in strict mode too. */
				t->quote = (char)s[i++];
			} else if (i < limit) {
				/* The run stopped at a number, not at the slice end. */
				size_t end = i + 1;
				while (end < len && number_char(s[end]))
					end++;
				if (end == len) {
					/* Held back until the byte after it arrives. */
					keep(t, data, &pass, i);
					strbuf_appendn(&t->number, data + i, end - i);
					i = pass = len;
					break;
				}
				if (number_clamped(data + i, end - i)) {
					keep(t, data, &pass, i);
					put_number(&t->out, data + i, end - i);
					pass = end;
				}
				if (s[end] == '"' || s[end] == '\'')
					t->quote = (char)s[end];
				i = end + 1;
			}
		} else if (t->escape) {
			/* Whatever follows a backslash is json-c's to judge. */
			t->escape = false;
			i++;
		} else if (!t->need) {
			while (run < limit && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '\\' &&
			       s[run] != (unsigned char)t->quote)
				run++;
			i = run;
			if (i == limit)
				continue;
			if (s[i] == '\\') {
				t->escape = true;
				i++;
			} else if (s[i] == (unsigned char)t->quote) {
				t->quote = 0;
				i++;
			} else {
				keep(t, data, &pass, i);
				string_byte(t, s[i++]);
				pass = i;
			}
		} else {
			/* Inside a UTF-8 sequence; a byte that ends an invalid one
			 * is read again. */
			if (string_byte(t, s[i]))
				i++;
			pass = i;
		}
	}
	return pass_on(p, data, &pass, len);
}

/* The end of the body: a number held back is complete now. */
static int finish_tolerant(json_reader *p)
{
	tolerant *t = &p->tol;
	string_cut(t);
	if (t->number.len) {
		put_number(&t->out, t->number.data, t->number.len);
		strbuf_truncate(&t->number, 0);
	}
	return t->out.len ? flush_tolerant(p) : 0;
}

static int feed_body(json_reader *p, const char *data, size_t len)
{
	if (!p->saw_content && !mem_blank(data, len))
		p->saw_content = true;
	return feed_tolerant(p, data, len);
}

#define UTF8_BOM "\xef\xbb\xbf"

/* Some gateways start JSON with a UTF-8 byte order mark: skip it, however
 * the first bytes are split. */
static int feed_start(json_reader *p)
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

int json_reader_feed(json_reader *p, const char *data, size_t len)
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


/* json-c before 0.17 does not say when an allocation failed: a parse
 * then ends in a syntax error of some kind. A body that did not parse while
 * the process cannot get a few times its size of address space is taken
 * for what it most likely is, so the run ends with its out-of-memory
 * words, not "invalid response". */
static parse_status syntax_error(const json_reader *p)
{
	size_t probe = p->fed < (SIZE_MAX >> 3) ? 4 * p->fed : SIZE_MAX >> 1;
	if (probe < MEMORY_PROBE_MIN)
		probe = MEMORY_PROBE_MIN;
	/* mmap, not malloc: a compiler may drop a malloc whose memory is never
	 * used, and this one is never touched. */
	void *m = mmap(NULL, probe, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
	               -1, 0);
	if (m == MAP_FAILED)
		xnomem();
	munmap(m, probe);
	return PARSE_SYNTAX;
}

parse_status json_reader_finish(json_reader *p, jnode **root, char *err, size_t errlen)
{
	*root = NULL;
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
		snprintf(err, errlen, "%s",
		         json_tokener_error_desc(json_tokener_error_parse_unexpected));
		return syntax_error(p);
	}
	if (p->failed) {
		snprintf(err, errlen, "%s", json_tokener_error_desc(p->error));
		return syntax_error(p);
	}
	if (!p->complete) {
		/* A bare number such as "12" is only complete at end of input;
		 * in a lifted object, json-c says what it would say in the
		 * document. */
		bool lifting = p->route && p->route->in_element;
		json_tokener *tok = lifting ? element_tokener(p->route) : p->tok;
		json_object *obj = json_tokener_parse_ex(tok, "", 1);
		enum json_tokener_error e = json_tokener_get_error(tok);
		if (lifting && e == json_tokener_success)
			e = json_tokener_continue; /* no object ends at a NUL */
		if (e != json_tokener_success) {
			if (obj)
				json_object_put(obj);
			snprintf(err, errlen, "%s",
			         e == json_tokener_continue
			                 ? "body ends in the middle of a JSON value"
			                 : json_tokener_error_desc(e));
			return syntax_error(p);
		}
		p->root = obj;
	}
	/* The caller owns the document now. */
	*root = p->root;
	p->root = NULL;
	return PARSE_OK;
}

void json_reader_free(json_reader *p)
{
	if (!p)
		return;
	if (p->root)
		json_object_put(p->root);
	json_tokener_free(p->tok);
	if (p->route) {
		if (p->route->tok)
			json_tokener_free(p->route->tok);
		strbuf_free(&p->route->held);
		free(p->route);
	}
	strbuf_free(&p->tol.number);
	strbuf_free(&p->tol.out);
	strbuf_free(&p->bom);
	free(p);
}

void json_free(jnode *doc)
{
	if (doc)
		json_object_put(doc);
}

/* ---- typed access --------------------------------------------------------- */

const char *jv_type_name(const jnode *v)
{
	return v ? json_type_to_name(json_object_get_type(v)) : "null";
}

bool jv_is_object(const jnode *v)
{
	return json_object_is_type(v, json_type_object);
}

bool jv_is_array(const jnode *v)
{
	return json_object_is_type(v, json_type_array);
}

bool jv_is_string(const jnode *v)
{
	return json_object_is_type(v, json_type_string);
}

bool jv_is_bool(const jnode *v)
{
	return json_object_is_type(v, json_type_boolean);
}

bool jv_is_number(const jnode *v)
{
	return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
}

jnode *jv_member(const jnode *object, const char *key)
{
	json_object *v = NULL;
	if (!json_object_is_type(object, json_type_object) ||
	    !json_object_object_get_ex(object, key, &v))
		return NULL;
	return v;
}

void jv_members(const jnode *object, const char *const *keys, size_t n, jnode **out)
{
	for (size_t k = 0; k < n; k++)
		out[k] = NULL;
	if (!json_object_is_type(object, json_type_object))
		return;
	json_object *o = (json_object *)object;
	struct json_object_iterator it = json_object_iter_begin(o);
	struct json_object_iterator end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *name = json_object_iter_peek_name(&it);
		/* json-c keeps one entry per key, so a name matches once. */
		for (size_t k = 0; k < n; k++) {
			if (name[0] == keys[k][0] && strcmp(name, keys[k]) == 0) {
				out[k] = json_object_iter_peek_value(&it);
				break;
			}
		}
	}
}

text_t jv_text(const jnode *v)
{
	if (!json_object_is_type(v, json_type_string))
		return (text_t){ .ptr = NULL };
	return (text_t){ .ptr = json_object_get_string((json_object *)v),
		         .len = (size_t)json_object_get_string_len(v) };
}

bool jv_bool(const jnode *v)
{
	return json_object_get_boolean(v) != 0;
}

double jv_number(const jnode *v)
{
	return json_object_get_double(v);
}

size_t jv_length(const jnode *array)
{
	return json_object_is_type(array, json_type_array) ? json_object_array_length(array) : 0;
}

jnode *jv_at(const jnode *array, size_t i)
{
	return json_object_array_get_idx(array, i);
}

int jv_get_text(const jnode *object, const char *key, text_t *out, const char *where, char *err,
                size_t errlen)
{
	jnode *v = jv_member(object, key);
	*out = (text_t){ .ptr = NULL };
	if (!v)
		return 0;
	if (!jv_is_string(v)) {
		snprintf(err, errlen, "'%s%s' is %s, not a string", where, key, jv_type_name(v));
		return -1;
	}
	*out = jv_text(v);
	return 0;
}

int jv_get_envelope(const jnode *root, envelope *env, char *err, size_t errlen)
{
	jnode *v = jv_member(root, "success");
	*env = (envelope){ .success = TRISTATE_ABSENT };
	if (v) {
		if (!jv_is_bool(v)) {
			snprintf(err, errlen, "'success' is %s, not a boolean", jv_type_name(v));
			return -1;
		}
		env->success = jv_bool(v) ? TRISTATE_TRUE : TRISTATE_FALSE;
	}
	if (jv_get_text(root, "requestId", &env->request_id, "", err, errlen) ||
	    jv_get_text(root, "message", &env->message, "", err, errlen))
		return -1;
	return 0;
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
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 7 &&
	    n > 0 && (sep == 'T' || sep == ' ')) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		*out = timegm(&tm);
		return *out != (time_t)-1;
	}
	char *end;
	double v = strtod(s, &end);
	return end != s && *end == '\0' && time_from_number(v, out);
}

static bool time_from_value(jnode *v, time_t *out)
{
	switch (json_object_get_type(v)) {
	case json_type_int:
	case json_type_double: return time_from_number(json_object_get_double(v), out);
	case json_type_string: return time_from_string(json_object_get_string(v), out);
	default: return false;
	}
}

bool json_server_time(const char *data, size_t len, time_t *out)
{
	/* The shape is not documented: a bare time, or one under a likely
	 * key, at the top or inside "data". */
	static const char *const keys[] = { "data",      "now",        "time",
		                            "timestamp", "serverTime", "currentTime" };
	json_reader *r = json_reader_new();
	jnode *doc = NULL;
	char err[128];
	bool found = false;

	json_reader_feed(r, data, len);
	if (json_reader_finish(r, &doc, err, sizeof err) == PARSE_OK) {
		jnode *v = doc;
		for (int level = 0; !found && v && level < 3; level++) {
			found = time_from_value(v, out);
			jnode *next = NULL;
			for (size_t k = 0; !found && !next && k < sizeof keys / sizeof keys[0]; k++)
				if (json_object_is_type(v, json_type_object))
					json_object_object_get_ex(v, keys[k], &next);
			v = next;
		}
	}
	json_free(doc);
	json_reader_free(r);
	return found;
}

/* ---- JSON text out --------------------------------------------------------- */

/* json-c's constructors return NULL when an allocation fails, which the
 * writer would take for JSON null (or assert on, for a container): that
 * is the out-of-memory end instead. */
static jw *made(jw *v)
{
	if (!v)
		xnomem();
	return v;
}

jw *jw_object(void)
{
	return made(json_object_new_object());
}

jw *jw_array(void)
{
	return made(json_object_new_array());
}

jw *jw_string(const char *s, size_t len)
{
	return made(json_object_new_string_len(s, len > INT_MAX ? INT_MAX : (int)len));
}

jw *jw_int(long long v)
{
	return made(json_object_new_int64((int64_t)v));
}

jw *jw_number(double v, const char *repr)
{
	return made(json_object_new_double_s(v, repr));
}

jw *jw_bool(bool v)
{
	return made(json_object_new_boolean(v));
}

void jw_put(jw *object, const char *key, jw *value)
{
	if (json_object_object_add(object, key, value) != 0)
		xnomem();
}

void jw_push(jw *array, jw *value)
{
	if (json_object_array_add(array, value) != 0)
		xnomem();
}

char *jw_finish(jw *root)
{
	const char *text =
	        json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		xnomem();
	char *copy = xstrdup(text);
	json_object_put(root);
	return copy;
}

const char *json_library_version(void)
{
	return json_c_version();
}
