/* sim/load/assumptions.c - the assumption list: entries without duplicates, counts, and the printed ledger.
 *
 * The list is what `infnet validate --assumptions` prints; the walk over a
 * scenario that fills it is sim/load/ledger.c. Entries are kept whole
 * (sourced items and numbers too) so that counts over several scenarios
 * that share files count each written item once: adding is O(1), and the
 * copies are dropped by one sort when the list is counted or printed.
 * Includes: sim/load/assumptions.h.
 */
#include "sim/load/assumptions.h"

#include <stdlib.h>
#include <string.h>

void assumption_list_init(struct assumption_list *a)
{
    memset(a, 0, sizeof *a);
}

void assumption_list_destroy(struct assumption_list *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++) {
        free(a->e[i].file);
        free(a->e[i].what);
        free(a->e[i].reason);
    }
    free(a->e);
    memset(a, 0, sizeof *a);
}

int assumption_list_add(struct assumption_list *a, const char *file, int line, int col, int number,
                        int flagged, const char *what, const char *reason)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 64;
        struct assumption_entry *e = realloc(a->e, cap * sizeof *e);
        if (!e)
            return -1;
        a->e = e;
        a->cap = cap;
    }
    struct assumption_entry *x = &a->e[a->n];
    x->file = strdup(file);
    x->what = strdup(what);
    x->reason = strdup(reason ? reason : "");
    x->line = line;
    x->col = col;
    x->number = number;
    x->flagged = flagged;
    if (!x->file || !x->what || !x->reason) {
        free(x->file);
        free(x->what);
        free(x->reason);
        return -1;
    }
    a->n++;
    return 0;
}

static int by_place(const void *pa, const void *pb)
{
    const struct assumption_entry *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->number != b->number) /* an item before the numbers on its line */
        return a->number < b->number ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return strcmp(a->what, b->what);
}

/* Sort, and drop the copies an item shared by several scenarios left. */
static void sort_unique(struct assumption_list *a)
{
    size_t k = 0;
    if (a->n == 0)
        return;
    qsort(a->e, a->n, sizeof *a->e, by_place);
    for (size_t i = 1; i < a->n; i++) {
        if (by_place(&a->e[k], &a->e[i]) == 0) {
            free(a->e[i].file);
            free(a->e[i].what);
            free(a->e[i].reason);
            continue;
        }
        a->e[++k] = a->e[i];
    }
    a->n = k + 1;
}

void assumption_list_counts(struct assumption_list *a, struct assumption_counts *c)
{
    sort_unique(a);
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < a->n; i++) {
        const struct assumption_entry *x = &a->e[i];
        if (x->number) {
            c->numbers++;
            c->judgement += x->flagged;
        } else {
            c->items++;
            c->assumed += x->flagged;
        }
    }
}

void assumption_list_print(struct assumption_list *a, FILE *out)
{
    struct assumption_counts c;
    assumption_list_counts(a, &c);
    for (size_t i = 0; i < a->n; i++) {
        const struct assumption_entry *x = &a->e[i];
        if (x->flagged)
            fprintf(out, "%s:%d: %s%s: %s\n", x->file, x->line, x->number ? "number " : "", x->what,
                    x->reason);
    }
    fprintf(out, "assumptions: %ld of %ld %s; %ld of %ld %s %s\n", c.assumed, c.items,
            c.items == 1 ? "item" : "items", c.judgement, c.numbers, c.numbers == 1 ? "number" : "numbers",
            c.judgement == 1 ? "is a judgement call" : "are judgement calls");
}
