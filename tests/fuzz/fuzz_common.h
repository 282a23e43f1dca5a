/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_common.h - shared by the fuzz targets and their replay driver.
 *
 * Each fuzz_*.c defines LLVMFuzzerTestOneInput. Built two ways:
 *  - with clang -fsanitize=fuzzer,address,undefined for `make fuzz`;
 *  - with the configured compiler (+ $(SAN_CFLAGS)) and replay.c as main()
 *    for `make check`, which replays the committed corpus and regressions.
 * A violated invariant prints one line to stderr and aborts, which both
 * libFuzzer and the replay driver report as a failure. */
#ifndef PRECHECK_FUZZ_COMMON_H
#define PRECHECK_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: invariant violated: %s: ", __FILE__, __LINE__, \
			        #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* Strict UTF-8 decoder written independently of plugins/sanitize.c:
 * rejects overlong forms, surrogates, code points above U+10FFFF and
 * truncated sequences. Returns the sequence length and sets *cp, or 0. */
static inline size_t fuzz_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned char b0 = s[0];
	if (b0 <= 0x7f) {
		*cp = b0;
		return 1;
	}
	size_t len;
	uint32_t lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
	if (b0 >= 0xc2 && b0 <= 0xdf) {
		len = 2;
	} else if (b0 == 0xe0) {
		len = 3;
		lo = 0xa0;
	} else if (b0 == 0xed) {
		len = 3;
		hi = 0x9f; /* excludes U+D800..U+DFFF */
	} else if ((b0 >= 0xe1 && b0 <= 0xec) || b0 == 0xee || b0 == 0xef) {
		len = 3;
	} else if (b0 == 0xf0) {
		len = 4;
		lo = 0x90;
	} else if (b0 >= 0xf1 && b0 <= 0xf3) {
		len = 4;
	} else if (b0 == 0xf4) {
		len = 4;
		hi = 0x8f;
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	uint32_t v = len == 2   ? (uint32_t)(b0 & 0x1f)
	             : len == 3 ? (uint32_t)(b0 & 0x0f)
	                        : (uint32_t)(b0 & 0x07);
	for (size_t i = 1; i < len; i++)
		v = (v << 6) | (uint32_t)(s[i] & 0x3f);
	*cp = v;
	return len;
}

/* Characters that must never reach a monitoring output line. */
static inline bool fuzz_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029;
}

/* Checks that s[0..n) is valid UTF-8 holding no control character, no
 * line separator and (when no_pipe) no '|'. Returns NULL when clean, else
 * a static description of the first offence with its offset in *where. */
static inline const char *fuzz_check_text(const char *s, size_t n, bool no_pipe, size_t *where)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = fuzz_utf8_next(p + i, n - i, &cp);
		*where = i;
		if (k == 0)
			return "invalid UTF-8";
		if (fuzz_is_control(cp))
			return "control or line-separator character";
		if (no_pipe && cp == '|')
			return "'|'";
		i += k;
	}
	return NULL;
}

/* A small deterministic PRNG seeded from the input, so "random" choices
 * (chunk sizes) are reproducible from the input file alone. */
static inline uint64_t fuzz_hash(const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < size; i++) {
		h ^= data[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static inline uint64_t fuzz_rand(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

#endif
