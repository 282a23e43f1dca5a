/* SPDX-License-Identifier: GPL-3.0-or-later */
/* decimal.h - numbers as perfdata, metrics and JSON write them: plain
 * decimal, never an exponent, which the Monitoring Plugins guidelines and
 * the parsers behind them refuse. */
#ifndef CHECK_DECIMAL_H
#define CHECK_DECIMAL_H

#include <stddef.h>

/* Longest text decimal_format writes, with its NUL. */
#define DECIMAL_MAX 24

/* v with up to 15 significant digits and no trailing zeros ("672",
 * "0.00005", "35.5"). Beyond +-1e18, which no parser of 64-bit integers
 * takes, the bound itself is written; a value that is not finite as 0. */
void decimal_format(char out[DECIMAL_MAX], double v);

#endif
