/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outfile.h - --output-file: the output written whole or not at all, as
 * node_exporter's textfile collector needs it. */
#ifndef CHECK_OUTFILE_H
#define CHECK_OUTFILE_H

#include <stddef.h>

/* Writes len bytes to a temporary file beside path, then renames it over
 * path, so a reader sees the old file or the new one, never a part. On
 * failure the old file is untouched; returns -1 with a reason in err. */
int outfile_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

#endif
