/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_readfile.c - operator-named files: each wrong kind is named as what
 * it is, and nothing blocks. */
#include "config.h"
#include "readfile.h"
#include "unit.h"

#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/unit-readfile-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static int read_it(const char *path, strbuf *b, readfile_info *info, char *err, size_t errlen)
{
	err[0] = '\0';
	return readfile_small("--some-file", path, 16, b, info, err, errlen);
}

START_TEST(test_regular)
{
	strbuf b = STRBUF_INIT;
	readfile_info info;
	char err[256];
	const char *f = ut_write_file(dir, "ok", "abc\n", 4, 0600);
	ck_assert_int_eq(read_it(f, &b, &info, err, sizeof err), 0);
	ASSERT_STR(strbuf_str(&b), "abc\n");
	ck_assert(!info.group_readable);
	strbuf_free(&b);
	f = ut_write_file(dir, "shared", "abc\n", 4, 0640);
	ck_assert_int_eq(read_it(f, &b, &info, err, sizeof err), 0);
	ck_assert(info.group_readable);
	strbuf_free(&b);
}
END_TEST

START_TEST(test_wrong_kinds)
{
	char fifo[300], err[512];
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	const char *empty = ut_write_file(dir, "empty", "", 0, 0600);
	const char *big = ut_write_file(dir, "big", "0123456789abcdefX", 17, 0600);
	const struct { const char *path, *what; } cases[] = {
		{ dir, "is a directory, not a file" },
		{ fifo, "is a FIFO (named pipe), not a regular file" },
		{ "/dev/null", "is a device, not a regular file" },
		{ empty, "is empty" },
		{ big, "is larger than 16 bytes" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		strbuf b = STRBUF_INIT;
		readfile_info info;
		ck_assert_int_eq(read_it(cases[i].path, &b, &info, err, sizeof err), -1);
		ASSERT_STR(err, fmt("--some-file %s %s", cases[i].path, cases[i].what));
		strbuf_free(&b);
	}
	strbuf b = STRBUF_INIT;
	readfile_info info;
	ck_assert_int_eq(read_it("/nonexistent/x", &b, &info, err, sizeof err), -1);
	ASSERT_STR(err, "cannot open --some-file /nonexistent/x: No such file or directory");
}
END_TEST

/* Root reads every file, so the check runs in a child that has given up
 * root first; its verdict comes back through a pipe. */
START_TEST(test_unreadable)
{
	const char *f = ut_write_file(dir, "locked", "abc\n", 4, 0000);
	ck_assert_int_eq(chmod(dir, 0755), 0);   /* the file itself is what is locked */
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char err[512] = "";
		strbuf b = STRBUF_INIT;
		readfile_info info;
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			snprintf(err, sizeof err, "cannot drop root");
		else if (read_it(f, &b, &info, err, sizeof err) == 0)
			snprintf(err, sizeof err, "read it");
		ssize_t n = write(fds[1], err, strlen(err));
		_exit(n < 0 ? 1 : 0);
	}
	close(fds[1]);
	char got[512];
	ssize_t n = read(fds[0], got, sizeof got - 1);
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	got[n > 0 ? n : 0] = '\0';
	ASSERT_STR(got, fmt("--some-file %s cannot be read: Permission denied", f));
}
END_TEST

static Suite *readfile_suite(void)
{
	Suite *s = suite_create("readfile");
	TCase *tc = tcase_create("readfile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_regular);
	tcase_add_test(tc, test_wrong_kinds);
	tcase_add_test(tc, test_unreadable);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(readfile_suite)
