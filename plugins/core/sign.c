/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sign.c - NineData AccessKey signatures, hashed by libcrypto's EVP. */
#include "config.h"
#include "sign.h"
#include "strbuf.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

int sign_timestamp(time_t t, char out[SIGN_TIMESTAMP_LEN + 1])
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) ||
	    strftime(out, SIGN_TIMESTAMP_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm) != SIGN_TIMESTAMP_LEN)
		return -1;
	return 0;
}

int sign_request(const char *path, const char *secret, time_t t, sign_headers *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	strbuf s = STRBUF_INIT;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (sign_timestamp(t, out->timestamp))
		return -1;
	strbuf_appendf(&s, "%s/%s&%s", path, secret, out->timestamp);
	if (EVP_Digest(s.data, s.len, md, &md_len, EVP_sha256(), NULL) == 1 && md_len == 32) {
		static const char hex[] = "0123456789abcdef";
		for (unsigned int i = 0; i < md_len; i++) {
			out->signature[2 * i] = hex[md[i] >> 4];
			out->signature[2 * i + 1] = hex[md[i] & 15];
		}
		out->signature[SIGN_HEX_LEN] = '\0';
		rc = 0;
	}
	strbuf_free(&s);
	return rc;
}

char *sign_string_shown(const char *path, const char *timestamp)
{
	strbuf s = STRBUF_INIT;
	strbuf_appendf(&s, "%s/<secret>&%s", path, timestamp);
	return strbuf_detach(&s);
}

const char *sign_path(const char *request_path, const char *prefix)
{
	size_t n = prefix ? strlen(prefix) : 0;
	if (n && strncmp(request_path, prefix, n) == 0 && request_path[n] == '/')
		return request_path + n;
	return request_path;
}

const char *sign_library_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
