/* SPDX-License-Identifier: GPL-3.0-or-later */
/* format.h - the output formats a run can be asked for, and their names
 * on the command line. */
#ifndef CHECK_FORMAT_H
#define CHECK_FORMAT_H

typedef enum { FORMAT_NAGIOS = 0, FORMAT_JSON, FORMAT_PROMETHEUS, FORMAT_CHECKMK } output_format;

/* "nagios", "json", "prometheus", "checkmk" (any case). Returns 0, or -1. */
int format_parse(const char *word, output_format *out);
const char *format_name(output_format f);

#endif
