/* SPDX-License-Identifier: GPL-3.0-or-later */
/* run.c - the one flow every plugin shares: options -> secrets -> fetch ->
 * parse -> judge -> render -> output, and the only place that picks the
 * exit code. */
#include "config.h"
#include "plugin.h"
#include "answer.h"
#include "clock.h"
#include "fetch.h"
#include "fleet.h"
#include "help.h"
#include "json.h"
#include "lastword.h"
#include "outfile.h"
#include "redact.h"
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

/* One run: the plugin, what the user asked for, and what is prepared in
 * case the run cannot finish (lastword.h). */
typedef struct {
	const plugin_def *p;
	void *cfg;        /* the plugin's configuration */
	options o;
	bool have_options; /* o is understood (else only its output options are) */
	double started;
	char *last[LASTWORD_KINDS];
} run;

static render_options render_options_for(const options *o)
{
	render_options ro = render_options_init();
	ro.format = o->format;
	ro.verbose = o->verbose;
	ro.max_items = o->max_items;
	ro.max_output = o->max_output;
	ro.service_name = o->service_name;
	ro.secrets = (const char *const *)o->secrets.v;
	ro.n_secrets = o->secrets.n;
	return ro;
}

static void start_result(const run *c, check_result *r)
{
	/* A fleet's result is about many tasks, not the last -r. */
	plugin_result_start(c->p, &c->o, c->p->fleet ? NULL : c->o.replication_id, r);
}

static void end_result(const run *c, check_result *r, double elapsed)
{
	plugin_result_end(c->p, r, elapsed);
}

/* A failure as the whole output. */
static char *render_failure(const run *c, const failure *f, double elapsed,
                            const render_options *ro)
{
	check_result r;
	start_result(c, &r);
	failure_describe(f, c->o.max_message, &r);
	end_result(c, &r, elapsed);
	char *text = render_result(&r, ro);
	result_free(&r);
	return text;
}

/* What the run ends with if it runs out of time (the watchdog) or memory:
 * rendered now, in the format and for the file asked for, because
 * neither ending may format anything. what says which phase ran out of
 * time. Replaces the texts prepared before. */
static void prepare_last_words(run *c, const char *what)
{
	const options *o = &c->o;
	render_options ro = render_options_for(o);
	transfer_outcome x = { .status = XFER_TIMEOUT };
	failure f;
	char *text[LASTWORD_KINDS];

	snprintf(x.detail, sizeof x.detail, "%s within %g s", what, o->timeout);
	failure_set(&f, o->timeout_state, ERR_TRANSPORT, &x, x.detail);
	text[LASTWORD_TIMEOUT] = render_failure(c, &f, o->timeout + WATCHDOG_GRACE, &ro);
	failure_set(&f, STATE_UNKNOWN, ERR_NOMEM, NULL, NULL);
	text[LASTWORD_NOMEM] = render_failure(c, &f, -1.0, &ro);

	/* The budget counts from the start of the process, whatever phase
	 * prepares the words. */
	watchdog_disarm();
	if (lastword_target(o->output_file) != 0)
		(void)lastword_target(NULL);
	lastword_set(LASTWORD_TIMEOUT, text[LASTWORD_TIMEOUT], (int)o->timeout_state);
	lastword_set(LASTWORD_NOMEM, text[LASTWORD_NOMEM], STATE_UNKNOWN);
	for (int k = 0; k < LASTWORD_KINDS; k++) {
		free(c->last[k]);
		c->last[k] = text[k];
	}
	double left = o->timeout + WATCHDOG_GRACE - (clock_now() - c->started);
	watchdog_arm(left > 0 ? left : 0);
}

static void print(const char *text)
{
	fputs(text, stdout);
	fflush(stdout);
}

/* The output where it was asked to go. A file that cannot be written is
 * an UNKNOWN on standard output, in the same format. */
static int deliver(const run *c, const char *text, state_t state, double elapsed,
                   const render_options *ro)
{
	char err[512];
	const options *o = &c->o;
	if (!o->output_file) {
		print(text);
		return (int)state;
	}
	if (outfile_write(o->output_file, text, strlen(text), err, sizeof err) == 0)
		return (int)state;
	failure f;
	failure_set(&f, STATE_UNKNOWN, ERR_USAGE, NULL, err);
	check_result r;
	start_result(c, &r);
	failure_describe(&f, 0, &r);
	r.usage = false; /* the id is known and worth showing */
	end_result(c, &r, elapsed);
	char *msg = render_result(&r, ro);
	print(msg);
	free(msg);
	result_free(&r);
	return STATE_UNKNOWN;
}

/* A command line or secret that cannot be used, reported in the format
 * and to the file asked for: a stale textfile must not stay OK after the
 * command line broke. */
static int usage_error(const run *c, const char *why)
{
	failure f;
	render_options ro = render_options_for(&c->o);
	failure_set(&f, STATE_UNKNOWN, ERR_USAGE, NULL, why);
	char *text = render_failure(c, &f, -1.0, &ro);
	int code = deliver(c, text, f.state, -1.0, &ro);
	/* The synopsis helps a person at a terminal; a machine-read format
	 * must stay one document. */
	if (c->o.format == FORMAT_NAGIOS && !c->have_options)
		fputs(c->p->usage(), c->o.output_file ? stderr : stdout);
	free(text);
	return code;
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
 * CHECK_FULL_CLEANUP, valgrind runs set it in the environment. */
static bool fast_exit(void)
{
#ifdef CHECK_FULL_CLEANUP
	return false;
#else
	return getenv("CHECK_FULL_CLEANUP") == NULL;
#endif
}

/* The request, its answer and the judgement of it, into r. */
static void fetch_and_judge(run *c, fetch_result *fr, answer_reader *ar, check_result *r)
{
	options *o = &c->o;
	body_sink sink = answer_reader_sink(ar);
	if (o->file) {
		fetch_file(o, &sink, fr);
	} else {
		char *url = options_request_url(o);
		fetch_http(o, url, o->path, c->started + o->timeout, &sink, fr);
		free(url);
	}
	answer_reader_end(ar);

	verdict_config vc = plugin_verdict_config(o);
	failure f;
	bool failed = answer_check(ar, &vc, &fr->outcome, &f);
	if (failed && !o->file && clock_in_doubt(&f, &fr->outcome) &&
	    c->started + o->timeout - clock_now() > SERVICE_CLOCK_MIN_TIME) {
		ask_service_clock(o, c->started + o->timeout, &fr->outcome);
		failed = answer_check(ar, &vc, &fr->outcome, &f);
	}
	if (failed)
		failure_describe(&f, o->max_message, r);
	else
		c->p->evaluate(c->cfg, &vc, ar->answer, r);
}

/* A fleet's middle: every task, each judged by its own plugin. */
static char *fleet_and_judge(run *c, check_result *r, strvec *secrets, state_t *state)
{
	char *discovery = NULL;
	for (size_t i = 0; i < c->o.secrets.n; i++)
		strvec_push(secrets, xstrdup(c->o.secrets.v[i]));
	bool listed = fleet_collect(c->p, c->cfg, &c->o, c->started + c->o.timeout, r, secrets,
	                            &discovery);
	if (!listed)
		return NULL;
	/* The array is the service's words, unrendered: it may not hold a
	 * credential either. */
	for (size_t i = 0; i < secrets->n; i++) {
		if (strlen(secrets->v[i]) >= REDACT_MIN_LEN && strstr(discovery, secrets->v[i])) {
			free(discovery);
			failure f;
			failure_set(&f, STATE_UNKNOWN, ERR_ANSWER, NULL,
			            "the task list holds a credential: not printed");
			failure_describe(&f, 0, r);
			return NULL;
		}
	}
	*state = STATE_OK;
	return discovery;
}

static int run_check(run *c)
{
	char err[512];
	options *o = &c->o;

	if (options_load_secrets(o, err, sizeof err))
		return usage_error(c, err);
	if (o->verbose >= 1)
		for (size_t i = 0; i < o->warnings.n; i++)
			fprintf(stderr, "warning: %s\n", o->warnings.v[i]);
	prepare_last_words(c, "no complete answer");

	fetch_result fr = { .snippet = STRBUF_INIT };
	strvec fleet_secrets = STRVEC_INIT;
	answer_reader ar;
	check_result r;
	char *text = NULL;
	state_t state = STATE_UNKNOWN;
	answer_reader_init(&ar, c->p);
	start_result(c, &r);
	if (c->p->fleet)
		text = fleet_and_judge(c, &r, &fleet_secrets, &state);
	else
		fetch_and_judge(c, &fr, &ar, &r);
	double elapsed = clock_now() - c->started;
	end_result(c, &r, elapsed);
	watchdog_disarm();

	/* The renderer keeps out every signature sent, too. */
	const strvec *sent = c->p->fleet ? &fleet_secrets : &fr.secrets;
	render_options ro = render_options_for(o);
	ro.secrets = (const char *const *)sent->v;
	ro.n_secrets = sent->n;
	if (!text) {
		text = render_result(&r, &ro);
		state = r.state;
	}
	int code = deliver(c, text, state, elapsed, &ro);
	if (fast_exit()) {
		fflush(stderr);
		_exit(code);
	}
	free(text);
	result_free(&r);
	answer_reader_release(&ar);
	fetch_result_free(&fr);
	strvec_free(&fleet_secrets);
	return code;
}

int plugin_main(const plugin_def *p, int argc, char **argv)
{
	run c = { .p = p, .started = clock_now() };
	char err[512];
	int code;

	c.cfg = xcalloc(1, p->config_size);
	option_spec spec = p->options;
	spec.cfg = c.cfg;
	/* Options files and secret files may be FIFOs or sit on a hung mount:
	 * the budget has to hold before the first of them is opened. */
	options_defaults(&spec, &c.o);
	prepare_last_words(&c, EARLY_TIMEOUT_WHAT);

	if (options_parse(&spec, argc, argv, &c.o, err, sizeof err)) {
		code = usage_error(&c, err);
	} else if (c.o.action == OPT_HELP) {
		p->help();
		code = STATE_UNKNOWN;
	} else if (c.o.action == OPT_VERSION) {
		help_version(p->options.progname);
		code = STATE_UNKNOWN;
	} else {
		c.have_options = true;
		/* -t and the format are known now, and the id for the text. */
		prepare_last_words(&c, EARLY_TIMEOUT_WHAT);
		code = run_check(&c);
	}
	watchdog_disarm();
	/* The words stay set until the process ends: lastword keeps them. */
	lastword_set(LASTWORD_TIMEOUT, NULL, code);
	lastword_set(LASTWORD_NOMEM, NULL, STATE_UNKNOWN);
	for (int k = 0; k < LASTWORD_KINDS; k++)
		free(c.last[k]);
	options_free(&c.o);
	if (p->config_free)
		p->config_free(c.cfg);
	free(c.cfg);
	return code;
}
