/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.h - the status answer's shape: JSON (through core/json) in, a
 * status_response out, from either documented revision of the shape. */
#ifndef STATUS_STATUS_PARSE_H
#define STATUS_STATUS_PARSE_H

#include <stddef.h>

#include "json.h"
#include "plugin.h"
#include "status.h"

/* Fills *out from a parsed document (which out then owns, free with
 * status_response_free), or says in err why it is not the documented
 * shape. root is released on failure too. */
parse_status status_convert(jnode *root, status_response *out, char *err, size_t errlen);

/* One-shot: bytes in, as the plugin reads them. */
parse_status status_parse(const char *data, size_t len, status_response *out, char *err,
                          size_t errlen);

/* What the checks every answer goes through read of a parsed answer. */
answer_head status_head(const status_response *r);

void status_response_free(status_response *r);

#endif
