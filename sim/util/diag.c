/* sim/util/diag.c - error reports with location, and did-you-mean suggestions.
 *
 * Suggestions use the optimal string alignment distance (Levenshtein with
 * adjacent transpositions); a candidate is offered when it is
 * within a third of the longer word's length (at least 1, at most 3 edits),
 * the usual threshold of command-line tools (git, cargo) for plausible typos.
 */
#include "sim/util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest word compared; longer names are never typos worth suggesting for. */
#define DIAG_SUGGEST_MAXLEN 64

void diag_init(struct diag *d)
{
    memset(d, 0, sizeof *d);
}

int diag_set(struct diag *d, int code, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    d->code = code;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->col = col;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return code;
}

void diag_format(const struct diag *d, char *buf, size_t n)
{
    if (d->file[0] && d->line > 0)
        snprintf(buf, n, "%s:%d:%d: error: %s", d->file, d->line, d->col, d->msg);
    else if (d->file[0])
        snprintf(buf, n, "%s: error: %s", d->file, d->msg);
    else
        snprintf(buf, n, "infnet: error: %s", d->msg);
}

/* Optimal string alignment distance: Levenshtein plus adjacent transpositions
 * ("rnu" is one edit from "run"), the commonest typo. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t prev2[DIAG_SUGGEST_MAXLEN + 1], prev[DIAG_SUGGEST_MAXLEN + 1], cur[DIAG_SUGGEST_MAXLEN + 1];
    if (la > DIAG_SUGGEST_MAXLEN || lb > DIAG_SUGGEST_MAXLEN)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        memcpy(prev2, prev, (lb + 1) * sizeof *prev);
        memcpy(prev, cur, (lb + 1) * sizeof *cur);
    }
    return prev[lb];
}

const char *diag_suggest(const char *s, const char *const *cand, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (!cand[i])
            continue;
        size_t d = edit_distance(s, cand[i]);
        size_t len = strlen(s) > strlen(cand[i]) ? strlen(s) : strlen(cand[i]);
        size_t limit = len / 3;
        if (limit < 1)
            limit = 1;
        if (limit > 3)
            limit = 3;
        if (d <= limit && d < best_d) {
            best = cand[i];
            best_d = d;
        }
    }
    return best;
}
