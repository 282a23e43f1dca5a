/* json.h - the only json-c user: JSON text out (the JSON renderer) and in
 * (the responses). Owns: how values are built, escaped and serialized. */
#ifndef CHECK_JSON_H
#define CHECK_JSON_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
