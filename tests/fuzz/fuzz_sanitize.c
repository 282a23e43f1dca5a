/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_sanitize.c - sanitize_append must turn any bytes into one safe line.
 *
 * Input: byte 0 chooses max_bytes. If its top bit is clear, max_bytes is
 * byte0 (0..127) and the text starts at byte 1; otherwise max_bytes is
 * ((byte0 & 0x7f) << 8 | byte1) (0..32767) and the text starts at byte 2.
 * max_bytes 0 means no limit. */
#include "config.h"
#include "fuzz_common.h"
#include "sanitize.h"
#include "strbuf.h"

#include <string.h>

#define PREFIX "PRECHECK OK - x: "
#define ELLIPSIS_LEN (sizeof SANITIZE_MORE - 1)

/* Text that sanitizing must leave exactly as it is. */
static bool already_clean(const char *s, size_t n)
{
	size_t where;
	if (fuzz_check_text(s, n, true, &where))
		return false;
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return false;
	for (size_t i = 1; i < n; i++)
		if (s[i] == ' ' && s[i - 1] == ' ')
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t max_bytes = data[0] & 0x7f, skip = 1;
	if ((data[0] & 0x80) && size >= 2) {
		max_bytes = (size_t)(data[0] & 0x7f) << 8 | data[1];
		skip = 2;
	}
	const char *text = (const char *)data + skip;
	size_t len = size - skip;

	/* Appending after existing content, as render does. */
	strbuf out = STRBUF_INIT;
	strbuf_append(&out, PREFIX);
	size_t start = out.len;
	sanitize_append(&out, text, len, max_bytes);
	FUZZ_ASSERT(out.data && memcmp(out.data, PREFIX, start) == 0, "prefix changed");
	FUZZ_ASSERT(strlen(out.data) >= start, "NUL inside the output");
	const char *got = out.data + start;
	size_t got_len = out.len - start;
	FUZZ_ASSERT(strlen(got) == got_len, "NUL inside the output (len %zu, strlen %zu)", got_len,
	            strlen(got));

	size_t where;
	const char *why = fuzz_check_text(got, got_len, true, &where);
	FUZZ_ASSERT(why == NULL, "%s at byte %zu of the output", why, where);
	if (max_bytes)
		FUZZ_ASSERT(got_len <= max_bytes, "output %zu bytes > max_bytes %zu", got_len,
		            max_bytes);
	FUZZ_ASSERT(got_len == 0 || (got[0] != ' ' && got[got_len - 1] != ' '),
	            "leading or trailing space");
	FUZZ_ASSERT(strstr(got, "  ") == NULL, "two spaces in a row");

	/* Deterministic, and sanitize_dup agrees with sanitize_append. */
	char *again = sanitize_dup(text, len, max_bytes);
	FUZZ_ASSERT(strlen(again) == got_len && memcmp(again, got, got_len) == 0,
	            "sanitize_dup differs from sanitize_append");
	free(again);

	/* With a limit, the result is the unlimited one, or a prefix of it
	 * followed by the ellipsis. */
	char *full = sanitize_dup(text, len, 0);
	size_t full_len = strlen(full);
	if (max_bytes == 0 || full_len <= max_bytes) {
		FUZZ_ASSERT(got_len == full_len && memcmp(got, full, full_len) == 0,
		            "limited output differs although the text fits (%zu <= %zu)", full_len,
		            max_bytes);
	} else if (max_bytes >= ELLIPSIS_LEN) {
		FUZZ_ASSERT(got_len >= ELLIPSIS_LEN && memcmp(got + got_len - ELLIPSIS_LEN,
		                                              SANITIZE_MORE, ELLIPSIS_LEN) == 0,
		            "cut output does not end with the ellipsis");
		size_t kept = got_len - ELLIPSIS_LEN;
		FUZZ_ASSERT(kept <= full_len && memcmp(got, full, kept) == 0,
		            "cut output is not a prefix of the full output");
	} else {
		FUZZ_ASSERT(got_len == 0, "max_bytes %zu < ellipsis but output is %zu bytes",
		            max_bytes, got_len);
	}

	/* Clean text passes unchanged. */
	if (already_clean(text, len) && (max_bytes == 0 || len <= max_bytes))
		FUZZ_ASSERT(got_len == len && memcmp(got, text, len) == 0,
		            "clean text was changed");

	/* Idempotent: sanitized text is clean text. */
	char *twice = sanitize_dup(full, full_len, 0);
	FUZZ_ASSERT(strcmp(twice, full) == 0, "sanitizing twice changes the text");
	free(twice);
	free(full);

	strbuf_free(&out);
	return 0;
}
