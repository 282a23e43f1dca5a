/* SPDX-License-Identifier: GPL-3.0-or-later */
/* answer.h - one answer of the API: its body read as it arrives into the
 * plugin's parse, and the checks every answer passes before it is judged. */
#ifndef CHECK_ANSWER_H
#define CHECK_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "fetch.h"
#include "json.h"
#include "plugin.h"
#include "verdict.h"

/* The body of one answer, parsed while it arrives (a body_sink), then
 * handed to the plugin's parse. */
typedef struct {
	const plugin_def *p;
	json_reader *json;
	parse_status pst;
	char perr[512];
	answer_head head; /* valid when pst is PARSE_OK */
	void *answer;     /* p->answer_size bytes; valid when pst is PARSE_OK */
} answer_reader;

void answer_reader_init(answer_reader *ar, const plugin_def *p);
body_sink answer_reader_sink(answer_reader *ar);
/* The body is complete: parses it. */
void answer_reader_end(answer_reader *ar);
/* The same for a whole body at once. */
void answer_reader_parse(answer_reader *ar, const char *data, size_t len);
/* Back to the state after init, for the next answer. */
void answer_reader_clear(answer_reader *ar);
void answer_reader_release(answer_reader *ar);

/* The checks every answer passes, in order: transport, HTTP status, body,
 * success, data, the task id, then something in data to judge. Returns
 * true, with f filled, when the answer fails one. */
bool answer_check(const answer_reader *ar, const verdict_config *vc, const transfer_outcome *x,
                  failure *f);

#endif
