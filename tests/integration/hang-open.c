/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hang-open.c - LD_PRELOAD shim for the integration tests: stat(), open(),
 * fopen() and fopen64() of the one path named in $PRECHECK_TEST_HANG_PATH
 * never return, as on a hung network mount. Everything else goes to the C library.
 * Test code only; never installed. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void hang_if_named(const char *path)
{
	const char *hang = getenv("PRECHECK_TEST_HANG_PATH");
	if (hang && path && strcmp(hang, path) == 0)
		for (;;)
			pause(); /* only a signal handler that ends the process gets out */
}

#define REAL(name) \
	static __typeof__(name) *real; \
	if (!real) \
	*(void **)&real = dlsym(RTLD_NEXT, #name)

int stat(const char *path, struct stat *st)
{
	REAL(stat);
	hang_if_named(path);
	return real(path, st);
}

int open(const char *path, int flags, ...)
{
	REAL(open);
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	hang_if_named(path);
	return real(path, flags, mode);
}

FILE *fopen(const char *path, const char *mode)
{
	REAL(fopen);
	hang_if_named(path);
	return real(path, mode);
}

/* libcrypto opens certificate files with fopen64 (large-file builds). */
FILE *fopen64(const char *path, const char *mode)
{
	REAL(fopen64);
	hang_if_named(path);
	return real(path, mode);
}
