/* sim/output/schema.h - the one declaration of every CSV file infnet writes: columns, types, order.
 *
 * Each output file has a table here (struct schema): its name, and for every
 * column, in order, the name and the type of its values. The writers
 * (sim/engine/runner.c, sim/analyze/analyze.c, sim/compare/compare.c) emit
 * their header with schema_write_header() and their rows field by field with
 * struct schema_row, which checks every field against the declared type and
 * position; the readers (sim/output/results.c, sim/compare/compare.c,
 * sim/plot/) ask sim/output/csvin.h for the declared columns with
 * schema_read(), which also parses and checks every field by its type. A
 * column added, renamed or moved is therefore changed here, once, and a
 * reader refuses a file that lacks a declared column or has one the
 * declaration does not name. The enums name the
 * column positions; tests/sim/test_schema.c checks them against the tables,
 * and the writers' headers against docs/OUTPUTS.md's bytes.
 * Layer: sim/ (uses sim/output/csvin.h and csvout.h).
 */
#ifndef INFNET_SIM_SCHEMA_H
#define INFNET_SIM_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/output/csvin.h"
#include "sim/util/diag.h"

/* What a column holds; writing and reading check it. */
enum schema_type {
    SCHEMA_TEXT,   /* any string (RFC 4180 quoted as needed); may be empty */
    SCHEMA_NAME,   /* a non-empty string: a scenario, metric or node name */
    SCHEMA_STEP,   /* a whole number 0 .. INT_MAX */
    SCHEMA_COUNT,  /* a whole number 0 .. LONG_MAX: a replica number or a count */
    SCHEMA_NUMBER, /* a double, shortest round trip; empty when undefined (NaN) */
};

struct schema_column {
    const char *name;
    enum schema_type type;
};

struct schema {
    const char *file; /* the file's name in its directory */
    const struct schema_column *cols;
    size_t n_cols;
    size_t n_required; /* the columns a reader insists on: the first n_required */
    int open_ended;    /* further columns follow the declared ones (a sweep's factors) */
    int window;        /* the declared columns are some of the file's, the others anywhere (design.csv
                          read CSVIN_MAX_COLS - 1 factors at a time): the header is not checked for others */
    uint32_t optional; /* SCHEMA_BIT(k): column k came later, and files written before it are read without
                          it (its fields NULL, their numbers NaN) */
};

#define SCHEMA_BIT(k) (1u << (k))

/* `infnet run` */
enum {
    SUMMARY_SCENARIO,
    SUMMARY_STEP,
    SUMMARY_METRIC,
    SUMMARY_N,
    SUMMARY_MEAN,
    SUMMARY_SD,
    SUMMARY_Q05,
    SUMMARY_Q25,
    SUMMARY_Q50,
    SUMMARY_Q75,
    SUMMARY_Q95,
    SUMMARY_COLS
};
enum { FINAL_SCENARIO, FINAL_REPLICA, FINAL_METRIC, FINAL_VALUE, FINAL_COLS };
enum {
    NODES_SCENARIO,
    NODES_STEP,
    NODES_NODE,
    NODES_METRIC,
    NODES_N,
    NODES_MEAN,
    NODES_SD,
    NODES_Q05,
    NODES_Q50,
    NODES_Q95,
    NODES_COLS
};
enum { REPLICAS_SCENARIO, REPLICAS_REPLICA, REPLICAS_STEP, REPLICAS_METRIC, REPLICAS_VALUE, REPLICAS_COLS };
/* patrons.csv: a faction's patron by replica (`patron` is an agency or none) */
enum { PATRONS_SCENARIO, PATRONS_STEP, PATRONS_NODE, PATRONS_PATRON, PATRONS_N, PATRONS_SHARE, PATRONS_COLS };
/* `infnet sweep`: design.csv and points.csv end with one text column per
 * factor, headed by the factor's name (open-ended tables). */
enum { DESIGN_POINT, DESIGN_COLS };
enum {
    POINTS_POINT,
    POINTS_SCENARIO,
    POINTS_STEP,
    POINTS_METRIC,
    POINTS_N,
    POINTS_MEAN,
    POINTS_SD,
    POINTS_Q05,
    POINTS_Q25,
    POINTS_Q50,
    POINTS_Q75,
    POINTS_Q95,
    POINTS_COLS
};
/* `infnet compare` */
enum {
    COMPARISON_METRIC,
    COMPARISON_STEP,
    COMPARISON_SCENARIO_A,
    COMPARISON_SCENARIO_B,
    COMPARISON_N_A,
    COMPARISON_N_B,
    COMPARISON_MEDIAN_A,
    COMPARISON_MEDIAN_B,
    COMPARISON_MEDIAN_DIFF,
    COMPARISON_NONZERO_A,
    COMPARISON_NONZERO_B,
    COMPARISON_VD_A,
    COMPARISON_EFFECT_SIZE,
    COMPARISON_MEAN_A,
    COMPARISON_MEAN_B,
    COMPARISON_DIFF,
    COMPARISON_CI_LOW,
    COMPARISON_CI_HIGH,
    COMPARISON_TEST,
    COMPARISON_P_VALUE,
    COMPARISON_P_HOLM,
    COMPARISON_COLS
};
/* `infnet analyze`: nodes.csv has node, label, kind, then one column per
 * node measure in the order of sim/engine/measure.h (NODE_DEGREE onwards). */
enum { GRAPH_METRIC, GRAPH_VALUE, GRAPH_COLS };
enum { KEY_PLAYERS_NODE, KEY_PLAYERS_LABEL, KEY_PLAYERS_PROBLEM, KEY_PLAYERS_COLS };
enum {
    BROKERAGE_NODE,
    BROKERAGE_LABEL,
    BROKERAGE_KIND,
    BROKERAGE_CONSTRAINT,
    BROKERAGE_EFFECTIVE_SIZE,
    BROKERAGE_FIRST_ROLE, /* coordinator, itinerant, representative, gatekeeper, liaison */
    BROKERAGE_TOTAL = BROKERAGE_FIRST_ROLE + 5,
    BROKERAGE_COLS
};
enum {
    IMPACT_NODE,
    IMPACT_LABEL,
    IMPACT_MEASURE,
    IMPACT_BEFORE,
    IMPACT_AFTER,
    IMPACT_CHANGE,
    IMPACT_REMOVAL,
    IMPACT_COLS
};
enum {
    KEY_ENTITIES_RANK,
    KEY_ENTITIES_MEASURE,
    KEY_ENTITIES_NODE,
    KEY_ENTITIES_LABEL,
    KEY_ENTITIES_VALUE,
    KEY_ENTITIES_COLS
};
enum {
    ANALYZE_NODES_NODE,
    ANALYZE_NODES_LABEL,
    ANALYZE_NODES_KIND,
    ANALYZE_NODES_FIRST_MEASURE,
    ANALYZE_NODES_COLS = ANALYZE_NODES_FIRST_MEASURE + 8
};

/* `infnet sweep`'s analysis */
enum {
    SENSITIVITY_METRIC,
    SENSITIVITY_STEP,
    SENSITIVITY_FACTOR,
    SENSITIVITY_INDEX,
    SENSITIVITY_VALUE,
    SENSITIVITY_CI_LOW,
    SENSITIVITY_CI_HIGH,
    SENSITIVITY_SCENARIO,
    SENSITIVITY_COLS
};
enum {
    DISCOVERY_BOX,
    DISCOVERY_COVERAGE,
    DISCOVERY_DENSITY,
    DISCOVERY_MASS,
    DISCOVERY_N,
    DISCOVERY_FACTOR,
    DISCOVERY_LOWER,
    DISCOVERY_UPPER,
    DISCOVERY_RESTRICTED,
    DISCOVERY_SCENARIO,
    DISCOVERY_COLS
};

/* `infnet calibrate` (docs/OUTPUTS.md, "Calibrations"); posterior.csv's
 * factor columns (and `variant`) follow the declared ones */
enum { POSTERIOR_PARTICLE, POSTERIOR_WEIGHT, POSTERIOR_COLS };
enum {
    GENERATIONS_GENERATION,
    GENERATIONS_TOLERANCE,
    GENERATIONS_PROPOSED,
    GENERATIONS_ACCEPTED,
    GENERATIONS_ACCEPTANCE_RATE,
    GENERATIONS_ESS,
    GENERATIONS_COLS
};
enum {
    PREDICTIVE_OBSERVATION,
    PREDICTIVE_USE,
    PREDICTIVE_OBSERVED,
    PREDICTIVE_MEDIAN,
    PREDICTIVE_Q05,
    PREDICTIVE_Q95,
    PREDICTIVE_COVERED,
    PREDICTIVE_LOWER,
    PREDICTIVE_UPPER,
    PREDICTIVE_COLS
};

/* The quantile columns of summary.csv and nodes.csv, and their probabilities. */
#define SCHEMA_SUMMARY_Q 5
#define SCHEMA_NODES_Q 3
extern const double schema_summary_probs[SCHEMA_SUMMARY_Q];
extern const double schema_nodes_probs[SCHEMA_NODES_Q];

extern const struct schema schema_summary, schema_final, schema_nodes, schema_replicas, schema_patrons,
    schema_comparison, schema_graph, schema_key_players, schema_analyze_nodes, schema_brokerage,
    schema_impact, schema_key_entities, schema_design, schema_points, schema_sensitivity, schema_discovery,
    schema_posterior, schema_generations, schema_predictive;

/* Write the header row of s (the column names, comma-separated, and '\n'). */
void schema_write_header(FILE *f, const struct schema *s);
/* The same for an open-ended s, with the n_extra further column names after the declared ones. */
void schema_write_header_extra(FILE *f, const struct schema *s, const char *const *extra, size_t n_extra);

/* One row being written: begin, then one call per column in declared order
 * (each asserts that the column has that type), then end (which asserts
 * that every column was written). */
struct schema_row {
    FILE *f;
    const struct schema *s;
    size_t k; /* the next column */
};
void schema_row_begin(struct schema_row *w, FILE *f, const struct schema *s);
void schema_row_text(struct schema_row *w, const char *v);         /* SCHEMA_TEXT or SCHEMA_NAME */
void schema_row_whole(struct schema_row *w, unsigned long long v); /* SCHEMA_STEP or SCHEMA_COUNT */
void schema_row_number(struct schema_row *w, double v);            /* SCHEMA_NUMBER */
void schema_row_extra(struct schema_row *w, const char *v);        /* after the declared columns: text */
void schema_row_end(struct schema_row *w);

/* One field of a row read by schema_read(), parsed by its column's type:
 * text always (NULL for an absent optional column), whole for STEP and
 * COUNT, number for NUMBER (NaN when empty or absent). */
struct schema_field {
    const char *text;
    long whole;
    double number;
};

/* Called for each data row with the fields of every declared column, in the
 * declared order (v[SUMMARY_MEAN] ...). As csvin_row_fn: DIAG_OK or a code
 * (csvin_fail(r, column, ...) names the field). */
typedef int (*schema_row_fn)(struct csvin_reader *r, const struct schema_field *v);

/* Read path as a file of schema s: the first s->n_required columns must be
 * in its header (others may be missing; a column s does not declare is
 * refused), every field, spaces kept, is checked against its column's type
 * (an empty name, a step that is not a whole number, a number in another
 * form than csvout writes, ... are refused at FILE:LINE:COL), then handed
 * to on_row. Codes as csvin_read(). */
int schema_read(const char *path, const struct schema *s, schema_row_fn on_row, void *user, struct diag *d);
/* The user pointer given to schema_read(), for its row callbacks. */
void *schema_user(const struct csvin_reader *r);

#endif
