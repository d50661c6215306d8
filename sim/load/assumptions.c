/* sim/load/assumptions.c - the assumption list: entries without duplicates, counts, and the printed ledger.
 *
 * The list is what `infnet validate --assumptions` prints; the walk over a
 * scenario that fills it is sim/load/ledger.c. Entries are kept whole
 * (sourced items and numbers too) so that counts over several scenarios
 * that share files count each written item once.
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

static int same_entry(const struct assumption_entry *x, const char *file, int line, int col, const char *what)
{
    return x->line == line && x->col == col && !strcmp(x->file, file) && !strcmp(x->what, what);
}

int assumption_list_add(struct assumption_list *a, const char *file, int line, int col, int number,
                        int flagged, const char *what, const char *reason)
{
    /* lists are small (the items written in a few YAML files): a linear search is enough */
    for (size_t i = 0; i < a->n; i++)
        if (same_entry(&a->e[i], file, line, col, what))
            return 0;
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

int assumption_list_merge(struct assumption_list *into, const struct assumption_list *from)
{
    for (size_t i = 0; i < from->n; i++) {
        const struct assumption_entry *x = &from->e[i];
        if (assumption_list_add(into, x->file, x->line, x->col, x->number, x->flagged, x->what, x->reason) <
            0)
            return -1;
    }
    return 0;
}

void assumption_list_counts(const struct assumption_list *a, struct assumption_counts *c)
{
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

void assumption_list_print(struct assumption_list *a, FILE *out)
{
    struct assumption_counts c;
    if (a->n)
        qsort(a->e, a->n, sizeof *a->e, by_place);
    for (size_t i = 0; i < a->n; i++) {
        const struct assumption_entry *x = &a->e[i];
        if (x->flagged)
            fprintf(out, "%s:%d: %s%s: %s\n", x->file, x->line, x->number ? "number " : "", x->what,
                    x->reason);
    }
    assumption_list_counts(a, &c);
    fprintf(out, "assumptions: %ld of %ld %s; %ld of %ld %s %s\n", c.assumed, c.items,
            c.items == 1 ? "item" : "items", c.judgement, c.numbers, c.numbers == 1 ? "number" : "numbers",
            c.judgement == 1 ? "is a judgement call" : "are judgement calls");
}
