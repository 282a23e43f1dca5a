/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mapping.h - API status values to states: a plugin's built-in table and
 * the --map VALUE=STATE overrides, compared case-insensitively. */
#ifndef CHECK_MAPPING_H
#define CHECK_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "envelope.h"
#include "state.h"

typedef struct {
	const char *value;
	state_t state;
} status_mapping;

/* The state for value: the last matching user mapping, else the table's,
 * else UNKNOWN (also for an absent value). *found says whether anything
 * matched. */
state_t mapping_lookup(const status_mapping *user, size_t n_user, const status_mapping *table,
                       size_t n_table, text_t value, bool *found);

#endif
