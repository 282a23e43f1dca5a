/* SPDX-License-Identifier: GPL-3.0-or-later */
/* decimal.c - %f with the precision %g would choose, then the zeros off. */
#include "config.h"
#include "decimal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DECIMAL_BOUND 1e18
#define SIGNIFICANT 15

void decimal_format(char out[DECIMAL_MAX], double v)
{
	if (!isfinite(v))
		v = 0;
	if (v > DECIMAL_BOUND)
		v = DECIMAL_BOUND;
	else if (v < -DECIMAL_BOUND)
		v = -DECIMAL_BOUND;
	double a = fabs(v);
	int decimals = 0;
	if (a > 0) {
		decimals = SIGNIFICANT - 1 - (int)floor(log10(a));
		if (decimals < 0)
			decimals = 0;
		else if (decimals > SIGNIFICANT)
			decimals = SIGNIFICANT; /* smaller values round to 0 */
	}
	snprintf(out, DECIMAL_MAX, "%.*f", decimals, v);
	char *dot = strchr(out, '.');
	if (dot) {
		char *end = out + strlen(out);
		while (end > dot + 1 && end[-1] == '0')
			end--;
		if (end == dot + 1)
			end = dot;
		*end = '\0';
	}
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
}
