/* SPDX-License-Identifier: GPL-3.0-or-later */
/* watchdog.h - the guarantee that the process ends soon after its budget,
 * even if a library call never returns. Owns SIGALRM. */
#ifndef CHECK_WATCHDOG_H
#define CHECK_WATCHDOG_H

/* After seconds, the run ends with its timeout words (lastword.h). */
void watchdog_arm(double seconds);
void watchdog_disarm(void);

#endif
