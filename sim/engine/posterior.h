/* sim/engine/posterior.h - `infnet run --posterior DIR`: each replica's parameters drawn from a calibration.
 *
 * DIR/posterior.csv (written by `infnet calibrate`, docs/OUTPUTS.md) holds
 * weighted particles: `particle,weight,` then one column per factor, headed
 * by its --set key. posterior_read() reads and checks it; for every scenario
 * of a run, posterior_variants_load() loads the scenario once per particle
 * with that particle's values as --set overrides (after the command line's
 * own), checks that every such variant has the scenario's shape, and draws
 * the particle of every replica r by weight from the stream
 * rng_stream_seed(seed, "posterior\n" + name, r) (docs/MODEL.md, "Random
 * streams"), so that the choice depends on neither threads nor ranks.
 * Under model choice posterior.csv ends with a `variant` column naming each
 * particle's structural alternative; its overrides are read from DIR/meta.json
 * ("alternatives", written by infnet calibrate) and applied before the
 * particle's values.
 * posterior_variant() is the runner's variant callback (sim/engine/runner.h).
 * Memory: one loaded scenario per particle and scenario of the run, and one
 * int per replica.
 * Layer: sim/ (analysis/abc.h for the weighted draw).
 */
#ifndef INFNET_SIM_POSTERIOR_H
#define INFNET_SIM_POSTERIOR_H

#include <signal.h>
#include <stddef.h>

#include "sim/load/scenario.h"
#include "sim/util/diag.h"

struct json_t;

struct posterior {
    char *dir;       /* DIR as given */
    char *path;      /* DIR/posterior.csv */
    char sha256[65]; /* of posterior.csv as read */
    size_t n;        /* particles */
    size_t k;        /* factor columns */
    char **keys;     /* [k]: the columns' --set keys */
    double *weight;  /* [n]: finite, >= 0, positive sum */
    char **values;   /* [n * k]: particle i's value of key j at i * k + j */
    long *line;      /* [n]: the line of particle i */
    int *col;        /* [n * k]: the column of each value */
    /* model choice: the `variant` column and DIR/meta.json's alternatives */
    long variant_col;               /* its index among the k columns, or -1 */
    char meta_sha256[65];           /* of DIR/meta.json, when variant_col >= 0 */
    size_t n_alts;                  /* alternatives */
    char **alt_names;               /* [n_alts] */
    struct scenario_set **alt_sets; /* [n_alts]: key and value strings owned */
    int *alt_n_sets;                /* [n_alts] */
    size_t *alt_of;                 /* [n]: particle i's alternative */
};

/* Read and check dir/posterior.csv into p. Refused (DIAG_INPUT, at
 * FILE:LINE:COL where there is one): a missing file, malformed CSV, a
 * header that does not begin with particle,weight or has no factor column,
 * a `variant` column that is not the last or whose names DIR/meta.json's
 * "alternatives" do not hold (or a meta.json without them), an empty or
 * repeated column name, particles not numbered 0, 1, ... in order, a weight
 * that is not a finite number >= 0, weights summing to 0. DIAG_RUNTIME:
 * I/O, out of memory. p is left destroyed on failure. */
int posterior_read(struct posterior *p, const char *dir, struct diag *d);
void posterior_destroy(struct posterior *p);

/* One scenario's variants: the scenario loaded with each particle's values,
 * and the particle each replica runs. */
struct posterior_variants {
    struct scenario *sc; /* [n_loaded] */
    size_t n_loaded;
    int *pick; /* [replicas]: replica r runs sc[pick[r]] */
    long replicas;
};

/* Load base's file (base was loaded from it with sets[0..n_sets)) once per
 * particle of p with the particle's values after sets, check each has
 * base's shape (nodes and their ids, steps, recorded steps, node steps,
 * snapshots, metrics and node measures, replicas, seed; refused by name),
 * and draw every replica's particle. A value the scenario refuses is
 * reported at the value's FILE:LINE:COL in posterior.csv. When *stop is
 * set (stop may be NULL) the loading ends with DIAG_INTERRUPTED. v is left
 * destroyed on failure. */
int posterior_variants_load(struct posterior_variants *v, const struct posterior *p,
                            const struct scenario *base, const struct scenario_set *sets, int n_sets,
                            const struct scenario_limits *lim, const volatile sig_atomic_t *stop,
                            struct diag *d);
void posterior_variants_destroy(struct posterior_variants *v);

/* The runner's variant callback: ctx is a struct posterior_variants. */
const struct scenario *posterior_variant(void *ctx, long r);

/* The "posterior" member of meta.json: {"directory", "sha256",
 * "particles", "keys"}; NULL when out of memory. */
struct json_t *posterior_meta(const struct posterior *p);

#endif
