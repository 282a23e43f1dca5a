/* SPDX-License-Identifier: GPL-3.0-or-later */
/* watchdog.h - the guarantee that the process ends soon after its budget,
 * even if a library call never returns. Owns: SIGALRM. */
#ifndef PRECHECK_WATCHDOG_H
#define PRECHECK_WATCHDOG_H

/* After seconds, writes message (rendered in advance: nothing may be
 * formatted inside a signal handler) to stdout and ends with exit_code.
 * The message must stay valid until watchdog_disarm. */
void watchdog_arm(double seconds, const char *message, int exit_code);
void watchdog_disarm(void);

#endif
