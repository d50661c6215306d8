/* sim/output/results.h - reading and checking the results of `infnet run`: summary.csv, final.csv, meta.json.
 *
 * `infnet compare` and `infnet plot` read the same files; both go through
 * here, so that a file one of them refuses the other refuses too, with the
 * same FILE:LINE:COL message. Columns are those of sim/output/schema.h.
 * What is checked, beyond each field's type (schema_read):
 * - summary.csv: at least one data row; per row, n agrees with its values
 *   (mean defined exactly when n > 0, sd never negative and defined when
 *   n > 1); per scenario, one row for every recorded step and
 *   every metric, and no cell twice;
 * - final.csv: every scenario and metric is one of summary.csv's, and each
 *   metric has as many defined values as summary.csv counts at the last step;
 * - meta.json (when present): a JSON object whose `command`, when given,
 *   is "run" (an analysis's meta.json says "analyze": its directory holds no
 *   run's results), and whose `complete`, when given, is true or false;
 *   false (an interrupted run) is refused.
 * Ownership: struct results owns everything it read; results_destroy()
 * frees it. Layer: sim/ (schema, csvin, grow; jansson).
 */
#ifndef INFNET_SIM_RESULTS_H
#define INFNET_SIM_RESULTS_H

#include <stddef.h>

#include "sim/output/schema.h"
#include "sim/util/diag.h"

/* One cell of summary.csv: a scenario's metric at one step. */
struct results_cell {
    size_t n;
    double mean, sd, q[SCHEMA_SUMMARY_Q];
    long line; /* of summary.csv */
};

struct results_scenario {
    char *name;
    char **metrics; /* in order of first appearance in summary.csv */
    int n_metrics;
    size_t cap_metrics;
    int *steps; /* ascending */
    int n_steps;
    struct results_cell *cells; /* n_steps x n_metrics: cells[t * n_metrics + m] */
};

/* A row of summary.csv (file order): indices into sc[] and its metrics[]. */
struct results_row {
    int scen, metric, step;
    long line;
};

/* A row of final.csv (file order). */
struct results_value {
    int scen, metric;
    long replica;
    double value; /* NaN when undefined for that replica */
    long line;
};

struct results {
    struct results_scenario *sc; /* in order of first appearance */
    int n_sc;
    size_t cap_sc;
    struct results_row *rows;
    size_t n_rows, cap_rows;
    struct results_value *final;
    size_t n_final, cap_final;
    int have_summary;
};

void results_init(struct results *res);
void results_destroy(struct results *res);

/* Read and check summary.csv at path (into an empty res). */
int results_read_summary(struct results *res, const char *path, struct diag *d);
/* Read and check final.csv at path, after results_read_summary() (or, with
 * no summary.csv, alone: its scenarios and metrics are then taken from it
 * and nothing is counted). */
int results_read_final(struct results *res, const char *path, struct diag *d);
/* Check dir/meta.json, when that file exists (DIAG_OK when it does not). */
int results_check_meta(const char *dir, struct diag *d);

/* Index of step in s->steps, of metric in s->metrics, of a scenario in res; -1 when absent. */
int results_step_index(const struct results_scenario *s, int step);
int results_metric_index(const struct results_scenario *s, const char *metric);
int results_scenario_index(const struct results *res, const char *name);

#endif
