/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.c - json-c behind a small interface, so no other file sees it:
 * the parse policy (a tolerant pass, then json-c's strict tokener), typed
 * field access, and JSON text for the JSON renderer. */
#include "config.h"
#include "json.h"
#include "strbuf.h"

#include <json-c/json.h>
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

static int flush_tolerant(json_reader *p)
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
	if (integer &&
	    (digits > max_len || (digits == max_len && memcmp(s + z, max, max_len) > 0))) {
		strbuf_appendn(out, s, z);
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

/* Rewrites data as the parse policy says and hands it to json-c. */
static int feed_tolerant(json_reader *p, const char *data, size_t len)
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
		/* A bare number such as "12" is only complete at end of input. */
		json_object *obj = json_tokener_parse_ex(p->tok, "", 1);
		enum json_tokener_error e = json_tokener_get_error(p->tok);
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
