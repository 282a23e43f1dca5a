/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-server.c - the cheapest HTTP/1.1 server that will do for the
 * benchmark: one thread, one connection at a time, static bodies held in
 * memory with their response head, sent with Content-Length.
 *
 * Usage: bench-server --ports-file FILE [--max-lifetime S] NAME=BODYFILE...
 *
 * Binds 127.0.0.1 on a kernel-chosen port and writes {"http": PORT} to
 * FILE (temp file + rename) once it listens. The first path segment of the
 * request target picks the body: GET /NAME/anything -> BODYFILE of NAME;
 * any other target gets the first body. The benchmark's clients run one
 * after the other, so serving connections in turn is enough, and the
 * server's cost per request stays small and equal for every client.
 * Exits on SIGTERM/SIGINT, or by itself after --max-lifetime (default 900 s).
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

typedef struct {
	const char *name;
	size_t name_len;
	char *response; /* head + body */
	size_t len;
} body;

static void die(const char *what)
{
	fprintf(stderr, "bench-server: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void load(body *b, const char *spec)
{
	const char *eq = strchr(spec, '=');
	if (!eq || eq == spec) {
		fprintf(stderr, "bench-server: expected NAME=FILE, got '%s'\n", spec);
		exit(2);
	}
	b->name = spec;
	b->name_len = (size_t)(eq - spec);
	FILE *f = fopen(eq + 1, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0)
		die(eq + 1);
	char head[160];
	int hl = snprintf(head, sizeof head,
	                  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	                  "Content-Length: %lld\r\n\r\n",
	                  (long long)st.st_size);
	b->len = (size_t)hl + (size_t)st.st_size;
	b->response = malloc(b->len);
	if (!b->response)
		die("malloc");
	memcpy(b->response, head, (size_t)hl);
	if (fread(b->response + hl, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		die(eq + 1);
	fclose(f);
}

static const body *pick(const body *bodies, size_t n, const char *req, size_t len)
{
	/* "GET /NAME/..." or "GET /NAME?..." */
	const char *sp = memchr(req, ' ', len);
	if (sp && (size_t)(sp - req) + 2 < len && sp[1] == '/') {
		const char *seg = sp + 2, *end = req + len;
		size_t sl = 0;
		while (seg + sl < end && seg[sl] != '/' && seg[sl] != '?' && seg[sl] != ' ')
			sl++;
		for (size_t i = 0; i < n; i++)
			if (bodies[i].name_len == sl && memcmp(bodies[i].name, seg, sl) == 0)
				return &bodies[i];
	}
	return &bodies[0];
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void serve(int fd, const body *bodies, size_t n)
{
	char buf[16384];
	size_t have = 0;

	for (;;) {
		char *end;
		buf[have] = '\0';
		while ((end = strstr(buf, "\r\n\r\n")) == NULL) {
			if (have + 1 >= sizeof buf)
				return;
			ssize_t r = recv(fd, buf + have, sizeof buf - 1 - have, 0);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return;
			have += (size_t)r;
			buf[have] = '\0';
		}
		size_t used = (size_t)(end - buf) + 4;
		const body *b = pick(bodies, n, buf, used);
		if (send_all(fd, b->response, b->len) != 0)
			return;
		/* Keep-alive: the next request may already be here. */
		memmove(buf, buf + used, have - used);
		have -= used;
	}
}

int main(int argc, char **argv)
{
	const char *ports_file = NULL;
	double lifetime = 900;
	body *bodies = calloc((size_t)argc, sizeof *bodies);
	size_t n = 0;

	if (!bodies)
		die("calloc");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ports-file") == 0 && i + 1 < argc)
			ports_file = argv[++i];
		else if (strcmp(argv[i], "--max-lifetime") == 0 && i + 1 < argc)
			lifetime = atof(argv[++i]);
		else
			load(&bodies[n++], argv[i]);
	}
	if (!ports_file || n == 0) {
		fprintf(stderr,
		        "usage: bench-server --ports-file FILE [--max-lifetime S] NAME=FILE...\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);

	int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 64) != 0 ||
	    getsockname(ls, (struct sockaddr *)&sa, &sl) != 0)
		die("bind/listen");

	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", ports_file, (long)getpid());
	FILE *pf = fopen(tmp, "w");
	if (!pf)
		die(tmp);
	fprintf(pf, "{\"http\": %d}\n", ntohs(sa.sin_port));
	if (fclose(pf) != 0 || rename(tmp, ports_file) != 0)
		die(ports_file);

	/* SIGALRM's default action ends the process: the lifetime backstop. */
	struct itimerval it;
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = (time_t)lifetime;
	setitimer(ITIMER_REAL, &it, NULL);

	for (;;) {
		int fd = accept(ls, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		/* A client that stalls must not hold up the next one for long. */
		struct timeval tv = { 5, 0 };
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		serve(fd, bodies, n);
		close(fd);
	}
}
