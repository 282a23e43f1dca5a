/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sign.h - NineData OpenAPI AccessKey signing: timestamp, string to sign,
 * SHA-256 signature (libcrypto). Owns the signing rules of authentication.md. */
#ifndef CHECK_SIGN_H
#define CHECK_SIGN_H

#include <stddef.h>
#include <time.h>

#define SIGN_TIMESTAMP_LEN 20 /* YYYY-MM-DDTHH:MM:SSZ */
#define SIGN_HEX_LEN 64       /* lower-case hex SHA-256 */
/* How far the service lets a timestamp stray from its own clock. */
#define SIGN_CLOCK_TOLERANCE 600

#define SIGN_HEADER_ID "access-key-id"
#define SIGN_HEADER_TIMESTAMP "timestamp"
#define SIGN_HEADER_SIGNATURE "signature"

typedef struct {
	char timestamp[SIGN_TIMESTAMP_LEN + 1];
	char signature[SIGN_HEX_LEN + 1];
} sign_headers;

/* Formats t (UTC) as the timestamp header wants it. Returns 0 or -1. */
int sign_timestamp(time_t t, char out[SIGN_TIMESTAMP_LEN + 1]);

/* Signs one request: path is the API path (no prefix, no query), t the
 * moment of the attempt. The header and the signed string share the same
 * timestamp bytes. Returns 0, or -1 when libcrypto fails. */
int sign_request(const char *path, const char *secret, time_t t, sign_headers *out);

/* The string that was signed, with the secret shown as <secret>, for -vv. */
char *sign_string_shown(const char *path, const char *timestamp);

/* The path to sign for a request path: without the base URL's prefix
 * (e.g. "/nd" of https://gw/nd) when it starts with it. */
const char *sign_path(const char *request_path, const char *prefix);

/* For --version: "OpenSSL 3.0.17 1 Jul 2025". */
const char *sign_library_version(void);

#endif
