/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plugin.h - what a plugin gives the shared run: its names, its options,
 * its parse, its evaluate and its help. core/run.c does everything else. */
#ifndef CHECK_PLUGIN_H
#define CHECK_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

#include "envelope.h"
#include "json.h"
#include "options.h"
#include "result.h"
#include "verdict.h"

/* What the checks every answer goes through read of it (plugin parses
 * fill it from the same document as their own answer). */
typedef struct {
	envelope env;
	bool has_data;         /* the fields the plugin judges were sent */
	text_t replication_id; /* whom they are for; absent: not said */
	bool judgeable;        /* they hold something the plugin judges */
} answer_head;

typedef struct plugin_def {
	const char *prefix;        /* line 1: "PRECHECK", "REPLICATION" */
	const char *service;       /* Checkmk: "Replication precheck" */
	const char *state_metric;    /* Prometheus: "replication_precheck_state" */
	const char *duration_metric; /* ... "replication_precheck_duration_seconds" */
	const char *subs_key;      /* JSON: "items", "subtasks" */
	const char *more_noun;     /* "item", "subtask" */

	/* Its own options, applied to a configuration of config_size bytes
	 * the run allocates (options.cfg is left NULL here) and frees with
	 * config_free (may be NULL). */
	option_spec options;
	size_t config_size;
	void (*config_free)(void *cfg);

	const char *(*usage)(void);
	void (*help)(void);

	/* Parse: the document into an answer of answer_size bytes, which then
	 * owns it; on failure the document is released and err says why. */
	size_t answer_size;
	/* May set r up (json.h's lifting) before the body; may be NULL. */
	void (*prepare)(json_reader *r, void *answer);
	parse_status (*parse)(jnode *root, void *answer, answer_head *head, char *err,
	                      size_t errlen);
	void (*answer_free)(void *answer); /* also of an answer that did not parse */
	const char *nothing_to_judge; /* the error when the head is not judgeable */

	/* Evaluate, pure: an answer that passed the common checks into r
	 * (state, summary, subchecks, perfdata, facts, metrics). */
	void (*evaluate)(const void *cfg, const verdict_config *vc, const void *answer,
	                 check_result *r);

	/* A plugin that judges many tasks instead of one answer (fleet.h):
	 * parse and evaluate above are then its list's and unused. */
	const struct fleet_def *fleet;
} plugin_def;

/* A result of p about one task (replication_id, NULL: none known), for
 * the format o asks for: its state metric labelled, state to be set. */
void plugin_result_start(const plugin_def *p, const options *o, const char *replication_id,
                         check_result *r);

/* What every result ends with: its state in the state metric, the time
 * perfdata and duration metric (elapsed < 0: not measured). */
void plugin_result_end(const plugin_def *p, check_result *r, double elapsed);

/* What every judgement reads from the options. */
verdict_config plugin_verdict_config(const options *o);

/* The whole run: options, secrets, fetch, judgement, rendering, the
 * output file. Returns the exit code. */
int plugin_main(const plugin_def *p, int argc, char **argv);

#endif
