/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fleet.c - the fleet run: the list's pages one after another, each task's
 * request beside them as soon as its page is in, at most --parallel under
 * way (multi.c). Every answer is judged by the task's own plugin when it
 * arrives and then kept only in the words the chosen format reads, so a
 * run of thousands holds no answer longer than it takes to judge it. */
#include "config.h"
#include "fleet.h"
#include "answer.h"
#include "clock.h"
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A list that never ends (a server repeating full pages) stops here. */
#define MAX_PAGES 100000

typedef enum { REQ_LIST, REQ_TASK, REQ_EXPLAIN } req_kind;

typedef struct {
	multi_request m; /* first: what multi.c hands back is this */
	req_kind kind;
	size_t entry; /* REQ_TASK, REQ_EXPLAIN */
	long page;    /* REQ_LIST */
	double started;
	answer_reader ar;
} fleet_req;

/* Every replicationId the list gave, kept by the filters or not: for the
 * tasks a later page repeats, and for the -r ids it did not give. Open
 * addressing over owned copies (NULL: empty). */
typedef struct {
	char **slot;
	size_t cap;
	size_t n;
} id_set;

typedef struct {
	const fleet_def *fd;
	const fleet_settings *fs;
	const void *task_cfg;
	void *explain_cfg; /* the explaining plugin's defaults */
	const options *o;
	verdict_config vc;
	fleet_run *run;
	size_t cap_entries;
	id_set seen;
	/* the list */
	long next_page; /* 0: none to ask for */
	bool list_busy;
	long page_size;
	/* the tasks */
	size_t next_task;
	size_t *explain;
	size_t n_explain, cap_explain;
	strvec *secrets;
} fleet_ctx;

static uint64_t fnv(const char *id)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		h ^= *p;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

int fleet_shard_of(const char *id, int shards)
{
	return shards > 0 ? (int)(fnv(id) % (uint64_t)shards) + 1 : 1;
}

/* ---- the ids seen --------------------------------------------------------- */

/* id's slot: the one that holds it, or the empty one where it would go. */
static char **seen_slot(const id_set *s, const char *id)
{
	size_t k = fnv(id) & (s->cap - 1);
	while (s->slot[k] && strcmp(s->slot[k], id) != 0)
		k = (k + 1) & (s->cap - 1);
	return &s->slot[k];
}

/* Adds a copy of id unless it is there; true when new. */
static bool seen_add(id_set *s, const char *id)
{
	if (2 * (s->n + 1) > s->cap) {
		id_set bigger = { .cap = s->cap ? 2 * s->cap : 64, .n = s->n };
		bigger.slot = xcalloc(bigger.cap, sizeof *bigger.slot);
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				*seen_slot(&bigger, s->slot[i]) = s->slot[i];
		free(s->slot);
		*s = bigger;
	}
	char **at = seen_slot(s, id);
	if (*at)
		return false;
	*at = xstrdup(id);
	s->n++;
	return true;
}

static void seen_free(id_set *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
}

/* ---- requests ------------------------------------------------------------- */

static fleet_req *new_request(req_kind kind, const plugin_def *p, char *url, const char *api_path)
{
	fleet_req *q = xcalloc(1, sizeof *q);
	q->kind = kind;
	q->started = clock_now();
	answer_reader_init(&q->ar, p);
	q->m = (multi_request){ .url = url, .api_path = api_path, .sink = answer_reader_sink(&q->ar),
		                .tag = q };
	return q;
}

static void free_request(fleet_req *q)
{
	answer_reader_release(&q->ar);
	fetch_result_free(&q->m.res);
	free(q->m.url);
	free(q);
}

/* The list's filters: those the API documents, sent as they are. One
 * --status and one -r are sent; more are filtered here. */
static char *list_url(const fleet_ctx *c, long page)
{
	const fleet_settings *fs = c->fs;
	char current[24], size[24];
	snprintf(current, sizeof current, "%ld", page);
	snprintf(size, sizeof size, "%d", fs->page_size);
	const char *params[] = {
		"current", current,
		"pageSize", size,
		"status", fs->n_statuses == 1 ? fs->statuses[0] : NULL,
		"replicationId", c->o->n_ids == 1 ? c->o->ids[0] : NULL,
		"type", fs->type,
		"keyword", fs->keyword,
		"datasourceId", fs->datasource,
		"sourceDatasourceId", fs->source,
		"targetDatasourceId", fs->target,
	};
	return options_api_url(c->o, c->o->path, params, sizeof params / sizeof params[0]);
}

static char *task_url(const fleet_ctx *c, const plugin_def *p, const char *id)
{
	const char *params[] = { "replicationId", id };
	return options_api_url(c->o, p->options.default_path, params, 2);
}

static multi_request *next_request(void *ctx)
{
	fleet_ctx *c = ctx;
	fleet_run *run = c->run;
	fleet_req *q = NULL;
	if (c->n_explain) {
		size_t e = c->explain[--c->n_explain];
		const plugin_def *p = c->fd->explain;
		q = new_request(REQ_EXPLAIN, p, task_url(c, p, run->entries[e].task.id),
		                p->options.default_path);
		q->entry = e;
	} else if (c->next_page && !c->list_busy) {
		q = new_request(REQ_LIST, c->fd->list, list_url(c, c->next_page), c->o->path);
		q->page = c->next_page;
		c->next_page = 0;
		c->list_busy = true;
	} else if (!c->fs->discover && c->next_task < run->n) {
		const plugin_def *p = c->fd->task;
		size_t e = c->next_task++;
		q = new_request(REQ_TASK, p, task_url(c, p, run->entries[e].task.id),
		                p->options.default_path);
		q->entry = e;
	}
	return q ? &q->m : NULL;
}

/* Every signature sent stays out of the output; the status requests of one
 * second share theirs, so the list stays short. */
static void keep_secrets(fleet_ctx *c, const strvec *sent)
{
	for (size_t i = 0; i < sent->n; i++) {
		bool known = false;
		for (size_t k = 0; !known && k < c->secrets->n; k++)
			known = strcmp(c->secrets->v[k], sent->v[i]) == 0;
		if (!known)
			strvec_push(c->secrets, xstrdup(sent->v[i]));
	}
}

/* ---- the list --------------------------------------------------------------- */

static bool wanted(const fleet_ctx *c, const fleet_task *t)
{
	const options *o = c->o;
	const fleet_settings *fs = c->fs;
	if (o->n_ids) {
		bool named = false;
		for (size_t i = 0; !named && i < o->n_ids; i++)
			named = strcmp(o->ids[i], t->id) == 0;
		if (!named)
			return false;
	}
	if (fs->n_statuses) {
		bool match = false;
		text_t status = { .ptr = t->status, .len = t->status ? strlen(t->status) : 0 };
		for (size_t i = 0; !match && i < fs->n_statuses; i++)
			match = text_equals_nocase(status, fs->statuses[i]);
		if (!match)
			return false;
	}
	return !fs->shards || fleet_shard_of(t->id, fs->shards) == fs->shard;
}

static void add_entry(fleet_ctx *c, fleet_task *t, bool in_list)
{
	fleet_run *run = c->run;
	if (run->n == c->cap_entries) {
		c->cap_entries = c->cap_entries ? 2 * c->cap_entries : 64;
		run->entries = xrealloc(run->entries, c->cap_entries * sizeof *run->entries);
	}
	fleet_entry *e = &run->entries[run->n++];
	*e = (fleet_entry){ .task = *t, .in_list = in_list };
	*t = (fleet_task){ .id = NULL };
}

/* A failure to read the list, into the run, in words that outlive it. */
static void note_list_failure(fleet_ctx *c, const failure *f)
{
	check_result words;
	result_init(&words, "", "");
	failure_describe(f, c->vc.max_message, &words);
	result_own(&words);
	rtext_free(&c->run->list_error);
	c->run->list_error = words.summary;
	words.summary = (rtext)RTEXT_INIT;
	result_free(&words);
	c->run->list_failed = true;
	c->run->list_state = f->state;
}

static void take_page(fleet_ctx *c, fleet_req *q)
{
	fleet_run *run = c->run;
	failure f;
	verdict_config vc = c->vc;
	vc.replication_id = NULL; /* a list is no task's */
	if (answer_check(&q->ar, &vc, &q->m.res.outcome, &f)) {
		note_list_failure(c, &f);
		return;
	}
	fleet_page *page = q->ar.answer;
	if (q->page == 1) {
		run->total = page->has_total ? page->total : -1;
		c->page_size = page->has_page_size && page->page_size > 0 ? page->page_size
		                                                          : c->fs->page_size;
	}
	size_t fresh = 0;
	for (size_t i = 0; i < page->n; i++) {
		fleet_task *t = &page->tasks[i];
		if (!t->id)
			continue;
		if (!seen_add(&c->seen, t->id))
			continue;
		run->listed++;
		fresh++;
		if (wanted(c, t))
			add_entry(c, t, true);
	}
	/* The end: a short or empty page, the total reached, or nothing new
	 * (a server that repeats itself). */
	bool more = page->n > 0 && (long)page->n >= c->page_size && fresh > 0 &&
	            (run->total < 0 || q->page * c->page_size < run->total) && q->page < MAX_PAGES;
	c->next_page = more ? q->page + 1 : 0;
}

/* ---- the tasks -------------------------------------------------------------- */

/* Task id's answer to q, judged by p into r (which this starts); true when
 * there was no answer to judge, and r says why. */
static bool judge(const fleet_ctx *c, const fleet_req *q, const plugin_def *p, const void *cfg,
                  const char *id, check_result *r)
{
	verdict_config vc = c->vc;
	vc.replication_id = id;
	plugin_result_start(p, c->o, id, r);
	failure f;
	bool failed = answer_check(&q->ar, &vc, &q->m.res.outcome, &f);
	if (failed)
		failure_describe(&f, vc.max_message, r);
	else
		p->evaluate(cfg, &vc, q->ar.answer, r);
	return failed;
}

static void judge_task(fleet_ctx *c, fleet_req *q)
{
	fleet_entry *e = &c->run->entries[q->entry];
	const plugin_def *tp = c->fd->task;
	/* Every request's timeout is what was left of the budget: a timeout
	 * means the budget ran out, and the task was not checked. */
	if (q->m.res.outcome.status == XFER_TIMEOUT)
		return;
	e->reached = true;
	bool failed = judge(c, q, tp, c->task_cfg, e->task.id, &e->result);
	plugin_result_end(tp, &e->result, clock_now() - q->started);
	for (size_t i = 0; c->fd->gauge_label && i < e->result.n_perf; i++) {
		if (strcmp(e->result.perf[i].label, c->fd->gauge_label) == 0) {
			e->has_gauge = true;
			e->gauge = strtod(e->result.perf[i].value, NULL);
		}
	}
	if (!failed && c->fd->explain && c->fd->explain_if(q->ar.answer)) {
		/* Kept whole until the explanation is in: explain_task trims. */
		if (c->n_explain == c->cap_explain) {
			c->cap_explain = c->cap_explain ? 2 * c->cap_explain : 16;
			c->explain = xrealloc(c->explain, c->cap_explain * sizeof *c->explain);
		}
		c->explain[c->n_explain++] = q->entry;
	} else {
		result_trim(&e->result, c->o->format);
	}
	/* The answer the texts point into goes with the request. */
	result_own(&e->result);
}

/* The explaining plugin's verdict, after the task's: words for line 1
 * and, where the format shows them, its lines; the state stays the task's. */
static void explain_task(fleet_ctx *c, fleet_req *q)
{
	fleet_entry *e = &c->run->entries[q->entry];
	const plugin_def *xp = c->fd->explain;
	check_result why;
	bool failed = judge(c, q, xp, c->explain_cfg, e->task.id, &why);
	if (e->result.want_fields) {
		/* JSON: the task's object stays its own plugin's, with one more
		 * field beside its summary. */
		fields_text(&e->result.facts, c->fd->explain_label, &why.summary);
	} else {
		rtext_litf(&e->result.summary, failed ? "; %s not available: " : "; %s: ",
		           c->fd->explain_label);
		rtext_append(&e->result.summary, &why.summary);
		for (size_t i = 0; !failed && i < why.n_subs; i++) {
			const subcheck *s = &why.subs[i];
			if (s->quiet)
				continue;
			subcheck *t = result_add_sub(&e->result, s->state);
			t->tag = s->tag;
			rtext_append(&t->label, &s->label);
			rtext_append(&t->id, &s->id);
			rtext_append(&t->text, &s->text);
		}
	}
	result_own(&e->result);
	result_free(&why);
	result_trim(&e->result, c->o->format);
}

static void request_done(void *ctx, multi_request *m)
{
	fleet_ctx *c = ctx;
	fleet_req *q = m->tag;
	keep_secrets(c, &m->res.secrets);
	answer_reader_end(&q->ar);
	switch (q->kind) {
	case REQ_LIST:
		c->list_busy = false;
		take_page(c, q);
		break;
	case REQ_TASK: judge_task(c, q); break;
	case REQ_EXPLAIN: explain_task(c, q); break;
	}
	free_request(q);
}

/* ---- the end ------------------------------------------------------------------ */

/* A task with no verdict of its own: never asked before the budget ran
 * out, or named with -r and not in the list. UNKNOWN either way. */
static void no_verdict(fleet_ctx *c, fleet_entry *e, const char *words)
{
	check_result *r = &e->result;
	plugin_result_start(c->fd->task, c->o, e->task.id, r);
	r->state = STATE_UNKNOWN;
	r->error = true;
	rtext_lit(&r->summary, words);
	plugin_result_end(c->fd->task, r, -1.0);
	result_trim(r, c->o->format);
}

static void put_text(jw *obj, const char *key, const char *s)
{
	jw_put(obj, key, s ? jw_string(s, strlen(s)) : NULL);
}

/* --discover: the tasks as Icinga Director's file import reads them. */
static char *discovery(const fleet_run *run)
{
	jw *list = jw_array();
	for (size_t i = 0; i < run->n; i++) {
		const fleet_task *t = &run->entries[i].task;
		jw *o = jw_object();
		put_text(o, "replication_id", t->id);
		put_text(o, "name", t->name);
		put_text(o, "type", t->type);
		put_text(o, "status", t->status);
		put_text(o, "source_datasource_id", t->source);
		put_text(o, "target_datasource_id", t->target);
		put_text(o, "multi_active_id", t->pair);
		jw_push(list, o);
	}
	char *text = jw_finish(list);
	size_t n = strlen(text);
	text = xrealloc(text, n + 2);
	memcpy(text + n, "\n", 2);
	return text;
}

/* An importer replaces what it had with what it reads: a list that lost
 * tasks (a key without its rights, a task named and gone) must not reach
 * it. False, with r saying why, when the array would be short. */
static bool discovery_whole(const fleet_ctx *c, check_result *r)
{
	const fleet_run *run = c->run;
	size_t found = 0;
	const char *missing = NULL;
	for (size_t i = 0; i < run->n; i++) {
		if (run->entries[i].in_list)
			found++;
		else if (!missing)
			missing = run->entries[i].task.id;
	}
	char words[512];
	if (missing)
		snprintf(words, sizeof words, "--discover: %.200s is not in the task list; nothing printed",
		         missing);
	else if ((long)found < c->fs->min_tasks)
		snprintf(words, sizeof words,
		         "--discover: %zu tasks match, fewer than --min-tasks %ld; nothing printed", found,
		         c->fs->min_tasks);
	else
		return true;
	failure f;
	failure_set(&f, STATE_UNKNOWN, ERR_ANSWER, NULL, words);
	failure_describe(&f, 0, r);
	return false;
}

void fleet_task_free(fleet_task *t)
{
	free(t->id);
	free(t->name);
	free(t->type);
	free(t->status);
	free(t->source);
	free(t->target);
	free(t->pair);
}

static void free_entries(fleet_run *run)
{
	for (size_t i = 0; i < run->n; i++) {
		result_free(&run->entries[i].result);
		fleet_task_free(&run->entries[i].task);
	}
	free(run->entries);
	run->entries = NULL;
	run->n = 0;
}

static void finish_run(fleet_ctx *c)
{
	fleet_run *run = c->run;
	/* A discovery whose list broke off prints no array, so none of its
	 * tasks is told of: what is said is why the list could not be read. */
	if (c->fs->discover && run->list_failed) {
		free_entries(run);
		return;
	}
	char unchecked[96];
	snprintf(unchecked, sizeof unchecked, "not checked: time budget of %g s spent", run->budget);
	for (size_t i = 0; i < run->n; i++)
		if (!run->entries[i].reached && !c->fs->discover)
			no_verdict(c, &run->entries[i], unchecked);
	/* Tasks named with -r that the list did not give at all; one it gave
	 * and the filters or --shard left out is another run's. */
	for (size_t i = 0; !run->list_failed && i < c->o->n_ids; i++) {
		const char *id = c->o->ids[i];
		if (!seen_add(&c->seen, id))
			continue;
		fleet_task t = { .id = xstrdup(id) };
		add_entry(c, &t, false);
		if (!c->fs->discover)
			no_verdict(c, &run->entries[run->n - 1], "not in the task list");
	}
}

bool fleet_collect(const plugin_def *p, const void *cfg, const options *o, double deadline,
                   check_result *r, strvec *secrets, char **out)
{
	const fleet_def *fd = p->fleet;
	fleet_run run = { .total = -1, .budget = o->timeout, .ids = o->ids, .n_ids = o->n_ids };
	fleet_ctx c = {
		.fd = fd,
		.fs = fd->settings(cfg),
		.task_cfg = fd->task_config(cfg),
		.o = o,
		.vc = plugin_verdict_config(o),
		.run = &run,
		.next_page = 1,
		.secrets = secrets,
	};
	c.page_size = c.fs->page_size;
	if (fd->explain) {
		c.explain_cfg = xcalloc(1, fd->explain->config_size);
		if (fd->explain->options.start)
			fd->explain->options.start(c.explain_cfg);
	}
	multi_feed feed = { .next = next_request, .done = request_done, .ctx = &c };
	char err[256];
	bool listed = false;
	if (multi_run(o, c.fs->parallel, deadline, &feed, err, sizeof err)) {
		failure f;
		failure_set(&f, STATE_UNKNOWN, ERR_USAGE, NULL, err);
		note_list_failure(&c, &f);
	}
	finish_run(&c);
	if (c.fs->discover && !run.list_failed && discovery_whole(&c, r)) {
		*out = discovery(&run);
		listed = true;
	} else if (!c.fs->discover || run.list_failed) {
		fd->evaluate(cfg, &run, r);
		if (o->format != FORMAT_NAGIOS) {
			/* The tasks' own results, as the format prints each; each now
			 * owns the id it is about. */
			r->children = xcalloc(run.n ? run.n : 1, sizeof *r->children);
			for (size_t i = 0; i < run.n; i++) {
				check_result *child = &r->children[r->n_children++];
				*child = run.entries[i].result;
				child->owned_id = run.entries[i].task.id;
				child->replication_id = child->owned_id;
				run.entries[i].task.id = NULL;
				run.entries[i].result = (check_result){ .prefix = NULL };
			}
		}
	}
	free_entries(&run);
	seen_free(&c.seen);
	free(c.explain);
	if (fd->explain && fd->explain->config_free)
		fd->explain->config_free(c.explain_cfg);
	free(c.explain_cfg);
	rtext_free(&run.list_error);
	return listed;
}
