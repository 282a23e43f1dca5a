/* SPDX-License-Identifier: GPL-3.0-or-later */
/* range.h - Monitoring Plugins threshold ranges ([@][START:][END], with ~
 * for minus infinity), whose numbers may carry a unit: ms, s, m, h. */
#ifndef CHECK_RANGE_H
#define CHECK_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include "strbuf.h"

typedef struct {
	bool set;       /* a range was given */
	bool inside;    /* '@': alert inside START..END, not outside */
	bool has_start; /* false: START is minus infinity ("~") */
	double start;   /* seconds */
	bool has_end;   /* false: END is infinity ("10:") */
	double end;     /* seconds */
} mp_range;

/* Parses one range; numbers are seconds unless they carry ms, s, m or h
 * ("500ms", "5m", "1.5h"). Returns 0, or -1 with a reason in err. */
int range_parse(const char *text, mp_range *out, char *err, size_t errlen);

/* True when value (seconds) should raise the alert: outside the range, or
 * inside it for '@'. An unset range never alerts. */
bool range_alerts(const mp_range *r, double value);

/* The range in seconds, as perfdata writes a threshold ("300", "10:",
 * "~:60", "@60:120"); nothing for an unset range. */
void range_append(strbuf *out, const mp_range *r);

#endif
