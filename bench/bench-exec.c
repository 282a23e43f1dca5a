/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-exec.c - runs one command and reports what it cost.
 *
 * Usage: bench-exec PROGRAM [ARG]...   (with file descriptor 3 open for writing)
 *
 * Forks, executes PROGRAM (PATH is searched), waits for it and writes
 *   START_NS END_NS UTIME_US STIME_US MAXRSS_KIB EXIT
 * as one line to descriptor 3 (CLOCK_MONOTONIC, around fork and reap; EXIT is
 * the exit status, or 128 + signal). Exits with the command's status.
 *
 * Why not measure from Python directly: a child's ru_maxrss keeps the high
 * water mark of the memory it had before exec, and a child of a Python
 * process (forked or vforked) starts with the interpreter's pages, so a small
 * program would seem to use as much as Python. A child of this small program
 * starts from almost nothing.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-exec PROGRAM [ARG]... (report on fd 3)\n");
		return 125;
	}
	if (fcntl(3, F_SETFD, FD_CLOEXEC) != 0) {
		fprintf(stderr, "bench-exec: descriptor 3 is not open\n");
		return 125;
	}
	long long start = now_ns();
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench-exec: fork");
		return 125;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "bench-exec: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("bench-exec: wait4");
			return 125;
		}
	long long end = now_ns();
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	dprintf(3, "%lld %lld %ld %ld %ld %d\n", start, end,
	        (long)ru.ru_utime.tv_sec * 1000000L + (long)ru.ru_utime.tv_usec,
	        (long)ru.ru_stime.tv_sec * 1000000L + (long)ru.ru_stime.tv_usec, ru.ru_maxrss,
	        code);
	return code;
}
