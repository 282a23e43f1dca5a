/* SPDX-License-Identifier: GPL-3.0-or-later */
/* format.c - output format names. */
#include "config.h"
#include "format.h"

#include <stddef.h>
#include <strings.h>

static const char *const names[] = {
	[FORMAT_NAGIOS] = "nagios",
	[FORMAT_JSON] = "json",
	[FORMAT_PROMETHEUS] = "prometheus",
	[FORMAT_CHECKMK] = "checkmk",
};

int format_parse(const char *word, output_format *out)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(word, names[i]) == 0) {
			*out = (output_format)i;
			return 0;
		}
	}
	return -1;
}

const char *format_name(output_format f)
{
	return (size_t)f < sizeof names / sizeof names[0] ? names[f] : names[FORMAT_NAGIOS];
}
