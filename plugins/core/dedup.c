/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dedup.c - a sort of indexes by key, then one pass over the runs. */
#include "config.h"
#include "dedup.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

static const text_t *sort_keys; /* qsort has no context argument in C11 */

static int compare(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const text_t *x = &sort_keys[i], *y = &sort_keys[j];
	if (!x->ptr || !y->ptr) {
		if (x->ptr != y->ptr)
			return x->ptr ? 1 : -1;
	} else {
		size_t n = x->len < y->len ? x->len : y->len;
		int c = memcmp(x->ptr, y->ptr, n);
		if (c)
			return c;
		if (x->len != y->len)
			return x->len < y->len ? -1 : 1;
	}
	/* Equal keys keep their order: the first of a run is the first. */
	return i < j ? -1 : i > j;
}

void dedup_first(const text_t *keys, size_t n, size_t *first)
{
	size_t *order = xcalloc(n, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_keys = keys;
	qsort(order, n, sizeof *order, compare);
	sort_keys = NULL;
	for (size_t k = 0; k < n;) {
		size_t lead = order[k], m = k;
		const text_t *a = &keys[lead];
		for (; m < n; m++) {
			const text_t *b = &keys[order[m]];
			if ((a->ptr == NULL) != (b->ptr == NULL) ||
			    (a->ptr && (a->len != b->len || memcmp(a->ptr, b->ptr, a->len) != 0)))
				break;
			first[order[m]] = lead;
		}
		k = m;
	}
	free(order);
}
