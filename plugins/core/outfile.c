/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outfile.c - atomic replacement of a file: temporary file, then rename. */
#include "config.h"
#include "outfile.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	strbuf tmp = STRBUF_INIT;
	/* Same directory, so rename() stays within one file system; a
	 * leading dot keeps the textfile collector from reading it early. */
	const char *slash = strrchr(path, '/');
	if (slash)
		strbuf_appendn(&tmp, path, (size_t)(slash - path) + 1);
	strbuf_appendf(&tmp, ".%s.XXXXXX", slash ? slash + 1 : path);

	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write --output-file %s: %s", path, strerror(errno));
		strbuf_free(&tmp);
		return -1;
	}
	/* mkstemp makes it 0600; an exporter running as another user must
	 * read it, as it could a file written by shell redirection. */
	mode_t mask = umask(0);
	umask(mask);
	int rc = fchmod(fd, 0666 & ~mask);
	for (size_t done = 0; rc == 0 && done < len;) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = -1;
			break;
		}
		done += (size_t)n;
	}
	if (rc == 0)
		rc = fsync(fd);
	int saved = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp.data, path) != 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0) {
		unlink(tmp.data);
		snprintf(err, errlen, "cannot write --output-file %s: %s", path, strerror(saved));
	}
	strbuf_free(&tmp);
	return rc;
}
