/* SPDX-License-Identifier: GPL-3.0-or-later */
/* watchdog.c - SIGALRM backstop behind libcurl's own timeouts. */
#include "config.h"
#include "watchdog.h"
#include "lastword.h"

#include <signal.h>
#include <string.h>
#include <sys/time.h>

static void on_alarm(int sig)
{
	(void)sig;
	lastword_say(LASTWORD_TIMEOUT);
}

void watchdog_arm(double seconds)
{
	struct sigaction sa;
	struct itimerval it;

	watchdog_disarm();
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
