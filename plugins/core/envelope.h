/* SPDX-License-Identifier: GPL-3.0-or-later */
/* envelope.h - the parts every NineData answer shares: borrowed text
 * slices, and the success / requestId / message envelope around data. */
#ifndef CHECK_ENVELOPE_H
#define CHECK_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>

/* A borrowed slice of response text; ptr is NULL when the field was absent
 * or null. Text may contain NUL bytes, hence the length. */
typedef struct {
	const char *ptr;
	size_t len;
} text_t;

typedef enum { TRISTATE_ABSENT = -1, TRISTATE_FALSE = 0, TRISTATE_TRUE = 1 } tristate;

typedef struct {
	tristate success;
	text_t request_id;
	text_t message;
} envelope;

/* Has something other than white space. */
bool text_present(text_t t);

/* Is s, compared without regard to case. */
bool text_equals_nocase(text_t t, const char *s);

#endif
