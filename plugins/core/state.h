/* SPDX-License-Identifier: GPL-3.0-or-later */
/* state.h - the four monitoring states and the one algebra that combines them.
 * Owns: state names, parsing of STATE words, worst-of ordering. */
#ifndef CHECK_STATE_H
#define CHECK_STATE_H

typedef enum { STATE_OK = 0, STATE_WARNING = 1, STATE_CRITICAL = 2, STATE_UNKNOWN = 3 } state_t;

/* "OK", "WARNING", "CRITICAL", "UNKNOWN". */
const char *state_name(state_t s);

/* Accepts OK|WARNING|CRITICAL|UNKNOWN (any case, also WARN/CRIT) or 0-3.
 * Returns 0 and sets *out, or -1. */
int state_parse(const char *word, state_t *out);

/* Worst of two states: CRITICAL > WARNING > UNKNOWN > OK. */
state_t state_worst(state_t a, state_t b);

/* Rank used for sorting, higher is worse (same order as state_worst). */
int state_rank(state_t s);

#endif
