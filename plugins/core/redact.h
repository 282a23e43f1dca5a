/* SPDX-License-Identifier: GPL-3.0-or-later */
/* redact.h - the one routine that keeps credentials out of every output:
 * the rendered result, -vv diagnostics and the -vvv libcurl trace. */
#ifndef CHECK_REDACT_H
#define CHECK_REDACT_H

#include <stdbool.h>
#include <stddef.h>
#include "strbuf.h"

#define REDACTED "<redacted>"
/* Shorter values would match ordinary words by chance. */
#define REDACT_MIN_LEN 4

/* When s[0..len) holds any of the secrets, appends s to dst with each
 * occurrence (longest match first) replaced by REDACTED and returns true;
 * otherwise leaves dst alone and returns false. Works on raw bytes, so it
 * runs before sanitizing. */
bool redact_append(strbuf *dst, const char *s, size_t len, const char *const *secrets,
                   size_t n_secrets);

#endif
