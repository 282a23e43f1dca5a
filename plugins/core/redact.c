/* SPDX-License-Identifier: GPL-3.0-or-later */
/* redact.c - credential values replaced wherever text leaves the process. */
#include "config.h"
#include "redact.h"

#include <stdlib.h>
#include <string.h>

bool redact_append(strbuf *dst, const char *s, size_t len, const char *const *secrets,
                   size_t n_secrets)
{
	bool changed = false;
	size_t i = 0, start = 0;

	if (!n_secrets)
		return false;
	size_t *lens = xcalloc(n_secrets, sizeof *lens);
	for (size_t k = 0; k < n_secrets; k++)
		lens[k] = strlen(secrets[k]);
	while (i < len) {
		size_t hit = 0;
		for (size_t k = 0; k < n_secrets; k++) {
			size_t n = lens[k];
			if (n >= REDACT_MIN_LEN && n > hit && n <= len - i &&
			    memcmp(s + i, secrets[k], n) == 0)
				hit = n;
		}
		if (!hit) {
			i++;
			continue;
		}
		strbuf_appendn(dst, s + start, i - start);
		strbuf_append(dst, REDACTED);
		i += hit;
		start = i;
		changed = true;
	}
	if (changed)
		strbuf_appendn(dst, s + start, len - start);
	free(lens);
	return changed;
}
