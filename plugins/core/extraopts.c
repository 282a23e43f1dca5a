/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extraopts.c - INI parsing and argv expansion for --extra-opts. */
#include "config.h"
#include "extraopts.h"
#include "readfile.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Largest options file read; real ones are a few hundred bytes. */
#define INI_MAX_BYTES (1024 * 1024)


static void trim(const char **s, const char **e)
{
	while (*s < *e && char_blank(**s))
		(*s)++;
	while (*e > *s && char_blank((*e)[-1]))
		(*e)--;
}

int ini_section_args(const char *text, size_t len, const char *section, strvec *out, char *err,
                     size_t errlen)
{
	const char *p = text, *end = text + len;
	bool in_section = false, found = false;
	size_t lineno = 0;

	/* Windows editors start UTF-8 files with a byte order mark; it is not
	 * part of the first line. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p += 3;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *e = nl ? nl : end;
		p = nl ? nl + 1 : end;
		lineno++;
		trim(&s, &e);
		if (s == e || *s == '#' || *s == ';')
			continue;
		if (memchr(s, '\0', (size_t)(e - s))) {
			snprintf(err, errlen, "line %zu: NUL byte", lineno);
			return -1;
		}
		if (*s == '[') {
			const char *close = memchr(s, ']', (size_t)(e - s));
			if (!close) {
				snprintf(err, errlen, "line %zu: section header without ']'",
				         lineno);
				return -1;
			}
			const char *ns = s + 1, *ne = close;
			trim(&ns, &ne);
			in_section = strlen(section) == (size_t)(ne - ns) &&
			             memcmp(ns, section, (size_t)(ne - ns)) == 0;
			found = found || in_section;
			continue;
		}
		if (!in_section)
			continue;

		const char *eq = memchr(s, '=', (size_t)(e - s));
		const char *ks = s, *ke = eq ? eq : e;
		trim(&ks, &ke);
		if (ks == ke) {
			snprintf(err, errlen, "line %zu: option name missing", lineno);
			return -1;
		}
		strbuf arg = STRBUF_INIT;
		strbuf_append(&arg, "--");
		strbuf_appendn(&arg, ks, (size_t)(ke - ks));
		if (eq) {
			const char *vs = eq + 1, *ve = e;
			trim(&vs, &ve);
			/* "value" keeps leading or trailing blanks that trimming would eat. */
			if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
				vs++;
				ve--;
			}
			strbuf_appendc(&arg, '=');
			strbuf_appendn(&arg, vs, (size_t)(ve - vs));
		}
		strvec_push(out, strbuf_detach(&arg));
	}
	return found ? 0 : 1;
}

const char *extraopts_default_file(void)
{
	static const char *const paths[] = {
		"/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
		"/usr/local/etc/monitoring-plugins.ini",
		"/etc/monitoring-plugins/monitoring-plugins.ini",
		"/etc/monitoring-plugins.ini",
		/* older names that monitoring-plugins still reads */
		"/etc/nagios/plugins.ini",
		"/usr/local/nagios/etc/plugins.ini",
		"/usr/local/etc/nagios/plugins.ini",
		"/etc/opt/nagios/plugins.ini",
		"/etc/nagios-plugins.ini",
		"/usr/local/etc/nagios-plugins.ini",
		"/etc/opt/nagios-plugins.ini",
	};
	const char *env = getenv("MP_CONFIG_FILE");
	if (env && *env)
		return env;
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	return NULL;
}

/* One --extra-opts value: "", "section", "@file" or "section@file". */
static int load_spec(const char *spec, const char *default_section, strvec *args,
                     strvec *insecure_files, char *err, size_t errlen)
{
	const char *at = strchr(spec, '@');
	char *section = at ? xstrndup(spec, (size_t)(at - spec)) : xstrdup(spec);
	const char *path = at ? at + 1 : extraopts_default_file();
	strbuf text = STRBUF_INIT;
	int rc = -1;

	if (!*section) {
		free(section);
		section = xstrdup(default_section);
	}
	if (!path || !*path) {
		snprintf(err, errlen,
		         "--extra-opts: no options file found (set MP_CONFIG_FILE or use @file)");
		goto out;
	}
	readfile_info info;
	if (readfile_small("options file", path, INI_MAX_BYTES, &text, &info, err, errlen))
		goto out;
	if (info.group_readable)
		strvec_push(insecure_files, xstrdup(path));
	char why[160];
	int found = ini_section_args(strbuf_str(&text), text.len, section, args, why, sizeof why);
	if (found < 0)
		snprintf(err, errlen, "options file %s: %s", path, why);
	else if (found > 0)
		snprintf(err, errlen, "section [%s] not found in options file %s", section, path);
	else
		rc = 0;
out:
	strbuf_free(&text);
	free(section);
	return rc;
}

int extraopts_expand(int argc, char **argv, const char *default_section, strvec *new_argv,
                     strvec *insecure_files, char *err, size_t errlen)
{
	strvec from_files = STRVEC_INIT, rest = STRVEC_INIT;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			for (; i < argc; i++)
				strvec_push(&rest, xstrdup(argv[i]));
			break;
		}
		if (strncmp(a, "--extra-opts", 12) == 0 && (a[12] == '\0' || a[12] == '=')) {
			if (load_spec(a[12] ? a + 13 : "", default_section, &from_files,
			              insecure_files, err, errlen)) {
				rc = -1;
				break;
			}
			continue;
		}
		strvec_push(&rest, xstrdup(a));
	}
	if (rc == 0) {
		strvec_push(new_argv, xstrdup(argc > 0 ? argv[0] : default_section));
		for (size_t i = 0; i < from_files.n; i++) {
			strvec_push(new_argv, from_files.v[i]);
			from_files.v[i] = NULL;
		}
		for (size_t i = 0; i < rest.n; i++) {
			strvec_push(new_argv, rest.v[i]);
			rest.v[i] = NULL;
		}
	}
	strvec_free(&from_files);
	strvec_free(&rest);
	return rc;
}
