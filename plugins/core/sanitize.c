/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sanitize.c - UTF-8 validation, control and '|' neutralisation, truncation. */
#include "config.h"
#include "sanitize.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its length
 * and sets *cp, or returns 0 for an invalid, overlong, surrogate or
 * truncated sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need;
}

static bool is_separator(uint32_t cp)
{
	return cp < 0x20 || cp == ' ' || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029;
}

/* line: the one-line rules (separators collapsed, '|' replaced); without
 * it only invalid UTF-8 is replaced. */
static void sanitize_core(strbuf *out, const char *s, size_t len, size_t max_bytes, bool line)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len;
	/* The ellipsis must fit inside the budget. */
	size_t budget = max_bytes ? (max_bytes > 3 ? max_bytes - 3 : 0) : (size_t)-1;
	size_t last_fit = start; /* output length of the longest prefix <= budget */
	bool pending_space = false;
	bool truncated = false;

	if (!s)
		return;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		const char *rep = NULL;
		size_t rep_len;

		if (n == 0) {
			rep = SANITIZE_BAD;
			n = 1;
		} else if (line && is_separator(cp)) {
			pending_space = out->len > start;
			i += n;
			continue;
		} else if (line && cp == '|') {
			rep = SANITIZE_PIPE;
		} else if (!line && (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))) {
			/* Encoders escape C0 controls but pass DEL and C1 through. */
			rep = " ";
		}
		if (pending_space) {
			strbuf_appendc(out, ' ');
			pending_space = false;
		}
		if (rep) {
			rep_len = strlen(rep);
			strbuf_appendn(out, rep, rep_len);
		} else {
			strbuf_appendn(out, s + i, n);
		}
		i += n;
		if (out->len - start <= budget) {
			last_fit = out->len;
		} else if (max_bytes && out->len - start > max_bytes) {
			truncated = true;
			break;
		}
	}
	/* Only now do we know whether the whole text fits without cutting. */
	if (max_bytes && (truncated || out->len - start > max_bytes)) {
		strbuf_truncate(out, last_fit);
		while (out->len > start && out->data[out->len - 1] == ' ')
			strbuf_truncate(out, out->len - 1);
		if (max_bytes >= 3)
			strbuf_append(out, SANITIZE_MORE);
	}
}

void sanitize_append(strbuf *out, const char *s, size_t len, size_t max_bytes)
{
	sanitize_core(out, s, len, max_bytes, true);
}

void sanitize_utf8_append(strbuf *out, const char *s, size_t len, size_t max_bytes)
{
	sanitize_core(out, s, len, max_bytes, false);
}

char *sanitize_dup(const char *s, size_t len, size_t max_bytes)
{
	strbuf b = STRBUF_INIT;
	sanitize_append(&b, s, len, max_bytes);
	return strbuf_detach(&b);
}
