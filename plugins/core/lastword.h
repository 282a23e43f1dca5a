/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lastword.h - the result a run ends with when it can no longer render one
 * (out of time, out of memory): rendered in advance, written with
 * async-signal-safe calls only, to standard output or as --output-file. */
#ifndef CHECK_LASTWORD_H
#define CHECK_LASTWORD_H

typedef enum { LASTWORD_TIMEOUT = 0, LASTWORD_NOMEM, LASTWORD_KINDS } lastword_kind;

/* Where the words go: standard output (path NULL) or path, replaced
 * whole through a temporary file beside it. Returns -1 when the path is
 * too long to prepare (the words then go to standard output). */
int lastword_target(const char *path);

/* The words for kind and the exit code they end with. text stays the
 * caller's and must live until it is replaced. */
void lastword_set(lastword_kind kind, const char *text, int code);

/* Writes the words of kind and ends the process. Safe in a signal handler. */
_Noreturn void lastword_say(lastword_kind kind);

#endif
