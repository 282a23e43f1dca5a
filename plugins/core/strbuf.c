/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strbuf.c - growable strings and checked allocation. */
#include "config.h"
#include "strbuf.h"
#include "lastword.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xnomem(void)
{
	lastword_say(LASTWORD_NOMEM);
}

#define out_of_memory xnomem

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory();
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

static void reserve(strbuf *b, size_t extra)
{
	if (extra >= (size_t)-1 - b->len - 1)
		out_of_memory();
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void strbuf_appendn(strbuf *b, const char *s, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void strbuf_append(strbuf *b, const char *s)
{
	strbuf_appendn(b, s, strlen(s));
}

void strbuf_appendc(strbuf *b, char c)
{
	strbuf_appendn(b, &c, 1);
}

void strbuf_appendf(strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void strbuf_truncate(strbuf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

char *strbuf_detach(strbuf *b)
{
	char *s = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void strbuf_free(strbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *strbuf_str(const strbuf *b)
{
	return b->data ? b->data : "";
}

void strvec_push(strvec *sv, char *s)
{
	if (sv->n + 1 >= sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_free(strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

bool char_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool mem_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!char_blank(s[i]))
			return false;
	return true;
}
