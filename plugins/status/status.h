/* SPDX-License-Identifier: GPL-3.0-or-later */
/* status.h - what GET /openapi/v1/replication/status answers, as plain C
 * (status/parse.c fills it) and how it is judged (status/evaluate.c). */
#ifndef STATUS_STATUS_H
#define STATUS_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "envelope.h"
#include "json.h"
#include "mapping.h"
#include "range.h"
#include "result.h"

/* The subtask whose delay is the replication delay. */
#define STATUS_INC_SUBTASK "inc_writer"

typedef struct {
	text_t type; /* subTaskType */
	text_t status;
	bool has_percent;
	double percent;
	bool has_delay;
	double delay_ms; /* integer in the API; kept as read */
} status_subtask;

typedef struct {
	envelope env;  /* success, requestId, message */
	bool has_data; /* the fields, inside data or beside success */
	text_t replication_id;
	text_t status;
	text_t current_subtask; /* currentSubTaskType */
	bool has_subtasks;
	status_subtask *subtasks;
	size_t n_subtasks;
	jnode *owner_; /* the parsed document the texts point into */
} status_response;

/* -w and -c: the status plugin's own options. */
typedef struct {
	mp_range warn, crit; /* seconds of delay */
} status_thresholds;

typedef struct {
	const status_mapping *map; /* --map, checked before the table */
	size_t n_map;
	mp_range warn, crit; /* seconds of delay */
	const char *replication_id;
} status_config;

/* Task and subtask status value to state: --map first, then the built-in
 * table. transient: an OK value on its way somewhere; known: the value
 * was in either (else it is UNKNOWN). */
state_t status_judge(const status_config *cfg, text_t value, bool *transient, bool *known);

/* For --help and the README: one line per state of the built-in table. */
void status_table_text(strbuf *out, const char *indent);

/* A delay in seconds as perfdata, with the thresholds it is judged by. */
void status_add_delay_perf(check_result *r, const char *label, double seconds, const mp_range *warn,
                           const mp_range *crit);

/* Fills r (initialised by the caller) from a parsed answer that had
 * success:true and data. */
void status_evaluate(const status_config *cfg, const status_response *resp, check_result *r);

#endif
