/* sim/output/csvout.h - writing RFC 4180 CSV fields and numbers that read back exactly.
 *
 * Numbers are written in the shortest of %.15g, %.16g, %.17g that parses back
 * to the same double (so 0.1 stays "0.1" and nothing is lost); NaN is written
 * as an empty field (NA in R and pandas). Strings are quoted only when they
 * hold a comma, a quote or a line break, with quotes doubled.
 */
#ifndef INFNET_SIM_CSVOUT_H
#define INFNET_SIM_CSVOUT_H

#include <stdio.h>

void csvout_number(FILE *f, double x);
void csvout_string(FILE *f, const char *s);
/* Format x as csvout_number() does into buf (at least 32 bytes). */
void csvout_format_number(char *buf, size_t n, double x);

#endif
