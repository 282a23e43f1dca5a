/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lastword.c - the way out when nothing may be allocated or formatted any
 * more: only write(), open(), fsync(), rename() and _exit(), all of them
 * async-signal-safe, on texts and paths prepared beforehand. */
#include "config.h"
#include "lastword.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Until a plugin sets its own (rendered in its format), plain words: a
 * run that ends before that must still not look like OK. */
#define TIMEOUT_WORDS "UNKNOWN - time budget spent\n"
#define NOMEM_WORDS "UNKNOWN - out of memory\n"

static struct {
	const char *volatile text;
	volatile size_t len;
	volatile int code;
} words[LASTWORD_KINDS] = {
	[LASTWORD_TIMEOUT] = { .text = TIMEOUT_WORDS, .len = sizeof TIMEOUT_WORDS - 1, .code = 3 },
	[LASTWORD_NOMEM] = { .text = NOMEM_WORDS, .len = sizeof NOMEM_WORDS - 1, .code = 3 },
};

/* The output file and its temporary twin, fixed before any alarm. */
static char path[PATH_MAX], tmp[PATH_MAX];
static volatile int have_path;

int lastword_target(const char *output_file)
{
	have_path = 0;
	if (!output_file)
		return 0;
	const char *slash = strrchr(output_file, '/');
	size_t dir = slash ? (size_t)(slash - output_file) + 1 : 0;
	/* A leading dot, as outfile.c's own temporary files: the textfile
	 * collector reads only *.prom. The pid keeps two runs apart. */
	int n = snprintf(tmp, sizeof tmp, "%.*s.%s.%ld.last", (int)dir, output_file,
	                 output_file + dir, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp || strlen(output_file) >= sizeof path)
		return -1;
	memcpy(path, output_file, strlen(output_file) + 1);
	have_path = 1;
	return 0;
}

void lastword_set(lastword_kind kind, const char *text, int code)
{
	/* Length first as 0: an alarm between the two stores writes nothing
	 * rather than half of the change. */
	words[kind].len = 0;
	words[kind].text = text;
	words[kind].code = code;
	words[kind].len = text ? strlen(text) : 0;
}

static int write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The words as the output file, whole or not at all. */
static int replace_file(const char *s, size_t len)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, s, len) == 0 && fsync(fd) == 0 ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) == 0)
		return 0;
	unlink(tmp);
	return -1;
}

_Noreturn void lastword_say(lastword_kind kind)
{
	const char *s = words[kind].text;
	size_t len = words[kind].len;
	/* A file that cannot be replaced leaves its old content; the words
	 * then reach the monitoring core through standard output at least. */
	if (s && !(have_path && replace_file(s, len) == 0))
		(void)write_all(STDOUT_FILENO, s, len);
	_exit(words[kind].code);
}
