/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_response.c - a response body through parse, evaluate and render.
 *
 * The whole input is the body, so any corpus file can also be given to
 * the plugin with --file. The body is parsed one-shot and incrementally in
 * chunks whose sizes come from a PRNG seeded with the input (and once more
 * after a parser_reset, as on a retry); both must agree exactly, and with
 * a parse that keeps the whole document as one json-c tree. Each
 * verdict is then rendered under several transfer outcomes and judge
 * configurations, and the output must be a well-formed plugin answer. */
#include "config.h"
#include "answer.h"
#include "evaluate.h"
#include "fuzz_common.h"
#include "fuzz_formats.h"
#include "parse.h"
#include "precheck.h"
#include "render.h"
#include "state.h"
#include "strbuf.h"
#include "summary.h"

#include <string.h>

#define REPLICATION_ID "rp-div0qqpbffio"
#define SNIPPET_MAX 512 /* a little more than fetch.c keeps */

/* Credentials of the run: a server may quote them back, the output must not. */
static const char *const secrets[] = { "s3cr3t-Tok3n", "hunter2pass" };
#define N_SECRETS (sizeof secrets / sizeof secrets[0])

static bool text_same(text_t a, text_t b)
{
	if (!a.ptr || !b.ptr)
		return !a.ptr && !b.ptr && a.len == 0 && b.len == 0;
	return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

static void assert_same_response(const precheck_response *a, const precheck_response *b)
{
	/* Fields in the order of the API document; the first difference aborts. */
	FUZZ_ASSERT(a->env.success == b->env.success, "success %d vs %d", a->env.success,
	            b->env.success);
	FUZZ_ASSERT(text_same(a->env.request_id, b->env.request_id), "requestId differs");
	FUZZ_ASSERT(text_same(a->env.message, b->env.message), "message differs");
	FUZZ_ASSERT(a->has_data == b->has_data, "has_data differs");
	FUZZ_ASSERT(text_same(a->replication_id, b->replication_id), "replicationId differs");
	FUZZ_ASSERT(text_same(a->precheck_status, b->precheck_status), "precheckStatus differs");
	FUZZ_ASSERT(a->has_items == b->has_items, "has_items differs");
	FUZZ_ASSERT(a->n_items == b->n_items, "n_items %zu vs %zu", a->n_items, b->n_items);
	for (size_t i = 0; i < a->n_items; i++) {
		const precheck_item *x = &a->items[i], *y = &b->items[i];
		FUZZ_ASSERT(text_same(x->id, y->id) && text_same(x->name, y->name) &&
		                    text_same(x->description, y->description) &&
		                    text_same(x->status, y->status) &&
		                    text_same(x->message, y->message),
		            "item %zu differs", i);
	}
}

/* Where a retry's partial first body ends: a random byte, or (escape_cut)
 * just after a random \uXXXX escape, where json-c holds the most state. */
static size_t retry_cut(const uint8_t *data, size_t size, uint64_t *rng, bool escape_cut)
{
	if (size == 0)
		return 0;
	if (escape_cut) {
		size_t n = 0;
		for (size_t i = 0; i + 6 <= size; i++)
			n += data[i] == '\\' && data[i + 1] == 'u';
		if (n > 0) {
			size_t k = (size_t)(fuzz_rand(rng) % n);
			for (size_t i = 0; i + 6 <= size; i++)
				if (data[i] == '\\' && data[i + 1] == 'u' && k-- == 0)
					return i + 6;
		}
	}
	return (size_t)(fuzz_rand(rng) % size);
}

typedef enum { CHUNK_RANDOM, CHUNK_BYTES, CHUNK_RUNS } chunking;

/* Byte classes for CHUNK_RUNS; -1: a class of its own (each punctuation byte). */
static int byte_class(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return 0;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
		return 1;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return 2;
	return -1;
}

/* Parses data in chunks: PRNG-sized ones (CHUNK_RANDOM), single bytes
 * (CHUNK_BYTES), or one per run of digits, letters or white space and one
 * per other byte (CHUNK_RUNS: every token boundary is a chunk boundary).
 * reset_at: when not (size_t)-1, first feed that many bytes, reset, then
 * start over (a retry after a cut transfer).
 * stop_on_error: stop feeding at the first -1, as fetch.c does; otherwise
 * keep feeding (must not matter). */
static parse_status parse_chunked(const uint8_t *data, size_t size, uint64_t *rng, chunking mode,
                                  size_t reset_at, bool stop_on_error, precheck_response *out,
                                  char *err, size_t errlen)
{
	precheck_parser *p = parser_new();
	if (reset_at != (size_t)-1) {
		parser_feed(p, (const char *)data, reset_at);
		parser_reset(p);
	}
	size_t max_chunk;
	switch (fuzz_rand(rng) % 4) {
	case 0: max_chunk = 1; break;
	case 1: max_chunk = 3; break;
	case 2: max_chunk = 17; break;
	default: max_chunk = size ? size : 1; break;
	}
	if (mode == CHUNK_BYTES)
		max_chunk = 1;
	for (size_t off = 0; off < size;) {
		size_t n = 1 + (size_t)(fuzz_rand(rng) % max_chunk);
		if (mode == CHUNK_RUNS) {
			int c = byte_class(data[off]);
			n = 1;
			while (c >= 0 && off + n < size && byte_class(data[off + n]) == c)
				n++;
		}
		if (n > size - off)
			n = size - off;
		if (fuzz_rand(rng) % 16 == 0)
			parser_feed(p, (const char *)data + off, 0); /* an empty write */
		int rc = parser_feed(p, (const char *)data + off, n);
		FUZZ_ASSERT(rc == 0 || rc == -1, "parser_feed returned %d", rc);
		off += n;
		if (rc && stop_on_error)
			break;
	}
	parse_status st = parser_finish(p, out, err, errlen);
	parser_free(p);
	return st;
}

static size_t count_char(const char *s, size_t n, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/* The output contract of a monitoring plugin, checked on the text. */
/* What a test sets for a render: the renderer's options and what the run
 * adds (the task asked for, the measured time). */
typedef struct {
	const char *replication_id;
	int verbose;
	size_t max_items;
	size_t max_message;
	double elapsed;
	const char *const *secrets;
	size_t n_secrets;
} fuzz_render;

static void assert_output(const char *out, state_t state, const render_options *ro)
{
	static const char *const names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };
	size_t len = strlen(out);
	char head[32];

	FUZZ_ASSERT(state >= STATE_OK && state <= STATE_UNKNOWN, "state %d", (int)state);
	snprintf(head, sizeof head, "PRECHECK %s - ", names[state]);
	FUZZ_ASSERT(strncmp(out, head, strlen(head)) == 0, "output does not start with '%s'", head);
	FUZZ_ASSERT(len > 0 && out[len - 1] == '\n', "output does not end with a newline");
	for (size_t i = 0; i < ro->n_secrets; i++)
		FUZZ_ASSERT(strstr(out, ro->secrets[i]) == NULL, "secret '%s' in the output",
		            ro->secrets[i]);

	const char *line = out;
	size_t lineno = 1;
	while (*line) {
		const char *nl = strchr(line, '\n');
		FUZZ_ASSERT(nl != NULL, "last line without newline");
		size_t n = (size_t)(nl - line), where;
		FUZZ_ASSERT(n > 0, "line %zu is empty", lineno);
		const char *why = fuzz_check_text(line, n, false, &where);
		FUZZ_ASSERT(why == NULL, "line %zu: %s at byte %zu", lineno, why, where);
		if (lineno == 1) {
			FUZZ_ASSERT(count_char(line, n, '|') == 1, "line 1 has %zu '|'",
			            count_char(line, n, '|'));
			const char *bar = memchr(line, '|', n);
			FUZZ_ASSERT(bar > line && bar[-1] == ' ' && bar + 1 < nl && bar[1] == ' ',
			            "the '|' on line 1 is not ' | '");
		} else {
			FUZZ_ASSERT(memchr(line, '|', n) == NULL, "line %zu has a '|'", lineno);
		}
		line = nl + 1;
		lineno++;
	}
}

/* What the judgement must guarantee whatever the body. */
static void assert_verdict(const precheck_verdict *r)
{
	FUZZ_ASSERT(r->state >= STATE_OK && r->state <= STATE_UNKNOWN, "state %d", (int)r->state);
	FUZZ_ASSERT(r->resp && r->resp->env.success == TRISTATE_TRUE && r->resp->has_data,
	            "a judgement without a successful response");
	FUZZ_ASSERT(r->count_ok + r->count_warning + r->count_critical + r->count_unknown +
	                                    r->count_ignored ==
	                            r->count_total &&
	                    r->count_total == r->n_items,
	            "counts do not add up");
	bool *seen = calloc(r->n_items ? r->n_items : 1, 1);
	state_t worst = STATE_OK;
	for (size_t k = 0; k < r->n_items; k++) {
		FUZZ_ASSERT(r->order[k] < r->n_items && !seen[r->order[k]],
		            "order is not a permutation");
		seen[r->order[k]] = true;
		const item_result *it = &r->items[r->order[k]];
		if (k > 0) {
			const item_result *prev = &r->items[r->order[k - 1]];
			int rp = prev->ignored ? -1 : state_rank(prev->state);
			int rc = it->ignored ? -1 : state_rank(it->state);
			FUZZ_ASSERT(rp > rc || (rp == rc && r->order[k - 1] < r->order[k]),
			            "order is not worst first, then API order");
		}
		if (it->ignored)
			continue;
		FUZZ_ASSERT(state_rank(r->state) >= state_rank(it->state),
		            "verdict %d better than item %zu (%d)", (int)r->state, r->order[k],
		            (int)it->state);
		worst = state_worst(worst, it->state);
	}
	free(seen);
	/* Item rules take over only when they capped an item or ignored one
	 * that had not passed. */
	bool changed = false;
	for (size_t i = 0; i < r->n_items; i++)
		changed = changed || r->items[i].capped ||
		          (r->items[i].ignored && r->items[i].api_state != STATE_OK);
	FUZZ_ASSERT(r->items_decide == changed, "items_decide %d, but rules changed items: %d",
	            (int)r->items_decide, (int)changed);
	if (r->n_items > 0 && (changed || !r->has_overall))
		FUZZ_ASSERT(r->state == worst, "items decide, but the verdict is not their worst");
	if (!changed && r->has_overall)
		FUZZ_ASSERT(state_rank(r->state) >= state_rank(r->overall_state),
		            "verdict better than the API's overall status");
}

/* The shared run's path: the checks every answer goes through, then the
 * precheck judgement, then every format. */
static void judge_and_render(const judge_config *cfg, const verdict_config *vc,
                             const transfer_outcome *x, parse_status st, const char *err,
                             const precheck_response *resp, const fuzz_render *fr)
{
	answer_reader ar = { .p = &precheck_plugin, .pst = st, .answer = (void *)resp };
	snprintf(ar.perr, sizeof ar.perr, "%s", err);
	if (st == PARSE_OK)
		ar.head = precheck_head(resp);
	failure f;
	bool failed = answer_check(&ar, vc, x, &f);
	precheck_verdict v = { .state = f.state };

	check_result r;
	result_init(&r, "PRECHECK", "Replication precheck");
	r.replication_id = fr->replication_id;
	if (failed) {
		FUZZ_ASSERT(f.state == vc->error_state || f.state == vc->timeout_state ||
		                    f.state == STATE_UNKNOWN,
		            "error %d gives state %d", (int)f.error, (int)f.state);
		failure_describe(&f, fr->max_message, &r);
	} else {
		precheck_judge(cfg, resp, &v);
		assert_verdict(&v);
		precheck_summarize(&v, fr->max_message, &r);
	}
	if (fr->elapsed >= 0) {
		perfdatum *t = result_add_perf(&r, "time", "s");
		snprintf(t->value, sizeof t->value, "%.6f", fr->elapsed);
	}
	FUZZ_ASSERT(r.state == v.state, "the result's state is not the verdict's");
	render_options ro = render_options_init();
	ro.verbose = fr->verbose;
	ro.max_items = fr->max_items;
	ro.secrets = fr->secrets;
	ro.n_secrets = fr->n_secrets;
	char *out = render_result(&r, &ro);
	assert_output(out, r.state, &ro);
	free(out);
	fuzz_render_all(&r, ro);
	result_free(&r);
	verdict_free(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t rng = fuzz_hash(data, size);
	char err1[256], err2[256], err3[256], err4[256], err5[256], err6[256];
	precheck_response one, chunked, retried, bytewise, retried2, runs;
	const size_t none = (size_t)-1;

	parse_status st1 = parse_response((const char *)data, size, &one, err1, sizeof err1);
	parse_status st2 = parse_chunked(data, size, &rng, CHUNK_RANDOM, none, fuzz_rand(&rng) & 1,
	                                 &chunked, err2, sizeof err2);
	size_t cut = retry_cut(data, size, &rng, false);
	parse_status st3 = parse_chunked(data, size, &rng, CHUNK_RANDOM, cut, true, &retried, err3,
	                                 sizeof err3);
	parse_status st4 = parse_chunked(data, size, &rng, CHUNK_BYTES, none, true, &bytewise, err4,
	                                 sizeof err4);
	size_t cut2 = retry_cut(data, size, &rng, true);
	parse_status st5 = parse_chunked(data, size, &rng, CHUNK_RANDOM, cut2, true, &retried2,
	                                 err5, sizeof err5);
	parse_status st6 =
	        parse_chunked(data, size, &rng, CHUNK_RUNS, none, true, &runs, err6, sizeof err6);

	FUZZ_ASSERT(st1 >= PARSE_OK && st1 <= PARSE_SHAPE, "parse status %d", (int)st1);
	FUZZ_ASSERT(st1 == st2, "one-shot %d vs chunked %d (%s / %s)", (int)st1, (int)st2, err1,
	            err2);
	FUZZ_ASSERT(st1 == st3, "one-shot %d vs after reset %d (%s / %s)", (int)st1, (int)st3, err1,
	            err3);
	FUZZ_ASSERT(st1 == st4, "one-shot %d vs byte by byte %d (%s / %s)", (int)st1, (int)st4,
	            err1, err4);
	FUZZ_ASSERT(st1 == st6, "one-shot %d vs chunked at token boundaries %d (%s / %s)", (int)st1,
	            (int)st6, err1, err6);
	FUZZ_ASSERT(st1 == st5, "one-shot %d vs after reset at %zu %d (%s / %s)", (int)st1, cut2,
	            (int)st5, err1, err5);
	/* The wording of a syntax error is json-c's and depends on where the
	 * tokener stood when it gave up; every other reason must agree. */
	if (st1 != PARSE_SYNTAX) {
		FUZZ_ASSERT(strcmp(err1, err2) == 0, "one-shot '%s' vs chunked '%s'", err1, err2);
		FUZZ_ASSERT(strcmp(err1, err3) == 0, "one-shot '%s' vs after reset '%s'", err1,
		            err3);
		FUZZ_ASSERT(strcmp(err1, err4) == 0, "one-shot '%s' vs byte by byte '%s'", err1,
		            err4);
		FUZZ_ASSERT(strcmp(err1, err5) == 0, "one-shot '%s' vs after reset '%s'", err1,
		            err5);
		FUZZ_ASSERT(strcmp(err1, err6) == 0, "one-shot '%s' vs token boundaries '%s'", err1,
		            err6);
	}
	/* The plugin reads data.items out of the document as it goes; one
	 * json-c tree of the whole body must give the same answer, in the same
	 * words, whatever the body. */
	precheck_response whole;
	char errw[256];
	parse_status stw =
	        parse_response_whole((const char *)data, size, &whole, errw, sizeof errw);
	FUZZ_ASSERT(st1 == stw && strcmp(err1, errw) == 0, "lifted %d '%s' vs whole tree %d '%s'",
	            (int)st1, err1, (int)stw, errw);
	if (stw == PARSE_OK) {
		assert_same_response(&one, &whole);
		response_free(&whole);
	}
	if (st1 == PARSE_OK) {
		FUZZ_ASSERT(err1[0] == '\0', "PARSE_OK with a reason '%s'", err1);
		assert_same_response(&one, &chunked);
		assert_same_response(&one, &retried);
		assert_same_response(&one, &bytewise);
		assert_same_response(&one, &retried2);
		assert_same_response(&one, &runs);
	} else {
		FUZZ_ASSERT(err1[0] != '\0', "parse failure %d without a reason", (int)st1);
	}

	/* The judge configurations: with --map, --ignore-item and --warn-item
	 * (items decide), and with --map only (overall status counts too). */
	status_mapping map[] = {
		{ "running", STATE_WARNING },
		{ "SKIPPED", STATE_OK },
		{ "failure", STATE_CRITICAL },
	};
	const char *ignore[] = { "ign*" };
	const char *warn[] = { "*Check", "[a-c]?*" };
	judge_config cfg_rules = {
		.map = map,
		.n_map = 3,
		.ignore = ignore,
		.n_ignore = 1,
		.warn = warn,
		.n_warn = 2,
	};
	verdict_config vc_rules = { .error_state = STATE_UNKNOWN,
		                    .timeout_state = STATE_CRITICAL,
		                    .replication_id = REPLICATION_ID };
	judge_config cfg_plain = { .map = map, .n_map = 3 };
	verdict_config vc_plain = { .error_state = STATE_UNKNOWN, .timeout_state = STATE_UNKNOWN };
	fuzz_render ro_verbose = {
		.replication_id = REPLICATION_ID,
		.verbose = 1,
		.max_items = 5,
		.max_message = 40,
		.elapsed = 0.25,
		.secrets = secrets,
		.n_secrets = N_SECRETS,
	};
	fuzz_render ro_plain = {
		.replication_id = "rp|we\x80ird\n\x1b[0mid",
		.elapsed = 1.5,
	};
	fuzz_render ro_tight = {
		.verbose = 2,
		.max_items = 1,
		.max_message = 16,
		.elapsed = 0,
		.secrets = secrets,
		.n_secrets = N_SECRETS,
	};

	/* The body's start, NUL-terminated, for strings the transport layer
	 * would have filled (a Location header, an error detail). */
	size_t snip = size < SNIPPET_MAX ? size : SNIPPET_MAX;
	char *text = xstrndup((const char *)data, snip);

	transfer_outcome xf[5];
	memset(xf, 0, sizeof xf);
	for (size_t i = 0; i < 5; i++) {
		xf[i].snippet = (const char *)data;
		xf[i].snippet_len = snip;
		xf[i].seconds = 0.1;
	}
	xf[1].http_code = 200; /* HTTP 200 */
	xf[2].http_code = 503; /* gateway error with a body */
	xf[3].http_code = 302; /* redirect not followed */
	xf[3].redirect_to = text;
	xf[4].status = XFER_TLS; /* transport failure */
	snprintf(xf[4].detail, sizeof xf[4].detail, "%s", text);

	for (size_t i = 0; i < 5; i++) {
		judge_and_render(&cfg_rules, &vc_rules, &xf[i], st2, err2, &chunked, &ro_verbose);
		judge_and_render(&cfg_plain, &vc_plain, &xf[i], st2, err2, &chunked, &ro_plain);
	}
	judge_and_render(&cfg_rules, &vc_rules, &xf[0], st1, err1, &one, &ro_tight);
	judge_and_render(&cfg_plain, &vc_plain, NULL, st1, err1, &one, &ro_tight);

	free(text);
	if (st1 == PARSE_OK) {
		response_free(&one);
		response_free(&chunked);
		response_free(&retried);
		response_free(&bytewise);
		response_free(&retried2);
		response_free(&runs);
	}
	return 0;
}
