/* SPDX-License-Identifier: GPL-3.0-or-later */
/* state.c - state names and worst-of aggregation. */
#include "config.h"
#include "state.h"

#include <stdlib.h>
#include <strings.h>

const char *state_name(state_t s)
{
	switch (s) {
	case STATE_OK: return "OK";
	case STATE_WARNING: return "WARNING";
	case STATE_CRITICAL: return "CRITICAL";
	case STATE_UNKNOWN: return "UNKNOWN";
	}
	return "UNKNOWN";
}

int state_parse(const char *word, state_t *out)
{
	static const struct {
		const char *name;
		state_t state;
	} names[] = {
		{ "OK", STATE_OK },         { "0", STATE_OK },       { "WARNING", STATE_WARNING },
		{ "WARN", STATE_WARNING },  { "1", STATE_WARNING },  { "CRITICAL", STATE_CRITICAL },
		{ "CRIT", STATE_CRITICAL }, { "2", STATE_CRITICAL }, { "UNKNOWN", STATE_UNKNOWN },
		{ "3", STATE_UNKNOWN },
	};
	if (!word)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(word, names[i].name) == 0) {
			*out = names[i].state;
			return 0;
		}
	}
	return -1;
}

/* UNKNOWN ranks below WARNING: a definite problem report must not be hidden
 * behind "could not tell" for one part of the answer. */
int state_rank(state_t s)
{
	switch (s) {
	case STATE_OK: return 0;
	case STATE_UNKNOWN: return 1;
	case STATE_WARNING: return 2;
	case STATE_CRITICAL: return 3;
	}
	return 1;
}

state_t state_worst(state_t a, state_t b)
{
	return state_rank(a) >= state_rank(b) ? a : b;
}
