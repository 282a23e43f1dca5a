/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strbuf.h - a growable, always NUL-terminated byte buffer.
 * Owns: memory growth for every string the plugin builds. */
#ifndef CHECK_STRBUF_H
#define CHECK_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *data; /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
} strbuf;

/* clang-format off: it would spread the braces over four lines */
#define STRBUF_INIT \
	{ \
		.data = NULL, .len = 0, .cap = 0 \
	}
/* clang-format on */

void strbuf_append(strbuf *b, const char *s);
void strbuf_appendn(strbuf *b, const char *s, size_t n);
void strbuf_appendc(strbuf *b, char c);
void strbuf_appendf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_truncate(strbuf *b, size_t len);
/* Hands the string to the caller (never NULL) and resets the buffer. */
char *strbuf_detach(strbuf *b);
void strbuf_free(strbuf *b);
/* The contents, "" when empty. */
const char *strbuf_str(const strbuf *b);

/* A growable array of owned strings. */
typedef struct {
	char **v;
	size_t n;
	size_t cap;
} strvec;

/* clang-format off: it would spread the braces over four lines */
#define STRVEC_INIT \
	{ \
		.v = NULL, .n = 0, .cap = 0 \
	}
/* clang-format on */

/* Takes ownership of s. */
void strvec_push(strvec *sv, char *s);
void strvec_free(strvec *sv);

/* White space as JSON and INI files know it: space, tab, CR, LF. */
bool char_blank(char c);
/* True when s[0..n) is only white space (or empty). */
bool mem_blank(const char *s, size_t n);

/* Allocation that cannot fail from the caller's view: on exhaustion the
 * run ends with its out-of-memory words (lastword.h), the only exit
 * outside main. xnomem is that end, for a library's failed allocation. */
_Noreturn void xnomem(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
