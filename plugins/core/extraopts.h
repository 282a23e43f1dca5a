/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extraopts.h - --extra-opts: long options read from an INI file.
 * Owns: INI syntax, the monitoring-plugins file search, and argv splicing. */
#ifndef CHECK_EXTRAOPTS_H
#define CHECK_EXTRAOPTS_H

#include <stddef.h>
#include "strbuf.h"

/* Pure: appends "--key=value" / "--key" for every entry of section in the
 * INI text to out. Returns 0 when the section was found, 1 when it was not,
 * -1 on a syntax error (reason in err). */
int ini_section_args(const char *text, size_t len, const char *section, strvec *out, char *err,
                     size_t errlen);

/* The file --extra-opts uses when none is named: $MP_CONFIG_FILE, then the
 * monitoring-plugins search path. Returns NULL when none exists. */
const char *extraopts_default_file(void);

/* Rebuilds argv with the options of every --extra-opts[=section][@file]
 * inserted right after argv[0], so the command line wins over the file.
 * Files that group or others can read are added to insecure_files.
 * Returns 0, or -1 with a reason in err. */
int extraopts_expand(int argc, char **argv, const char *default_section, strvec *new_argv,
                     strvec *insecure_files, char *err, size_t errlen);

#endif
