/* SPDX-License-Identifier: GPL-3.0-or-later */
/* envelope.c - comparing and testing the text slices of an answer. */
#include "config.h"
#include "envelope.h"
#include "strbuf.h"

#include <string.h>
#include <strings.h>

bool text_present(text_t t)
{
	return t.ptr && !mem_blank(t.ptr, t.len);
}

bool text_equals_nocase(text_t t, const char *s)
{
	size_t n = strlen(s);
	return t.ptr && t.len == n && strncasecmp(t.ptr, s, n) == 0;
}
