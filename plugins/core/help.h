/* SPDX-License-Identifier: GPL-3.0-or-later */
/* help.h - the --help text of the options both plugins share, in sections
 * a plugin's own help puts together with its own. */
#ifndef CHECK_HELP_H
#define CHECK_HELP_H

/* "PROGNAME VERSION (libcurl X, json-c Y, OpenSSL Z)", for --version and
 * the head of --help. */
void help_version(const char *progname);
void help_general(const char *progname);
/* -H, -p and -S, the lines every plugin's target section shares. */
void help_host(void);
void help_target(const char *default_path);
void help_auth(void);
void help_transport(const char *progname);
/* --map (builtin: the plugin's table in words) and --error-state. */
void help_judgement(const char *builtin);
/* -v and the output options; noun: "item", "subtask", "task"; service:
 * the Checkmk service name; checkmk: what the Checkmk output is. */
void help_output(const char *noun, const char *service, const char *checkmk);
void help_exit_codes(void);

#endif
