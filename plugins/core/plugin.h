/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plugin.h - what a plugin gives the shared run: its names, its options,
 * its answer's parser and its judgement. core/run.c does the rest. */
#ifndef CHECK_PLUGIN_H
#define CHECK_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "result.h"
#include "transport.h"
#include "verdict.h"

typedef struct {
	const char *prefix;        /* line 1: "PRECHECK", "REPLICATION" */
	const char *service;       /* Checkmk: "Replication precheck" */
	const char *metric_prefix; /* Prometheus: "replication_precheck" */
	const char *subs_key;      /* JSON: "items", "subtasks" */
	const char *more_noun;     /* "item", "subtask" */
	option_spec options;
	const char *(*usage)(void);
	void (*help)(void);

	/* The body, as it arrives: begin once per run (after the options),
	 * feed, reset for a retry, end once the body is complete. */
	void *(*begin)(const options *o);
	int (*feed)(void *state, const char *data, size_t len);
	void (*reset)(void *state);
	void (*end)(void *state);
	/* Judges the answer. Returns true with f filled when it cannot be
	 * judged; otherwise fills r (state, summary, subchecks, perfdata,
	 * facts, metrics) and returns false. May run twice: after the service's
	 * clock was asked for, to word a refusal better. */
	bool (*judge)(void *state, const options *o, const transfer_outcome *x, failure *f,
	              check_result *r);
	void (*release)(void *state);
} plugin_def;

/* The whole run: options, secrets, fetch, judgement, rendering, the
 * output file. Returns the exit code. */
int plugin_main(const plugin_def *p, int argc, char **argv);

#endif
