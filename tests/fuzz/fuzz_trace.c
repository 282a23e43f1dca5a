/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_trace.c - the -vv/-vvv trace must turn any piece libcurl hands over
 * into clean lines that never show a credential, and read nothing past it.
 *
 * Input: byte 0 picks the kind (0 text, 1 headers sent, 2 headers received,
 * by value modulo 3); the rest is the piece, copied into a buffer of its
 * exact size so that AddressSanitizer sees any read past it. Bytes 1.. may
 * also be the "URL" the redactor gets. */
#include "config.h"
#include "fuzz_common.h"
#include "redact.h"
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The credentials of the run, as the options and signing would list them. */
static const char *const secret_list[] = { "tok-S3cr3t-value", "nd-S3cr3t-SecretKey",
	                                   "0123456789abcdef0123456789abcdef" };

static void check_lines(const char *out, size_t n)
{
	size_t where;
	for (const char *line = out; line < out + n;) {
		const char *end = memchr(line, '\n', (size_t)(out + n - line));
		FUZZ_ASSERT(end != NULL, "trace output ends without a newline");
		FUZZ_ASSERT(end - line >= 2 && (line[0] == '*' || line[0] == '>' || line[0] == '<') &&
		                    line[1] == ' ',
		            "a trace line without its '* ', '> ' or '< '");
		const char *why = fuzz_check_text(line, (size_t)(end - line), false, &where);
		FUZZ_ASSERT(why == NULL, "trace line: %s at byte %zu", why, where);
		line = end + 1;
	}
	for (size_t i = 0; i < sizeof secret_list / sizeof secret_list[0]; i++)
		FUZZ_ASSERT(strstr(out, secret_list[i]) == NULL, "secret '%s' in the trace",
		            secret_list[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static req_header headers[] = { { .line = "X-Api-Key: k", .name = "X-Api-Key", .value = "k" } };
	strvec secrets = STRVEC_INIT;
	for (size_t i = 0; i < sizeof secret_list / sizeof secret_list[0]; i++)
		strvec_push(&secrets, xstrdup(secret_list[i]));
	options o = { .token_header = "X-Token", .headers = headers, .n_headers = 1, .verbose = 3 };
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	FUZZ_ASSERT(out != NULL, "open_memstream");
	trace_ctx t = { .o = &o, .secrets = &secrets, .out = out };

	size_t len = size - 1;
	char *piece = malloc(len ? len : 1);
	FUZZ_ASSERT(piece != NULL, "malloc");
	memcpy(piece, data + 1, len);
	trace_piece(&t, (trace_kind)(data[0] % 3), piece, len);
	fclose(out);
	check_lines(buf, n);
	free(buf);

	/* The redactor on the same bytes as a URL (a C string: up to a NUL). */
	char *url = xstrndup(piece, len);
	char *red = trace_redact_url(url);
	FUZZ_ASSERT(strlen(red) >= strlen(url) || strstr(red, REDACTED) != NULL,
	            "redaction shortened the URL without a mark");
	free(red);
	free(url);
	free(piece);
	strvec_free(&secrets);
	return 0;
}
