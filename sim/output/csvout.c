/* sim/output/csvout.c - RFC 4180 fields and shortest round-trip numbers (see csvout.h). */
#include "sim/output/csvout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void csvout_format_number(char *buf, size_t n, double x)
{
    if (isnan(x)) {
        buf[0] = '\0';
        return;
    }
    if (isinf(x)) {
        snprintf(buf, n, "%s", x > 0 ? "Inf" : "-Inf");
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

void csvout_number(FILE *f, double x)
{
    char buf[40];
    csvout_format_number(buf, sizeof buf, x);
    fputs(buf, f);
}

void csvout_string(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
