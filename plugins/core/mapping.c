/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mapping.c - status value lookup, user mappings first. */
#include "config.h"
#include "mapping.h"
#include "strbuf.h"

#include <string.h>
#include <strings.h>

state_t mapping_lookup(const status_mapping *user, size_t n_user, const status_mapping *table,
                       size_t n_table, text_t value, bool *found)
{
	bool dummy;
	if (!found)
		found = &dummy;
	*found = true;
	if (value.ptr) {
		/* Later --map options override earlier ones: search backwards. */
		for (size_t i = n_user; i-- > 0;)
			if (text_equals_nocase(value, user[i].value))
				return user[i].state;
		for (size_t i = 0; i < n_table; i++)
			if (text_equals_nocase(value, table[i].value))
				return table[i].state;
	}
	*found = false;
	return STATE_UNKNOWN;
}
