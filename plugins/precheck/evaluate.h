/* evaluate.h - pure judgement: what the fetched answer means as a state.
 * Owns: the status map, item overrides, counts and error classification. */
#ifndef PRECHECK_EVALUATE_H
#define PRECHECK_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"
#include "state.h"

typedef struct {
	const char *value;          /* API status value, compared case-insensitively */
	state_t state;
} status_mapping;

typedef struct {
	status_mapping *map;        /* user mappings; checked before the defaults */
	size_t n_map;
	const char **ignore;        /* itemId shell patterns */
	size_t n_ignore;
	const char **warn;          /* itemId shell patterns capped at WARNING */
	size_t n_warn;
	state_t error_state;        /* when the status cannot be determined */
	state_t timeout_state;      /* when the time budget ran out */
	const char *replication_id; /* what was asked for */
} judge_config;

/* What happened on the way to the body: filled by fetch (or --file). */
typedef enum {
	XFER_OK = 0,
	XFER_TIMEOUT,
	XFER_DNS,
	XFER_CONNECT,
	XFER_TLS,
	XFER_TOO_LARGE,
	XFER_FILE,
	XFER_REDIRECT,       /* too many redirects, or to a forbidden scheme */
	XFER_SETUP,          /* libcurl refused an option: nothing was sent */
	XFER_PROTOCOL,       /* the peer answered, but not in an HTTP libcurl speaks */
	XFER_OTHER
} xfer_status;

typedef struct {
	xfer_status status;
	char detail[256];           /* plain words from the transport layer */
	bool signed_request;        /* the answer is to an AccessKey-signed request */
	bool has_skew;              /* the service said what time it is */
	double skew;                /* its clock minus ours, in seconds */
	long http_code;             /* 0: no HTTP response (file, or failure) */
	const char *redirect_to;    /* Location of a redirect not followed */
	const char *snippet;        /* start of the body, for error reports */
	size_t snippet_len;
	double seconds;             /* time spent, or < 0 if not measured */
} transfer_outcome;

typedef enum {
	ERR_NONE = 0,
	ERR_USAGE,          /* bad command line or options file */
	ERR_TRANSPORT,      /* xfer_status says what */
	ERR_HTTP,           /* status outside 2xx */
	ERR_BODY,           /* empty, not JSON, or wrong shape */
	ERR_API,            /* success:false, or no success field */
	ERR_NO_DATA,        /* success, but data missing */
	ERR_NO_STATUS,      /* neither precheckStatus nor items */
	ERR_WRONG_TASK      /* data.replicationId differs */
} error_kind;

/* What to fix when the service refused the request, as far as the answer
 * tells: the HTTP status, the service's words and the clock skew. */
typedef enum {
	AUTH_HINT_NONE = 0,
	AUTH_HINT_CREDENTIALS,      /* 401/403 to a request that was not signed */
	AUTH_HINT_SIGNING,          /* a signed request refused, no clue which part */
	AUTH_HINT_KEY_ID,           /* the AccessKey ID is unknown or disabled */
	AUTH_HINT_SIGNATURE,        /* the signature did not match: the secret */
	AUTH_HINT_CLOCK             /* the timestamp was out of the service's window */
} auth_hint;

typedef struct {
	const precheck_item *item;
	state_t state;              /* after overrides */
	state_t api_state;          /* from the API's status alone */
	bool ignored;
	bool capped;                /* --warn-item lowered it */
} item_result;

typedef struct {
	state_t state;
	error_kind error;
	char error_detail[256];     /* parse or transport reason */
	auth_hint hint;             /* with ERR_HTTP and ERR_API */
	const transfer_outcome *xfer;
	const precheck_response *resp;

	bool has_overall;           /* precheckStatus present */
	state_t overall_state;      /* its mapping */
	bool overall_disagrees;     /* overall better than the items */
	state_t items_state;        /* worst of the items that count */

	item_result *items;         /* in API order */
	size_t n_items;
	size_t *order;              /* indexes into items: worst first, then API order */
	size_t count_total, count_ok, count_warning, count_critical,
	       count_unknown, count_ignored;
	bool items_decide;          /* overrides present and items exist */
} check_result;

/* The default map plus user mappings: state for an API status value.
 * Unmapped or absent values are UNKNOWN. */
state_t judge_status(const judge_config *cfg, text_t value);

/* Why a request was refused. refused: the answer was a 401/403 or
 * success:false; message: the service's words, if any. */
auth_hint judge_rejection(const transfer_outcome *xfer, bool refused, text_t message);

/* True when id matches one of the shell patterns. */
bool judge_match(const char *const *patterns, size_t n, text_t id);

/* Builds the verdict. parse_st/parse_err describe the body; resp is valid
 * only when parse_st is PARSE_OK. Never fails; free with result_free. */
void evaluate(const judge_config *cfg, const transfer_outcome *xfer,
              parse_status parse_st, const char *parse_err,
              const precheck_response *resp, check_result *out);

/* A verdict for a failure before or outside the HTTP exchange. */
void evaluate_failure(state_t state, error_kind kind, const transfer_outcome *xfer,
                      const char *detail, check_result *out);

void result_free(check_result *r);

#endif
