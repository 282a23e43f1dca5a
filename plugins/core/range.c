/* SPDX-License-Identifier: GPL-3.0-or-later */
/* range.c - threshold ranges as the Monitoring Plugins guidelines define
 * them, in seconds, with units for the numbers. */
#include "config.h"
#include "range.h"
#include "decimal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number of seconds with an optional unit, from s to end. */
static int parse_seconds(const char *s, const char *end, double *out)
{
	static const struct {
		const char *unit;
		double factor;
	} units[] = {
		{ "ms", 0.001 },
		{ "s", 1 },
		{ "m", 60 },
		{ "h", 3600 },
	};
	char buf[64], *stop;
	size_t n = (size_t)(end - s);

	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* strtod would take "inf", "nan" and hex floats: digits only. */
	const char *p = buf + (buf[0] == '-' || buf[0] == '+');
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return -1;
	/* ... and decimal only: no "0x10". */
	size_t digits = strspn(buf, "+-0123456789.eE");
	errno = 0;
	double v = strtod(buf, &stop);
	if (errno || stop == buf || (size_t)(stop - buf) != digits || !isfinite(v))
		return -1;
	double factor = 1;
	if (*stop) {
		size_t i;
		for (i = 0; i < sizeof units / sizeof units[0]; i++)
			if (strcmp(stop, units[i].unit) == 0)
				break;
		if (i == sizeof units / sizeof units[0])
			return -1;
		factor = units[i].factor;
	}
	*out = v * factor;
	return isfinite(*out) ? 0 : -1;
}

int range_parse(const char *text, mp_range *out, char *err, size_t errlen)
{
	const char *s = text, *end = text + strlen(text);

	memset(out, 0, sizeof *out);
	if (*s == '@') {
		out->inside = true;
		s++;
	}
	const char *colon = memchr(s, ':', (size_t)(end - s));
	if (colon) {
		if (colon - s == 1 && *s == '~') {
			out->has_start = false;
		} else if (parse_seconds(s, colon, &out->start) == 0) {
			out->has_start = true;
		} else {
			snprintf(err, errlen, "'%.40s' is not a range: bad start", text);
			return -1;
		}
		s = colon + 1;
		out->has_end = s < end;
	} else {
		/* "10" means 0:10. */
		out->has_start = true;
		out->start = 0;
		out->has_end = true;
	}
	if (out->has_end && parse_seconds(s, end, &out->end) != 0) {
		snprintf(err, errlen, "'%.40s' is not a range: bad end", text);
		return -1;
	}
	if (colon && !out->has_start && !out->has_end) {
		snprintf(err, errlen, "'%.40s' is not a range: it has no end", text);
		return -1;
	}
	if (out->has_start && out->has_end && out->start > out->end) {
		snprintf(err, errlen, "'%.40s' is not a range: start is above end", text);
		return -1;
	}
	out->set = true;
	return 0;
}

bool range_alerts(const mp_range *r, double value)
{
	if (!r->set)
		return false;
	bool within = (!r->has_start || value >= r->start) && (!r->has_end || value <= r->end);
	return r->inside ? within : !within;
}

void range_append(strbuf *out, const mp_range *r)
{
	char d[DECIMAL_MAX];
	if (!r->set)
		return;
	if (r->inside)
		strbuf_appendc(out, '@');
	if (!r->has_start)
		strbuf_append(out, "~:");
	else if (r->start != 0 || !r->has_end || r->inside) {
		decimal_format(d, r->start);
		strbuf_appendf(out, "%s:", d);
	}
	if (r->has_end) {
		decimal_format(d, r->end);
		strbuf_append(out, d);
	}
}
