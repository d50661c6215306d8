/* sim/output/results.h - reading and checking the results of `infnet run`: summary.csv, final.csv, meta.json.
 *
 * `infnet compare` and `infnet plot` read the same files; both go through
 * here, so that a file one of them refuses the other refuses too, with the
 * same FILE:LINE:COL message. Columns are those of sim/output/schema.h.
 * What is checked, beyond each field's type (schema_read: numbers only in
 * the form infnet writes them):
 * - meta.json: a regular file (a FIFO is refused without waiting for a
 *   writer), JSON with no key twice in an object, an object whose
 *   `command`, when given, is "run" (an analysis's meta.json says
 *   "analyze": its directory holds no run's results), whose
 *   `complete` is true (false, an interrupted run, is refused) and whose
 *   `scenarios` each have a name, `replicas` >= 1 and `replicas_done`
 *   equal to it, no name twice;
 * - summary.csv: at least one data row; per row, n agrees with its values
 *   (mean defined exactly when n > 0, sd never negative and defined when
 *   n > 1, the quantiles defined exactly when n > 0 and never decreasing
 *   from q05 to q95); per scenario, one row for every recorded step and
 *   every metric, and no cell twice; with meta.json read, every scenario is
 *   one meta.json records and the other way round, and n is at most its
 *   replicas;
 * - final.csv: every scenario and metric is one of summary.csv's, each
 *   metric has as many defined values as summary.csv counts at the last
 *   step (a row that breaks the count is named), and, with meta.json read,
 *   every replica number is below the scenario's replicas.
 * Ownership: struct results owns everything it read; results_destroy()
 * frees it. Layer: sim/ (schema, csvin, infile, grow; jansson).
 */
#ifndef INFNET_SIM_RESULTS_H
#define INFNET_SIM_RESULTS_H

#include <stddef.h>

#include "sim/output/schema.h"
#include "sim/util/diag.h"

struct json_t;

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
    int col; /* of the value */
};

/* A scenario meta.json records. */
struct results_meta {
    char *name;
    long replicas;             /* all done: a run that stopped early is refused */
    char *seed;                /* its `seed_text` (or `seed`), NULL when meta.json records neither */
    struct json_t *parameters; /* its resolved `parameters` (an object), NULL when absent; owned */
    int weighted;              /* its `outputs.weighted`: 1 true, 0 false or absent */
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
    struct results_meta *meta; /* in meta.json's order */
    int n_meta;
    int have_meta;
    int posterior; /* meta.json has `posterior`: replica r drew from the stream keyed "posterior\n" + name */
};

void results_init(struct results *res);
void results_destroy(struct results *res);

/* Parse path as meta.json: opened without blocking and only when a regular
 * file, JSON with no key twice, an object. *root is the caller's (json_decref). */
int results_load_meta(const char *path, struct json_t **root, struct diag *d);
/* Read and check dir/meta.json into an empty res, before the tables: a
 * missing one is refused (not the output directory of a run). */
int results_read_meta(struct results *res, const char *dir, struct diag *d);
/* Read and check summary.csv at path (into res, empty or holding meta.json only). */
int results_read_summary(struct results *res, const char *path, struct diag *d);
/* Read and check final.csv at path, after results_read_summary() (or, with
 * no summary.csv, alone: its scenarios and metrics are then taken from it
 * and nothing is counted). */
int results_read_final(struct results *res, const char *path, struct diag *d);

/* Check that dir/meta.json, when it exists, is a run's (its `command`, when
 * given, is "run"); DIAG_OK when there is no meta.json. */
int results_check_meta(const char *dir, struct diag *d);

/* Index of step in s->steps, of metric in s->metrics, of a scenario in res; -1 when absent. */
int results_step_index(const struct results_scenario *s, int step);
int results_metric_index(const struct results_scenario *s, const char *metric);
int results_scenario_index(const struct results *res, const char *name);

#endif
