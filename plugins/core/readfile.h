/* SPDX-License-Identifier: GPL-3.0-or-later */
/* readfile.h - reading the small files an operator points the plugin at
 * (token, secret key, options). Owns: file-type checks and their wording. */
#ifndef CHECK_READFILE_H
#define CHECK_READFILE_H

#include <stdbool.h>
#include <stddef.h>
#include "strbuf.h"

typedef struct {
	bool group_readable; /* group or others may read it: worth a warning */
} readfile_info;

/* Appends the whole of the regular file path (at most max bytes) to out.
 * what names the file in messages ("--token-file", "options file").
 * A directory, FIFO, device or socket is refused without opening it, so a
 * FIFO with no writer cannot block; an empty file is refused too.
 * Returns 0, or -1 with a one-line reason in err. */
int readfile_small(const char *what, const char *path, size_t max, strbuf *out, readfile_info *info,
                   char *err, size_t errlen);

#endif
