/* parse.h - the only json-c user: response bytes in, plain C structs out.
 * Owns: JSON syntax, the documented response shape, and type checking. */
#ifndef PRECHECK_PARSE_H
#define PRECHECK_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A borrowed slice of response text; ptr is NULL when the field was absent
 * or null. Text may contain NUL bytes, hence the length. */
typedef struct {
	const char *ptr;
	size_t len;
} text_t;

typedef struct {
	text_t id;
	text_t name;
	text_t description;
	text_t status;
	text_t message;
} precheck_item;

typedef enum { TRISTATE_ABSENT = -1, TRISTATE_FALSE = 0, TRISTATE_TRUE = 1 } tristate;

typedef struct {
	tristate success;
	text_t request_id;
	text_t message;
	bool has_data;              /* "data" present and an object */
	text_t replication_id;
	text_t precheck_status;
	bool has_items;             /* "data.items" present and an array */
	precheck_item *items;
	size_t n_items;
	void *owner_;               /* the parsed document the texts point into */
} precheck_response;

typedef enum {
	PARSE_OK = 0,
	PARSE_EMPTY,        /* no bytes at all */
	PARSE_SYNTAX,       /* not JSON */
	PARSE_SHAPE         /* JSON, but not the documented shape or types */
} parse_status;

typedef struct precheck_parser precheck_parser;

/* Incremental parsing, so the body is parsed while it arrives. */
precheck_parser *parser_new(void);
void parser_reset(precheck_parser *p);
/* Returns 0, or -1 once the input can no longer be valid JSON. */
int parser_feed(precheck_parser *p, const char *data, size_t len);
/* Ends the input. On PARSE_OK fills *out (free with response_free);
 * otherwise writes a short reason to err. */
parse_status parser_finish(precheck_parser *p, precheck_response *out,
                           char *err, size_t errlen);
void parser_free(precheck_parser *p);

/* One-shot convenience over the above. */
parse_status parse_response(const char *data, size_t len, precheck_response *out,
                            char *err, size_t errlen);

void response_free(precheck_response *r);

/* The time in an answer of GET /openapi/now, whose shape is not
 * documented: a number (epoch seconds or milliseconds) or a date string,
 * bare or under "data" (or a similar key). Returns false when none. */
bool parse_server_time(const char *data, size_t len, time_t *out);

#endif
