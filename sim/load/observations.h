/* sim/load/observations.h - observations files: observed facts a calibration compares the model with.
 *
 * observations_load() reads one observations file (docs/CALIBRATION.md,
 * "Observations files") and checks it against the scenarios it will be
 * compared with, as strictly as a scenario is checked: unknown keys with the
 * nearest valid key suggested, unknown metrics, steps beyond a scenario's
 * horizon or not recorded, missing citations, duplicate ids, every refusal
 * DIAG_INPUT at the FILE:LINE:COL of the offending YAML node.
 *
 * Each observation reduces one metric of summary.csv to one number per
 * design point: its replica mean at a step, or the mean at the end of a
 * window minus the mean at its start, divided by the latter when
 * `relative: true` (observation_summary; not a number when it is 0). The observed
 * side is a value with an sd or a tolerance, or bounds (min, max);
 * observation_distance() scales the difference by the sd or tolerance.
 * A node observation (node: ID, measure: NAME) reduces a per-node measure
 * of nodes.csv the same way (its replica mean: for left_patron, the share of
 * replicas in which the faction has left its step-0 patron). A patron
 * observation (node: FACTION, patron: AGENCY) reduces the share of the
 * replicas in which the faction, active at the step, has that agency as its
 * patron (patrons.csv). `event:` and `reduce:` are refused by name: no
 * output gives a node's events by replica.
 * Ownership: the observations own every string in them.
 * Layer: sim/ (YAML through sim/load/ytree.h).
 */
#ifndef INFNET_SIM_LOAD_OBSERVATIONS_H
#define INFNET_SIM_LOAD_OBSERVATIONS_H

#include <stddef.h>
#include <stdio.h>

#include "sim/load/scenario.h"
#include "sim/util/diag.h"

/* What an observation is for. */
enum obs_use {
    OBS_CALIBRATE, /* in the distance */
    OBS_VALIDATE,  /* held out: only in the predictive check */
    OBS_NONE       /* recorded (with a note), not used */
};

struct observation {
    char *id;
    int metric;      /* enum metric_id; -1 for a node observation (or none) */
    int node;        /* a node observation: the node's index; else -1 */
    int measure;     /* a node observation: enum node_metric_id; else -1 */
    int patron;      /* a patron observation: the agency's node index (node: the faction's); else -1 */
    int step;        /* step: the step; window: its end */
    int from;        /* window: its start; -1 for a step */
    int relative;    /* window: the change divided by the value at its start */
    int bounded;     /* 1: min/max instead of value */
    double value;    /* value: the observed value */
    double lo, hi;   /* bounds: -inf or +inf when one is absent */
    double scale;    /* sd or tolerance (> 0); 1 for bounds without either */
    int scale_is_sd; /* 1: sd, 0: tolerance */
    enum obs_use use;
    int line, col; /* where the observation is written */
};

struct observations {
    char *path;
    struct observation *obs;
    size_t n;
    size_t n_calibrate; /* observations with use: calibrate */
};

/* Load path and check it against the n_s scenarios in s (their metrics,
 * recorded steps, horizon and sources): DIAG_OK, or DIAG_INPUT /
 * DIAG_RUNTIME with d filled; on failure o is left destroyed (safe to
 * destroy again). */
int observations_load(const char *path, const struct scenario *const *s, size_t n_s,
                      const struct scenario_limits *lim, struct observations *o, struct diag *d);
void observations_destroy(struct observations *o);

/* 1 when path reads as a YAML mapping with a top-level `observations` key. */
int observations_file_is(const char *path, const struct scenario_limits *lim);

/* One line for `infnet validate`: how many observations, by use. */
void observations_describe(const struct observations *o, FILE *out);

/* The observation's simulated summary from replica means: mean_at(ctx, ob,
 * t) gives the mean of ob's metric (or of its node's measure, or the share
 * of replicas with its patron) at step t. */
double observation_summary(const struct observation *ob,
                           double (*mean_at)(void *ctx, const struct observation *ob, int t), void *ctx);

/* |simulated - observed| / scale for a value; for bounds 0 inside and the
 * excess over the nearer bound / scale outside. */
double observation_distance(const struct observation *ob, double simulated);

const char *observation_use_name(enum obs_use u);

#endif
