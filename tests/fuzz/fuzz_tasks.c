/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_tasks.c - a task list's page through the list's parse, the fleet's
 * verdict and every renderer: one-shot and chunked parsing agree, the
 * counts add up, the fleet is never better than a task, and every format
 * keeps its shape and no secret, whatever names and ids the server sends.
 *
 * Input: the page's body. Each task gets a state and reached flag from a
 * hash of its id, as if its status request had answered. */
#include "config.h"
#include "answer.h"
#include "dedup.h"
#include "fuzz_common.h"
#include "fuzz_formats.h"
#include "status_plugin.h"
#include "tasks.h"

#include <stdlib.h>
#include <string.h>

static const char *const secrets[] = { "s3cr3t-Tok3n", "nd-S3cr3t-SecretKey-5a7e" };

static void same_page(const fleet_page *a, const fleet_page *b)
{
	FUZZ_ASSERT(a->n == b->n, "%zu tasks one-shot, %zu chunked", a->n, b->n);
	FUZZ_ASSERT(a->has_total == b->has_total && a->total == b->total, "total differs");
	for (size_t i = 0; i < a->n; i++) {
		const char *x = a->tasks[i].id, *y = b->tasks[i].id;
		FUZZ_ASSERT((!x && !y) || (x && y && strcmp(x, y) == 0), "task %zu's id differs", i);
	}
}

static void judge(const fleet_page *page, uint64_t rng)
{
	options o = { .format = FORMAT_JSON, .timeout = 10 };
	tasks_config cfg = { .fleet = { .statuses = NULL } };
	tasks_plugin.config_free(&cfg); /* the defaults */
	cfg.fleet.min_tasks = (long)(rng % 4);
	fleet_run run = { .total = page->has_total ? page->total : -1, .budget = 10 };
	run.entries = calloc(page->n ? page->n : 1, sizeof *run.entries);
	text_t *ids = calloc(page->n ? page->n : 1, sizeof *ids);
	size_t *first = calloc(page->n ? page->n : 1, sizeof *first);
	FUZZ_ASSERT(run.entries && ids && first, "calloc");
	for (size_t i = 0; i < page->n; i++)
		ids[i] = (text_t){ .ptr = page->tasks[i].id,
			           .len = page->tasks[i].id ? strlen(page->tasks[i].id) : 0 };
	/* As the fleet run does: each task once, and only with an id. */
	dedup_first(ids, page->n, first);
	for (size_t i = 0; i < page->n; i++) {
		const fleet_task *t = &page->tasks[i];
		if (!t->id || first[i] != i)
			continue;
		fleet_entry *e = &run.entries[run.n++];
		uint64_t h = fuzz_hash((const uint8_t *)t->id, strlen(t->id)) ^ rng;
		*e = (fleet_entry){ .task = *t, .in_list = true, .reached = (h & 7) != 0,
			            .has_gauge = (h & 8) != 0, .gauge = (double)(h >> 40) / 1000.0 };
		plugin_result_start(&status_plugin, &o, t->id, &e->result);
		e->result.want_metrics = true;
		e->result.state = e->reached ? (state_t)((h >> 4) % 4) : STATE_UNKNOWN;
		if (t->status)
			rtext_net_copy(&e->result.summary, t->status, strlen(t->status), 40);
		plugin_result_end(&status_plugin, &e->result, 0.25);
		run.listed++;
	}
	check_result r;
	plugin_result_start(&tasks_plugin, &o, NULL, &r);
	r.want_metrics = true;
	tasks_evaluate(&cfg, &run, &r);
	plugin_result_end(&tasks_plugin, &r, 1.5);

	size_t sum = 0;
	for (size_t i = 0; i < r.n_perf && i < 6; i++)
		if (i > 0)
			sum += strtoul(r.perf[i].value, NULL, 10);
	FUZZ_ASSERT(r.n_perf >= 6 && strtoul(r.perf[0].value, NULL, 10) == run.n && sum == run.n,
	            "the counts do not add up to the %zu tasks", run.n);
	for (size_t i = 0; i < run.n; i++)
		FUZZ_ASSERT(state_rank(r.state) >= state_rank(run.entries[i].result.state),
		            "the fleet is better than task %zu", i);
	if ((long)run.n < cfg.fleet.min_tasks)
		FUZZ_ASSERT(state_rank(r.state) >= state_rank(STATE_UNKNOWN), "too few tasks, yet OK");

	r.children = calloc(run.n ? run.n : 1, sizeof *r.children);
	FUZZ_ASSERT(r.children != NULL, "calloc");
	for (size_t i = 0; i < run.n; i++)
		r.children[r.n_children++] = run.entries[i].result;
	render_options ro = render_options_init();
	ro.secrets = secrets;
	ro.n_secrets = sizeof secrets / sizeof secrets[0];
	ro.verbose = (int)(rng >> 8) % 2;
	char *out = render_result(&r, &ro);
	fuzz_no_secret(out, &ro);
	const char *nl = strchr(out, '\n');
	FUZZ_ASSERT(nl && out[strlen(out) - 1] == '\n', "Nagios output without its lines");
	size_t where;
	for (const char *line = nl + 1; *line;) {
		const char *end = strchr(line, '\n');
		const char *why = fuzz_check_text(line, (size_t)(end - line), true, &where);
		FUZZ_ASSERT(why == NULL, "a task line: %s at byte %zu", why, where);
		line = end + 1;
	}
	free(out);
	fuzz_render_all(&r, ro);
	result_free(&r);
	free(run.entries);
	free(ids);
	free(first);
	tasks_plugin.config_free(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t rng = fuzz_hash(data, size);
	answer_reader one, chunked;
	answer_reader_init(&one, tasks_plugin.fleet->list);
	answer_reader_init(&chunked, tasks_plugin.fleet->list);
	answer_reader_parse(&one, (const char *)data, size);
	body_sink sink = answer_reader_sink(&chunked);
	for (size_t at = 0; at < size;) {
		size_t n = 1 + fuzz_rand(&rng) % 64;
		if (n > size - at)
			n = size - at;
		if (sink.write(sink.ctx, (const char *)data + at, n))
			break;
		at += n;
	}
	answer_reader_end(&chunked);
	FUZZ_ASSERT(one.pst == chunked.pst, "one-shot %d, chunked %d", (int)one.pst,
	            (int)chunked.pst);
	if (one.pst == PARSE_OK) {
		same_page(one.answer, chunked.answer);
		judge(one.answer, rng);
	} else {
		FUZZ_ASSERT(one.perr[0] != '\0', "a parse failure without a reason");
	}
	answer_reader_release(&one);
	answer_reader_release(&chunked);
	return 0;
}
