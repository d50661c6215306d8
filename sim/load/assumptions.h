/* sim/load/assumptions.h - the ledger of what a scenario assumes: items without a source, judgement-call
 * numbers.
 *
 * Every node, tie, pressure and event written in a scenario either cites a
 * document (`src: [KEY]`) or is marked as an assumption (`src: [assumption]`
 * with a `reason`); every number written for the model (weights, strengths,
 * stances, budgets, revenues, authorities, pressure magnitudes, event values,
 * model parameters) is a judgement call unless the item names it in
 * `values_src` with the source's words (docs/FORMAT.md, "Sources and
 * assumptions"). `infnet validate --assumptions` lists both and counts them;
 * run's meta.json records the counts of the merged scenario.
 *
 * An assumption list owns its entries; entries of several scenarios merge
 * into one list, in which a file shared through `extends` is listed once.
 */
#ifndef INFNET_SIM_LOAD_ASSUMPTIONS_H
#define INFNET_SIM_LOAD_ASSUMPTIONS_H

#include <stddef.h>
#include <stdio.h>

/* Counts of one merged scenario (or of a merged list). */
struct assumption_counts {
    long items;     /* nodes, ties, pressures and events written in YAML */
    long assumed;   /* of those: marked as assumptions, or citing nothing */
    long numbers;   /* model numbers written in YAML */
    long judgement; /* of those: not sourced through values_src */
};

struct assumption_entry {
    char *file; /* as the loader names it */
    int line, col;
    int number;   /* 1: a number, 0: an item */
    int flagged;  /* assumed item, or judgement-call number */
    char *what;   /* "node kh", "tie qf->kh funding", "node kh strength 0.8" */
    char *reason; /* flagged items: the reason; numbers: "judgement call" */
};

struct assumption_list {
    struct assumption_entry *e;
    size_t n, cap;
};

void assumption_list_init(struct assumption_list *a);
void assumption_list_destroy(struct assumption_list *a);

/* Add one entry (copies the strings). An entry with the same file, line,
 * column and what as another is a copy, dropped when the list is counted
 * or printed. 0 ok, -1 out of memory. */
int assumption_list_add(struct assumption_list *a, const char *file, int line, int col, int number,
                        int flagged, const char *what, const char *reason);

/* Sort by file, line and column, drop copies, and count. */
void assumption_list_counts(struct assumption_list *a, struct assumption_counts *c);

/* Count as above, then print one line per flagged entry,
 * "FILE:LINE: WHAT: REASON" (numbers as "number WHAT: judgement call"), and
 * the count line "assumptions: A of N items; J of M numbers are judgement
 * calls". */
void assumption_list_print(struct assumption_list *a, FILE *out);

#endif
