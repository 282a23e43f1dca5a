/* SPDX-License-Identifier: GPL-3.0-or-later */
/* clock.h - the monotonic clock every time budget is counted on, and
 * waiting on it. */
#ifndef CHECK_CLOCK_H
#define CHECK_CLOCK_H

/* Seconds on the monotonic clock. */
double clock_now(void);

/* Sleeps for seconds, signals notwithstanding. */
void clock_sleep(double seconds);

#endif
