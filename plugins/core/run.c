/* SPDX-License-Identifier: GPL-3.0-or-later */
/* run.c - the one flow both plugins share: options -> secrets -> fetch ->
 * parse -> judge -> render -> output, and the only place that picks the
 * exit code. */
#include "config.h"
#include "plugin.h"
#include "fetch.h"
#include "json.h"
#include "outfile.h"
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
#define EARLY_TIMEOUT_WHAT "options and secret files not read"

/* Where the service tells its time, and the least budget worth asking it
 * with. */
#define SERVICE_CLOCK_PATH "/openapi/now"
#define SERVICE_CLOCK_MIN_TIME 1.0

/* Metric families every run has; the names carry the plugin's prefix. */
static char state_family[96], duration_family[96];

static render_options render_options_for(const options *o)
{
	render_options ro = render_options_init();
	if (!o)
		return ro;
	ro.format = o->format;
	ro.verbose = o->verbose;
	ro.max_items = o->max_items;
	ro.max_output = o->max_output;
	ro.service_name = o->service_name;
	ro.secrets = (const char *const *)o->secrets.v;
	ro.n_secrets = o->secrets.n;
	return ro;
}

static void start_result(const plugin_def *p, const options *o, check_result *r)
{
	result_init(r, p->prefix, p->service);
	r->subs_key = p->subs_key;
	r->more_noun = p->more_noun;
	r->replication_id = o ? o->replication_id : NULL;
	if (o) {
		r->want_fields = o->format == FORMAT_JSON;
		r->want_metrics = o->format == FORMAT_PROMETHEUS;
	}
	metric *m = result_add_metric(
	        r, state_family, "State of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.", 0);
	if (r->replication_id)
		metric_label(m, "replication_id", r->replication_id, strlen(r->replication_id));
}

/* What every result ends with: the time perfdata, the state and duration
 * metrics. elapsed < 0: not measured. */
static void end_result(check_result *r, double elapsed)
{
	r->metrics[0].value = (double)r->state;
	if (elapsed < 0)
		return;
	perfdatum *t = result_add_perf(r, "time", "s");
	snprintf(t->value, sizeof t->value, "%.6f", elapsed);
	snprintf(t->min, sizeof t->min, "0");
	/* Microseconds are all the clock is worth. */
	metric *m = result_add_metric(r, duration_family, "Seconds the check took.",
	                              (double)(long long)(elapsed * 1e6 + 0.5) / 1e6);
	if (r->replication_id)
		metric_label(m, "replication_id", r->replication_id, strlen(r->replication_id));
}

static char *render_failure(const plugin_def *p, const options *o, const failure *f, double elapsed,
                            const render_options *ro)
{
	check_result r;
	start_result(p, o, &r);
	failure_describe(f, o ? o->max_message : DEFAULT_MAX_MESSAGE, &r);
	end_result(&r, elapsed);
	char *text = render_result(&r, ro);
	result_free(&r);
	return text;
}

static int print(const char *text, const char *extra)
{
	fputs(text, stdout);
	if (extra)
		fputs(extra, stdout);
	return fflush(stdout);
}

/* What the watchdog prints: rendered now, because a signal handler may not
 * format anything. o is NULL before the command line is understood; what
 * says which phase ran out of time. */
static char *render_timeout(const plugin_def *p, const options *o, const char *what)
{
	transfer_outcome x = { .status = XFER_TIMEOUT };
	failure f;
	double budget = o ? o->timeout : DEFAULT_TIMEOUT;
	render_options ro = render_options_for(o);

	snprintf(x.detail, sizeof x.detail, "%s within %g s", what, budget);
	failure_set(&f, o ? o->timeout_state : STATE_UNKNOWN, ERR_TRANSPORT, &x, x.detail);
	return render_failure(p, o, &f, budget + WATCHDOG_GRACE, &ro);
}

/* The budget counts from the start of the process, whatever phase re-arms
 * the watchdog. Replaces the previous text, which it frees. */
static void arm_watchdog(const plugin_def *p, const options *o, const char *what, double started,
                         char **text)
{
	char *next = render_timeout(p, o, what);
	double budget = o ? o->timeout : DEFAULT_TIMEOUT;
	double left = budget + WATCHDOG_GRACE - (fetch_now() - started);
	watchdog_arm(left > 0 ? left : 0, next, (int)(o ? o->timeout_state : STATE_UNKNOWN));
	free(*text);
	*text = next;
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
static bool clock_in_doubt(const failure *f, const transfer_outcome *x)
{
	return x->signed_request && !x->has_skew && f->hint != AUTH_HINT_NONE &&
	       f->hint != AUTH_HINT_CREDENTIALS;
}

/* The refused answer had no Date header: ask GET /openapi/now, within
 * what is left of the budget. Fills x->skew when the service tells. */
static void ask_service_clock(const options *o, double deadline, transfer_outcome *x)
{
	strbuf body = STRBUF_INIT;
	body_sink sink = { .write = collect_body, .reset = clear_body, .ctx = &body };
	fetch_result fr;
	char *url = options_service_url(o, SERVICE_CLOCK_PATH);
	time_t theirs;

	fetch_http(o, url, SERVICE_CLOCK_PATH, deadline, &sink, &fr);
	if (fr.outcome.has_skew) {
		x->has_skew = true;
		x->skew = fr.outcome.skew;
	} else if (fr.outcome.status == XFER_OK && fr.outcome.http_code / 100 == 2 &&
	           json_server_time(strbuf_str(&body), body.len, &theirs)) {
		x->has_skew = true;
		x->skew = difftime(theirs, time(NULL));
	}
	fetch_result_free(&fr);
	strbuf_free(&body);
	free(url);
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

/* The output where it was asked to go. A file that cannot be written is
 * an UNKNOWN on standard output, in the same format. */
static int deliver(const plugin_def *p, const options *o, const char *text, state_t state,
                   double elapsed, const render_options *ro)
{
	char err[512];
	if (!o->output_file) {
		print(text, NULL);
		return (int)state;
	}
	if (outfile_write(o->output_file, text, strlen(text), err, sizeof err) == 0)
		return (int)state;
	failure f;
	failure_set(&f, STATE_UNKNOWN, ERR_USAGE, NULL, err);
	check_result r;
	start_result(p, o, &r);
	failure_describe(&f, 0, &r);
	r.usage = false; /* the id is known and worth showing */
	end_result(&r, elapsed);
	char *msg = render_result(&r, ro);
	print(msg, NULL);
	free(msg);
	result_free(&r);
	return STATE_UNKNOWN;
}

static int run(const plugin_def *p, options *o, double started, char **timeout_text)
{
	char err[512];
	failure f;
	render_options ro = render_options_for(o);

	if (options_load_secrets(o, err, sizeof err)) {
		failure_set(&f, STATE_UNKNOWN, ERR_USAGE, NULL, err);
		char *text = render_failure(p, o, &f, -1.0, &ro);
		int code = deliver(p, o, text, f.state, -1.0, &ro);
		free(text);
		return code;
	}
	if (o->verbose >= 1)
		for (size_t i = 0; i < o->warnings.n; i++)
			fprintf(stderr, "warning: %s\n", o->warnings.v[i]);
	ro = render_options_for(o);
	arm_watchdog(p, o, "no complete answer", started, timeout_text);

	void *state = p->begin(o);
	body_sink sink = { .write = p->feed, .reset = p->reset, .ctx = state };
	fetch_result fr;
	if (o->file) {
		fetch_file(o, &sink, &fr);
	} else {
		char *url = options_request_url(o);
		fetch_http(o, url, o->path, started + o->timeout, &sink, &fr);
		free(url);
	}
	p->end(state);
	/* The renderer keeps out every signature sent, too. */
	ro.secrets = (const char *const *)fr.secrets.v;
	ro.n_secrets = fr.secrets.n;

	check_result r;
	start_result(p, o, &r);
	bool failed = p->judge(state, o, &fr.outcome, &f, &r);
	if (failed && !o->file && clock_in_doubt(&f, &fr.outcome) &&
	    started + o->timeout - fetch_now() > SERVICE_CLOCK_MIN_TIME) {
		ask_service_clock(o, started + o->timeout, &fr.outcome);
		failed = p->judge(state, o, &fr.outcome, &f, &r);
	}
	if (failed)
		failure_describe(&f, o->max_message, &r);
	double elapsed = fetch_now() - started;
	end_result(&r, elapsed);
	watchdog_disarm();
	char *text = render_result(&r, &ro);
	int code = deliver(p, o, text, r.state, elapsed, &ro);
	if (fast_exit()) {
		fflush(stderr);
		_exit(code);
	}
	free(text);
	result_free(&r);
	p->release(state);
	fetch_result_free(&fr);
	return code;
}

int plugin_main(const plugin_def *p, int argc, char **argv)
{
	double started = fetch_now();
	options o;
	char err[512];
	int code;
	char *timeout_text = NULL;

	snprintf(state_family, sizeof state_family, "%s_state", p->metric_prefix);
	snprintf(duration_family, sizeof duration_family, "%s_duration_seconds", p->metric_prefix);
	/* Options files and secret files may be FIFOs or sit on a hung mount:
	 * the budget has to hold before the first of them is opened. */
	arm_watchdog(p, NULL, EARLY_TIMEOUT_WHAT, started, &timeout_text);

	if (options_parse(&p->options, argc, argv, &o, err, sizeof err)) {
		failure f;
		render_options ro = render_options_for(NULL);
		ro.format = o.format;
		failure_set(&f, STATE_UNKNOWN, ERR_USAGE, NULL, err);
		char *text = render_failure(p, NULL, &f, -1.0, &ro);
		/* The synopsis helps a person at a terminal; a machine-read
		 * format must stay one document. */
		print(text, o.format == FORMAT_NAGIOS ? p->usage() : NULL);
		free(text);
		code = STATE_UNKNOWN;
	} else if (o.action == OPT_HELP) {
		p->help();
		code = STATE_UNKNOWN;
	} else if (o.action == OPT_VERSION) {
		options_print_version(p->options.progname);
		code = STATE_UNKNOWN;
	} else {
		/* -t and the format are known now, and the id for the text. */
		arm_watchdog(p, &o, EARLY_TIMEOUT_WHAT, started, &timeout_text);
		code = run(p, &o, started, &timeout_text);
	}
	watchdog_disarm();
	free(timeout_text);
	options_free(&o);
	return code;
}
