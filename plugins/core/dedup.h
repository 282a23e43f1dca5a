/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dedup.h - telling equal keys apart from distinct ones in one pass that
 * stays fast for a hostile answer's ten thousand of them. */
#ifndef CHECK_DEDUP_H
#define CHECK_DEDUP_H

#include <stddef.h>

#include "envelope.h"

/* For each of the n keys, the index of the first key equal to it byte for
 * byte (its own index when it is the first); absent keys (ptr NULL) are
 * equal to each other. O(n log n). */
void dedup_first(const text_t *keys, size_t n, size_t *first);

#endif
