/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verdict.h - the judgement both plugins make before their own (transport,
 * HTTP status, body, envelope, task id), refusal hints, and its words. */
#ifndef CHECK_VERDICT_H
#define CHECK_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "envelope.h"
#include "json.h"
#include "mapping.h"
#include "result.h"
#include "state.h"
#include "transport.h"

typedef enum {
	ERR_NONE = 0,
	ERR_USAGE,     /* bad command line or options file */
	ERR_TRANSPORT, /* xfer_status says what */
	ERR_HTTP,      /* status outside 2xx */
	ERR_BODY,      /* empty, not JSON, or wrong shape */
	ERR_API,       /* success:false, or no success field */
	ERR_NO_DATA,   /* success, but data missing */
	ERR_ANSWER,    /* data without what the plugin judges: detail says */
	ERR_WRONG_TASK, /* data.replicationId differs */
	ERR_NOMEM       /* the process ran out of memory */
} error_kind;

/* What to fix when the service refused the request, as far as the answer
 * tells: the HTTP status, the service's words and the clock skew. */
typedef enum {
	AUTH_HINT_NONE = 0,
	AUTH_HINT_CREDENTIALS, /* 401/403 to a request that was not signed */
	AUTH_HINT_SIGNING,     /* a signed request refused, no clue which part */
	AUTH_HINT_KEY_ID,      /* the AccessKey ID is unknown or disabled */
	AUTH_HINT_SIGNATURE,   /* the signature did not match: the secret */
	AUTH_HINT_CLOCK        /* the timestamp was out of the service's window */
} auth_hint;

typedef struct {
	state_t error_state;        /* when the status cannot be determined */
	state_t timeout_state;      /* when the time budget ran out */
	const char *replication_id; /* what was asked for */
	const status_mapping *map;  /* --map, later ones win */
	size_t n_map;
	size_t max_message;         /* bytes of a message from the service; 0 = all */
} verdict_config;

/* Why an answer could not be judged. */
typedef struct {
	state_t state;
	error_kind error;
	char detail[256]; /* parse or transport reason, or ERR_ANSWER's words */
	auth_hint hint;   /* with ERR_HTTP and ERR_API */
	const transfer_outcome *xfer;
	const envelope *env; /* the answer's envelope, when it parsed */
	text_t other_task;   /* ERR_WRONG_TASK: whom the answer is for */
} failure;

void failure_set(failure *f, state_t state, error_kind kind, const transfer_outcome *xfer,
                 const char *detail);

/* Why a request was refused. refused: the answer was a 401/403 or
 * success:false; message: the service's words, if any. */
auth_hint judge_rejection(const transfer_outcome *xfer, bool refused, text_t message);

/* The checks every answer goes through, in order: transport, HTTP status,
 * body syntax and shape (pst/perr), success, data, the task id. env,
 * has_data and task_id describe the parsed answer (env NULL when it did
 * not parse). Returns true, with f filled, when the answer fails one. */
bool verdict_check(const verdict_config *cfg, const transfer_outcome *xfer, parse_status pst,
                   const char *perr, const envelope *env, bool has_data, text_t task_id,
                   failure *f);

/* The failure in words, into r: state, error flag, summary. Messages from
 * the service are cut at max_message bytes (0 = no limit). */
void failure_describe(const failure *f, size_t max_message, check_result *r);

/* Reason phrase for an HTTP status code, or "" when not known. */
const char *http_reason(long code);

#endif
