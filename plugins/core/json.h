/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.h - the only json-c user: the parse policy for answers (tolerant
 * of what json-c versions judge differently), typed access, JSON text out. */
#ifndef CHECK_JSON_H
#define CHECK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "envelope.h"

typedef enum {
	PARSE_OK = 0,
	PARSE_EMPTY,  /* no bytes at all, or only white space */
	PARSE_SYNTAX, /* not JSON */
	PARSE_SHAPE   /* JSON, but not the documented shape or types */
} parse_status;

/* A parsed JSON value; NULL is JSON null. */
typedef struct json_object jnode;

/* Incremental reading, so a body is parsed while it arrives. In strings,
 * raw control characters and invalid UTF-8 are taken (and sanitized on
 * output); comments, trailing commas and trailing garbage are not. */
typedef struct json_reader json_reader;

json_reader *json_reader_new(void);
void json_reader_reset(json_reader *r);
/* Returns 0, or -1 once the input can no longer be valid JSON. */
int json_reader_feed(json_reader *r, const char *data, size_t len);
/* Ends the input: on PARSE_OK *root is the document (free with
 * json_free; NULL for a JSON null), otherwise err says why. */
parse_status json_reader_finish(json_reader *r, jnode **root, char *err, size_t errlen);
void json_reader_free(json_reader *r);
void json_free(jnode *doc);

/* Objects of one array, taken out of the document as they are read: json-c
 * keeps about 1.1 KiB for an object of five short strings, so a tree of
 * ten thousand items would cost more than the rest of the run together.
 * The array is the one at path (object keys from the root object, letters
 * only); each object in it goes to element() whole, is freed after, and
 * stays in the document as a JSON null. A duplicate key replaces a value
 * in json-c's document, so array_start() says that what element() saw
 * before belongs to an array the document will not have. Everything else,
 * errors and their wording included, is as without lifting. */
#define JSON_LIFT_MAX_PATH 4
typedef struct {
	const char *path[JSON_LIFT_MAX_PATH];
	size_t depth; /* keys in path, 1 to JSON_LIFT_MAX_PATH */
	void (*array_start)(void *ctx);
	/* object is borrowed for the call; index is its place in the array. */
	void (*element)(void *ctx, size_t index, const jnode *object);
	void *ctx;
} json_lift;

/* Before the first byte is fed; lift (copied) applies to every parse of r,
 * resets included. */
void json_reader_lift(json_reader *r, const json_lift *lift);

/* "null", "boolean", "int", "double", "string", "array", "object". */
const char *jv_type_name(const jnode *v);
bool jv_is_object(const jnode *v);
bool jv_is_array(const jnode *v);
bool jv_is_string(const jnode *v);
bool jv_is_bool(const jnode *v);
bool jv_is_number(const jnode *v);
/* The member, or NULL when absent or null. */
jnode *jv_member(const jnode *object, const char *key);
/* The members keys[0..n) of object in one pass over it: out[k] as
 * jv_member would give it. For the many small objects of an array, where
 * n lookups cost several times more. */
void jv_members(const jnode *object, const char *const *keys, size_t n, jnode **out);
/* Borrowed from the document; ptr NULL for anything but a string. */
text_t jv_text(const jnode *v);
bool jv_bool(const jnode *v);
double jv_number(const jnode *v);
size_t jv_length(const jnode *array);
jnode *jv_at(const jnode *array, size_t i);

/* An optional string member: absent or null leaves *out absent; another
 * type is an error "'<where><key>' is T, not a string". Returns 0 or -1. */
int jv_get_text(const jnode *object, const char *key, text_t *out, const char *where, char *err,
                size_t errlen);
/* success, requestId and message of the root object. Returns 0 or -1. */
int jv_get_envelope(const jnode *root, envelope *env, char *err, size_t errlen);

/* The time in an answer of GET /openapi/now, whose shape is not
 * documented: a number (epoch seconds or milliseconds) or a date string,
 * bare or under "data" (or a similar key). Returns false when none. */
bool json_server_time(const char *data, size_t len, time_t *out);

/* A JSON value under construction; NULL is JSON null. */
typedef struct json_object jw;

jw *jw_object(void);
jw *jw_array(void);
/* len bytes of s, which must be valid UTF-8; NUL bytes are escaped. */
jw *jw_string(const char *s, size_t len);
jw *jw_int(long long v);
/* Written as repr, so the text does not depend on json-c's own double
 * formatting, which changed between versions. */
jw *jw_number(double v, const char *repr);
jw *jw_bool(bool v);
/* Take ownership of value. */
void jw_put(jw *object, const char *key, jw *value);
void jw_push(jw *array, jw *value);
/* The compact text of root, on one line (caller frees); frees root. */
char *jw_finish(jw *root);

/* For --version. */
const char *json_library_version(void);

#endif
