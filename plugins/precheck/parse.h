/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.h - the precheck answer's shape: JSON (through core/json) in,
 * plain C structs out. Owns: the documented fields and their types. */
#ifndef PRECHECK_PARSE_H
#define PRECHECK_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "envelope.h"
#include "json.h"
#include "plugin.h"

typedef struct {
	text_t id;
	text_t name;
	text_t description;
	text_t status;
	text_t message;
} precheck_item;

typedef struct {
	envelope env;  /* success, requestId, message */
	bool has_data; /* "data" present and an object */
	text_t replication_id;
	text_t precheck_status;
	bool has_items; /* "data.items" present and an array */
	precheck_item *items;
	size_t n_items;
	jnode *owner_;             /* the parsed document the texts point into */
	struct item_store *store_; /* and the items' texts, copied as read */
} precheck_response;

/* Fills *out from a parsed document, which out then owns (free with
 * response_free), or says in err why it is not the documented shape;
 * root is released on failure too. */
parse_status precheck_convert(jnode *root, precheck_response *out, char *err, size_t errlen);

/* Before the body is read into r: the items of data.items are then
 * converted as they arrive and leave json-c's document at once (answer is
 * the precheck_response the parse fills). */
void precheck_prepare(json_reader *r, void *answer);

/* What the checks every answer goes through read of a parsed answer. */
answer_head precheck_head(const precheck_response *r);

/* Incremental parsing, so the body is parsed while it arrives. */
typedef struct precheck_parser precheck_parser;

precheck_parser *parser_new(void);
void parser_reset(precheck_parser *p);
/* Returns 0, or -1 once the input can no longer be valid JSON. */
int parser_feed(precheck_parser *p, const char *data, size_t len);
/* Ends the input. On PARSE_OK fills *out (free with response_free);
 * otherwise writes a short reason to err. */
parse_status parser_finish(precheck_parser *p, precheck_response *out, char *err, size_t errlen);
void parser_free(precheck_parser *p);

/* One-shot convenience over the above. */
parse_status parse_response(const char *data, size_t len, precheck_response *out, char *err,
                            size_t errlen);

/* The same with the whole document kept as one json-c tree, as before
 * items were lifted out of it while read: the reference the tests hold
 * parse_response to. */
parse_status parse_response_whole(const char *data, size_t len, precheck_response *out, char *err,
                                  size_t errlen);

void response_free(precheck_response *r);

#endif
