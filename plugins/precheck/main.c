/* check_replication_precheck.c - main: the one place that wires the stages
 * (options -> fetch -> parse -> evaluate -> render) and decides the exit code. */
#include "config.h"
#include "evaluate.h"
#include "fetch.h"
#include "options.h"
#include "parse.h"
#include "render.h"
#include "watchdog.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The watchdog fires this long after the budget, so libcurl's own timeout
 * normally reports first, with the better message. */
#define WATCHDOG_GRACE 0.5

/* Where the service tells its time, and the least budget worth asking it
 * with. */
#define SERVICE_CLOCK_PATH "/openapi/now"
#define SERVICE_CLOCK_MIN_TIME 1.0

static int sink_write(void *ctx, const char *data, size_t len)
{
	return parser_feed(ctx, data, len);
}

static void sink_reset(void *ctx)
{
	parser_reset(ctx);
}

static int finish(const check_result *r, const render_options *ro, const char *extra)
{
	char *text = render(r, ro);
	fputs(text, stdout);
	if (extra)
		fputs(extra, stdout);
	fflush(stdout);
	free(text);
	return (int)r->state;
}

static int usage_error(const char *reason)
{
	check_result r;
	render_options ro = { .elapsed = -1.0 };
	evaluate_failure(STATE_UNKNOWN, ERR_USAGE, NULL, reason, &r);
	return finish(&r, &ro, options_usage());
}

/* What the watchdog prints: rendered now, because a signal handler may not
 * format anything. o is NULL before the command line is understood; what
 * says which phase ran out of time. */
static char *render_timeout(const options *o, const render_options *ro, const char *what)
{
	transfer_outcome x;
	check_result r;
	render_options wro = *ro;
	double budget = o ? o->timeout : DEFAULT_TIMEOUT;

	memset(&x, 0, sizeof x);
	x.status = XFER_TIMEOUT;
	snprintf(x.detail, sizeof x.detail, "%s within %g s", what, budget);
	evaluate_failure(o ? o->judge.timeout_state : STATE_UNKNOWN, ERR_TRANSPORT, &x, x.detail, &r);
	wro.elapsed = budget + WATCHDOG_GRACE;
	return render(&r, &wro);
}

/* The budget counts from the start of the process, whatever phase re-arms
 * the watchdog. Replaces the previous text, which the caller frees. */
static char *arm_watchdog(const options *o, const render_options *ro, const char *what,
                          double started)
{
	char *text = render_timeout(o, ro, what);
	double budget = o ? o->timeout : DEFAULT_TIMEOUT;
	double left = budget + WATCHDOG_GRACE - (fetch_now() - started);
	watchdog_arm(left > 0 ? left : 0, text,
	             (int)(o ? o->judge.timeout_state : STATE_UNKNOWN));
	return text;
}

/* One check per process: the kernel takes everything back at once, far
 * faster than freeing a large document object by object, and the
 * libraries' exit handlers have nothing to do that outlives the process.
 * Leak checkers want the frees: sanitizer builds define
 * PRECHECK_FULL_CLEANUP, valgrind runs set it in the environment. */
static bool fast_exit(void)
{
#ifdef PRECHECK_FULL_CLEANUP
	return false;
#else
	return getenv("PRECHECK_FULL_CLEANUP") == NULL;
#endif
}

static int collect_body(void *ctx, const char *data, size_t len)
{
	strbuf_appendn(ctx, data, len);
	return 0;
}

static void clear_body(void *ctx)
{
	strbuf_truncate(ctx, 0);
}

/* Only a refused signed request makes the clock worth a question. */
static bool clock_in_doubt(const check_result *r, const transfer_outcome *x)
{
	return x->signed_request && !x->has_skew && r->hint != AUTH_HINT_NONE &&
	       r->hint != AUTH_HINT_CREDENTIALS;
}

/* The refused answer had no Date header: ask GET /openapi/now, within
 * what is left of the budget. Fills x->skew when the service tells. */
static void ask_service_clock(const options *o, double deadline, transfer_outcome *x)
{
	strbuf body = STRBUF_INIT;
	body_sink sink = { collect_body, clear_body, &body };
	fetch_result fr;
	char *url = options_service_url(o, SERVICE_CLOCK_PATH);
	time_t theirs;

	fetch_http(o, url, SERVICE_CLOCK_PATH, deadline, &sink, &fr);
	if (fr.outcome.has_skew) {
		x->has_skew = true;
		x->skew = fr.outcome.skew;
	} else if (fr.outcome.status == XFER_OK && fr.outcome.http_code / 100 == 2 &&
	           parse_server_time(strbuf_str(&body), body.len, &theirs)) {
		x->has_skew = true;
		x->skew = difftime(theirs, time(NULL));
	}
	fetch_result_free(&fr);
	strbuf_free(&body);
	free(url);
}

#define EARLY_TIMEOUT_WHAT "options and secret files not read"

static int run(options *o, double started)
{
	render_options ro = { .replication_id = o->replication_id, .verbose = o->verbose,
	                      .max_items = o->max_items, .max_message = o->max_message,
	                      .max_output = o->max_output, .elapsed = -1.0 };
	char err[512];
	check_result r;

	if (options_load_secrets(o, err, sizeof err)) {
		evaluate_failure(STATE_UNKNOWN, ERR_USAGE, NULL, err, &r);
		return finish(&r, &ro, NULL);
	}
	if (o->verbose >= 1)
		for (size_t i = 0; i < o->warnings.n; i++)
			fprintf(stderr, "warning: %s\n", o->warnings.v[i]);
	ro.secrets = (const char *const *)o->secrets.v;
	ro.n_secrets = o->secrets.n;

	char *timeout_text = arm_watchdog(o, &ro, "no complete answer", started);

	precheck_parser *parser = parser_new();
	body_sink sink = { sink_write, sink_reset, parser };
	fetch_result fr;
	if (o->file) {
		fetch_file(o, &sink, &fr);
	} else {
		char *url = options_request_url(o);
		fetch_http(o, url, o->path, started + o->timeout, &sink, &fr);
		free(url);
	}
	/* The renderer keeps out every signature sent, too. */
	ro.secrets = (const char *const *)fr.secrets.v;
	ro.n_secrets = fr.secrets.n;

	precheck_response resp;
	parse_status pst = parser_finish(parser, &resp, err, sizeof err);
	evaluate(&o->judge, &fr.outcome, pst, err, &resp, &r);
	if (!o->file && clock_in_doubt(&r, &fr.outcome) &&
	    started + o->timeout - fetch_now() > SERVICE_CLOCK_MIN_TIME) {
		ask_service_clock(o, started + o->timeout, &fr.outcome);
		result_free(&r);
		evaluate(&o->judge, &fr.outcome, pst, err, &resp, &r);
	}
	ro.elapsed = fetch_now() - started;
	watchdog_disarm();
	int code = finish(&r, &ro, NULL);
	if (fast_exit()) {
		fflush(stderr);
		_exit(code);
	}

	result_free(&r);
	if (pst == PARSE_OK)
		response_free(&resp);
	parser_free(parser);
	fetch_result_free(&fr);
	free(timeout_text);
	return code;
}

int main(int argc, char **argv)
{
	double started = fetch_now();
	options o;
	char err[512];
	int code;
	/* Options files and secret files may be FIFOs or sit on a hung mount:
	 * the budget has to hold before the first of them is opened. */
	const render_options early_ro = { .elapsed = -1.0 };
	char *early_text = arm_watchdog(NULL, &early_ro, EARLY_TIMEOUT_WHAT, started);

	if (options_parse(argc, argv, &o, err, sizeof err)) {
		code = usage_error(err);
	} else if (o.action == OPT_HELP) {
		options_print_help();
		code = STATE_UNKNOWN;
	} else if (o.action == OPT_VERSION) {
		options_print_version();
		code = STATE_UNKNOWN;
	} else {
		/* -t is known now, and the replication id for the text. */
		const render_options ro = { .replication_id = o.replication_id, .elapsed = -1.0 };
		char *text = arm_watchdog(&o, &ro, EARLY_TIMEOUT_WHAT, started);
		free(early_text);
		early_text = text;
		code = run(&o, started);
	}
	watchdog_disarm();
	free(early_text);
	options_free(&o);
	return code;
}
