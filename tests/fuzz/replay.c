/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay.c - runs a fuzz target's LLVMFuzzerTestOneInput over files, without
 * libFuzzer, so `make check` replays the committed corpus and regressions
 * with the configured compiler and sanitizers. Output is TAP, one line per
 * input file.
 *
 * Usage: replay_<name> [FILE|DIR]...
 * Without arguments: $srcdir/corpus/fuzz_<name> and
 * $srcdir/regressions/fuzz_<name> ($srcdir from the environment, as
 * automake's test harness sets it, else ".").
 * Each input runs in a child process, so one crash, leak report or hang
 * (FUZZ_REPLAY_TIMEOUT seconds, default 60) fails that line only. With
 * FUZZ_REPLAY_NOFORK=1 inputs run in this process (for a debugger or
 * valgrind), and the first failure ends the run. */
#include "config.h"
#include "fuzz_common.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
	char **v;
	size_t n, cap;
} list;

static void list_add(list *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v) {
			perror("realloc");
			exit(99);
		}
	}
	l->v[l->n++] = s;
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (!s) {
		perror("malloc");
		exit(99);
	}
	snprintf(s, n, "%s/%s", a, b);
	return s;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files of dir, sorted; dot files and README* are not inputs. */
static int add_dir(list *files, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	list found = { NULL, 0, 0 };

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strncmp(e->d_name, "README", 6) == 0)
			continue;
		char *path = join(dir, e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			list_add(&found, path);
		else
			free(path);
	}
	closedir(d);
	if (found.n)
		qsort(found.v, found.n, sizeof *found.v, by_name);
	for (size_t i = 0; i < found.n; i++)
		list_add(files, found.v[i]);
	free(found.v);
	return 0;
}

static int read_all(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0, k;
	uint8_t *buf = malloc(cap);

	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		return -1;
	}
	while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
			cap *= 2;
		}
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	/* An exact-size copy, so ASan catches a read one past the input. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	*data = exact;
	*size = n;
	return 0;
}

static int run_one(const char *path)
{
	uint8_t *data;
	size_t size;
	if (read_all(path, &data, &size)) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		return 2;
	}
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

/* "not ok" reason, or NULL when the child passed. */
static const char *run_forked(const char *path, unsigned timeout, char *why, size_t whylen)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return why;
	}
	if (pid == 0) {
		alarm(timeout);
		exit(run_one(path));
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(why, whylen, "waitpid: %s", strerror(errno));
			return why;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return NULL;
	if (WIFSIGNALED(status))
		snprintf(why, whylen, "%s",
		         WTERMSIG(status) == SIGALRM ? "timeout" : strsignal(WTERMSIG(status)));
	else
		snprintf(why, whylen, "exit status %d", WEXITSTATUS(status));
	return why;
}

static const char *target_name(const char *argv0)
{
	const char *base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	if (strncmp(base, "lt-", 3) == 0)
		base += 3;
	if (strncmp(base, "replay_", 7) == 0)
		base += 7;
	return base;
}

int main(int argc, char **argv)
{
	list files = { NULL, 0, 0 };
	list missing = { NULL, 0, 0 };
	const char *t = getenv("FUZZ_REPLAY_TIMEOUT");
	unsigned timeout = t && atoi(t) > 0 ? (unsigned)atoi(t) : 60;
	bool nofork = getenv("FUZZ_REPLAY_NOFORK") && *getenv("FUZZ_REPLAY_NOFORK") == '1';

	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			struct stat st;
			if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
				add_dir(&files, argv[i]);
			else if (stat(argv[i], &st) == 0)
				list_add(&files, strdup(argv[i]));
			else
				list_add(&missing, strdup(argv[i]));
		}
	} else {
		const char *srcdir = getenv("srcdir");
		char name[128], *dir;
		snprintf(name, sizeof name, "corpus/fuzz_%s", target_name(argv[0]));
		dir = join(srcdir && *srcdir ? srcdir : ".", name);
		if (add_dir(&files, dir))
			list_add(&missing, dir);
		else
			free(dir);
		snprintf(name, sizeof name, "regressions/fuzz_%s", target_name(argv[0]));
		dir = join(srcdir && *srcdir ? srcdir : ".", name);
		add_dir(&files, dir); /* may not exist yet */
		free(dir);
	}

	size_t total = files.n + missing.n, failed = 0;
	if (total == 0) {
		printf("1..0 # SKIP no inputs\n");
		return 0;
	}
	printf("1..%zu\n", total);
	size_t k = 0;
	for (size_t i = 0; i < missing.n; i++) {
		printf("not ok %zu - %s: no such file or directory\n", ++k, missing.v[i]);
		failed++;
		free(missing.v[i]);
	}
	for (size_t i = 0; i < files.n; i++) {
		char why[128];
		const char *bad;
		if (nofork)
			bad = run_one(files.v[i]) ? "cannot read" : NULL;
		else
			bad = run_forked(files.v[i], timeout, why, sizeof why);
		if (bad) {
			printf("not ok %zu - %s: %s\n", ++k, files.v[i], bad);
			failed++;
		} else {
			printf("ok %zu - %s\n", ++k, files.v[i]);
		}
		fflush(stdout);
		free(files.v[i]);
	}
	free(files.v);
	free(missing.v);
	return failed ? 1 : 0;
}
