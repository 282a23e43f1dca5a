/* SPDX-License-Identifier: GPL-3.0-or-later */
/* watchdog.c - SIGALRM backstop behind libcurl's own timeouts. */
#include "config.h"
#include "watchdog.h"

#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static const char *volatile wd_message;
static volatile size_t wd_length;
static volatile int wd_code;

static void on_alarm(int sig)
{
	(void)sig;
	size_t off = 0;
	while (off < wd_length) {
		ssize_t n = write(STDOUT_FILENO, wd_message + off, wd_length - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	_exit(wd_code);
}

void watchdog_arm(double seconds, const char *message, int exit_code)
{
	struct sigaction sa;
	struct itimerval it;

	/* Re-arming replaces the text: no alarm may see half of the change. */
	watchdog_disarm();
	wd_message = message;
	wd_length = strlen(message);
	wd_code = exit_code;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = (time_t)seconds;
	it.it_value.tv_usec = (suseconds_t)((seconds - (double)it.it_value.tv_sec) * 1e6);
	if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
		it.it_value.tv_usec = 1;
	setitimer(ITIMER_REAL, &it, NULL);
}

void watchdog_disarm(void)
{
	struct itimerval it;
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
}
