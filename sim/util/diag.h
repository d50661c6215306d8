/* sim/util/diag.h - error reports with context: exit code, file, line, column, message.
 *
 * Every sim/ function that can fail fills a caller-owned struct diag and
 * returns its code. Codes are the command's exit codes (DESIGN.md): 1 for a
 * runtime failure (I/O, memory), 2 for bad input or usage. Only main prints:
 * diag_format() renders "FILE:LINE:COL: error: MSG" when a location is known,
 * else "infnet: error: MSG".
 */
#ifndef INFNET_SIM_DIAG_H
#define INFNET_SIM_DIAG_H

#include <stddef.h>

enum { DIAG_OK = 0, DIAG_RUNTIME = 1, DIAG_INPUT = 2, DIAG_INTERRUPTED = 130 };

struct diag {
    int code;
    char file[1024];   /* empty when no file applies */
    int line, col;     /* 1-based; 0 when unknown */
    char msg[2048];
};

void diag_init(struct diag *d);
/* Set d (code, location, printf-style message); returns code. file may be NULL. */
int diag_set(struct diag *d, int code, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Render d into buf as one line without a trailing newline. */
void diag_format(const struct diag *d, char *buf, size_t n);

/* The closest of n candidate names to s by edit distance, or NULL when none
 * is close enough to be a plausible typo. */
const char *diag_suggest(const char *s, const char *const *cand, size_t n);

#endif
