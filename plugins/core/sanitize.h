/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sanitize.h - the one gate for text that reaches plugin output.
 * Owns: making arbitrary bytes safe for a single monitoring output line. */
#ifndef CHECK_SANITIZE_H
#define CHECK_SANITIZE_H

#include <stddef.h>
#include "strbuf.h"

/* Replacement for '|', which would start the perfdata section. */
#define SANITIZE_PIPE "\xc2\xa6"     /* U+00A6 BROKEN BAR */
#define SANITIZE_BAD "\xef\xbf\xbd"  /* U+FFFD REPLACEMENT CHARACTER */
#define SANITIZE_MORE "\xe2\x80\xa6" /* U+2026 HORIZONTAL ELLIPSIS */

/* Appends len bytes of s (may contain NUL) to out such that the appended
 * text is valid UTF-8, holds no '|', no C0/C1 control or line-separator
 * character (each run of them and of white space becomes one space,
 * leading and trailing space is dropped), and is at most max_bytes long
 * (0 = no limit), cut on a character boundary and ended with an ellipsis. */
void sanitize_append(strbuf *out, const char *s, size_t len, size_t max_bytes);

/* For formats that escape text themselves (JSON): only makes it valid
 * UTF-8 (invalid bytes become U+FFFD, DEL and C1 controls a space) and cuts
 * it like sanitize_append; C0 controls, line breaks and '|' stay for the
 * encoder. */
void sanitize_utf8_append(strbuf *out, const char *s, size_t len, size_t max_bytes);

/* Same, as a new string. */
char *sanitize_dup(const char *s, size_t len, size_t max_bytes);

#endif
