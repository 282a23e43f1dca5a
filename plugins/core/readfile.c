/* SPDX-License-Identifier: GPL-3.0-or-later */
/* readfile.c - small operator-named files, checked for what they are. */
#include "config.h"
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *not_regular(mode_t m)
{
	if (S_ISDIR(m))
		return "is a directory, not a file";
	if (S_ISFIFO(m))
		return "is a FIFO (named pipe), not a regular file";
	if (S_ISSOCK(m))
		return "is a socket, not a regular file";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "is a device, not a regular file";
	return S_ISREG(m) ? NULL : "is not a regular file";
}

int readfile_small(const char *what, const char *path, size_t max, strbuf *out, readfile_info *info,
                   char *err, size_t errlen)
{
	struct stat st;
	const char *why;
	char buf[4096];

	info->group_readable = false;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot open %s %s: %s", what, path, strerror(errno));
		return -1;
	}
	if ((why = not_regular(st.st_mode)) != NULL) {
		snprintf(err, errlen, "%s %s %s", what, path, why);
		return -1;
	}
	/* O_NONBLOCK: should the file be swapped for a FIFO after stat(),
	 * open() still returns at once. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s %s cannot be read: %s", what, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || (why = not_regular(st.st_mode)) != NULL) {
		snprintf(err, errlen, "%s %s %s", what, path, why ? why : "cannot be examined");
		close(fd);
		return -1;
	}
	info->group_readable = (st.st_mode & (S_IRWXG | S_IRWXO)) != 0;
	size_t total = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s %s cannot be read: %s", what, path,
			         strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		total += (size_t)n;
		if (total > max) {
			snprintf(err, errlen, "%s %s is larger than %zu bytes", what, path, max);
			close(fd);
			return -1;
		}
		strbuf_appendn(out, buf, (size_t)n);
	}
	close(fd);
	if (total == 0) {
		snprintf(err, errlen, "%s %s is empty", what, path);
		return -1;
	}
	return 0;
}
