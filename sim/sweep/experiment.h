/* sim/sweep/experiment.h - experiment files for `infnet sweep`: scenarios, factors, design, metrics.
 *
 * experiment_load() reads one experiment file (docs/FORMAT.md, "Experiment
 * files") and validates it as the scenario loader validates a scenario:
 * unknown keys with the nearest valid key suggested, types, ranges, every
 * refusal DIAG_INPUT at the FILE:LINE:COL of the offending YAML node. Each
 * base scenario is loaded once as it is, and each factor is checked against
 * it by applying representative values (a range's bounds, every level,
 * every alternative) through scenario_load()'s --set overrides: a key that
 * --set cannot address, or a value the scenario refuses, is reported at the
 * factor's node in the experiment file, with the scenario loader's reason.
 *
 * A design point is a coordinate u in [0, 1] per factor (the samplers of
 * analysis/ work on the unit hypercube); experiment_factor_value() turns u
 * into the factor's value and experiment_factor_sets() into the --set
 * overrides the runner applies, experiment_value_text() into the text
 * design.csv prints.
 * Ownership: the experiment owns every string and array in it.
 * Layer: sim/ (sim/load/ for YAML and scenarios, GSL for inverse CDFs).
 */
#ifndef INFNET_SIM_SWEEP_EXPERIMENT_H
#define INFNET_SIM_SWEEP_EXPERIMENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/load/scenario.h"
#include "sim/util/diag.h"

/* How a factor's values are given. */
enum factor_kind {
    FACTOR_RANGE,       /* range: [lo, hi], u maps linearly */
    FACTOR_LEVELS,      /* levels: [...], u picks one */
    FACTOR_UNIFORM,     /* distribution uniform {min, max} */
    FACTOR_TRIANGULAR,  /* distribution triangular {min, mode, max} */
    FACTOR_NORMAL,      /* distribution normal {mean, sd}, truncated to [lo, hi] */
    FACTOR_ALTERNATIVES /* alternatives: named sets of overrides, u picks one */
};

/* What a factor's values are. */
enum factor_type {
    FACTOR_REAL,    /* numbers */
    FACTOR_INTEGER, /* whole numbers: continuous kinds are rounded (docs/FORMAT.md) */
    FACTOR_BOOL,    /* levels true/false */
    FACTOR_STRING,  /* levels of text */
    FACTOR_SWITCH   /* alternatives */
};

struct factor_level {
    char *text; /* canonical text (design.csv): a number, true/false, the string */
    char *yaml; /* the VALUE of --set KEY=VALUE */
    double x;   /* numbers: the value; booleans: 1 or 0; strings: the index */
};

struct factor_alternative {
    char *name;
    struct scenario_set *sets; /* key and value strings owned */
    int n_sets;
};

struct factor {
    char *name; /* the column name: the key, or the alternatives' `name` */
    char *key;  /* the --set KEY; NULL for alternatives */
    enum factor_kind kind;
    enum factor_type type;
    double lo, hi;               /* ranges: the bounds; distributions: the support (normal: truncation) */
    double mode;                 /* triangular */
    double mean, sd;             /* normal */
    struct factor_level *levels; /* levels */
    size_t n_levels;
    struct factor_alternative *alts; /* alternatives */
    size_t n_alts;
    int line, col; /* where the factor is written in the experiment file */
};

enum design_method { EXPERIMENT_FACTORIAL, EXPERIMENT_LHS, EXPERIMENT_SOBOL, EXPERIMENT_MORRIS };

struct experiment_design {
    enum design_method method;
    long levels;       /* factorial: points per continuous factor; morris: grid levels (even) */
    long samples;      /* lhs: points; sobol: base sample N (a power of two) */
    int second_order;  /* sobol: also the second-order indices */
    long trajectories; /* morris */
    uint64_t seed;     /* the sampler's seed (not the replicas') */
    long points;       /* design points the method makes for these factors */
};

/* Scenario discovery: a point is a case of interest when the mean over its
 * replicas of `metric` at `step` compares with `threshold` as `op` says. */
enum discovery_op { DISCOVERY_LT, DISCOVERY_LE, DISCOVERY_GT, DISCOVERY_GE };

struct experiment_discovery {
    int metric; /* enum metric_id; -1: no discovery */
    int step;
    enum discovery_op op;
    double threshold;
    char *scenario; /* the one series' scenario or contrast name; NULL: every one */
};

/* A contrast: at every design point, step and metric, the mean of scenario
 * `scenario` minus that of scenario `reference` (indices into `scenarios`),
 * written to points.csv as the rows of a series named `name`
 * (docs/OUTPUTS.md, "Contrasts"). */
struct experiment_contrast {
    char *name;       /* [a-z0-9_-]+, no scenario's name */
    size_t scenario;  /* S */
    size_t reference; /* R */
    int line, col;    /* where the contrast is written */
};

/* The `calibration` section (`infnet calibrate`, docs/CALIBRATION.md). */
#define CALIBRATION_DEFAULT_QUANTILE 0.5      /* the next tolerance: this quantile of the distances */
#define CALIBRATION_DEFAULT_MAX_PROPOSALS 100 /* per particle and generation */

struct experiment_calibration {
    int given;          /* 0: the experiment has no `calibration` section */
    long particles;     /* accepted particles per generation */
    long generations;   /* generations (the first from the priors) */
    uint64_t seed;      /* the proposals' seed */
    double quantile;    /* in (0, 1) */
    long max_proposals; /* a generation may make at most max_proposals x particles proposals */
    int line, col;      /* where the section is written */
};

struct experiment {
    char *name;        /* [a-z0-9_-]+ */
    char *description; /* may be "" */
    char *path;        /* the file given */
    char **scenarios;  /* resolved paths, relative to the working directory */
    size_t n_scenarios;
    struct factor *factors;
    size_t n_factors;
    struct experiment_design design;
    long replicas; /* per design point and scenario */
    uint64_t seed; /* the replicas' seed at every design point */
    /* 1: replica r of every point draws the scenario's stream r (common
     * random numbers); 0: each point its own streams (docs/OUTPUTS.md) */
    int common_random_numbers;
    uint64_t metrics; /* METRIC_BIT(m): metric m (enum metric_id) is analysed */
    int *steps;       /* sorted, distinct; NULL/0: the last step of each scenario */
    int n_steps;
    struct experiment_contrast *contrasts;
    size_t n_contrasts;
    char **scenario_names; /* [n_scenarios]: each base scenario's `name` */
    struct experiment_discovery discovery;
    int has_design; /* 0: no `design` (an experiment for `infnet calibrate` only) */
    struct experiment_calibration calibration;
};

/* Load and validate path (paths inside are relative to it) with the default
 * scenario limits. Returns DIAG_OK, or DIAG_INPUT / DIAG_RUNTIME with d
 * filled; on failure e is left destroyed (safe to destroy again). */
int experiment_load(const char *path, struct experiment *e, struct diag *d);

/* The same with the given limits (--limit), applied to the experiment file
 * and to every scenario load. */
int experiment_load_limits(const char *path, const struct scenario_limits *lim, struct experiment *e,
                           struct diag *d);

void experiment_destroy(struct experiment *e);

/* 1 when path reads as a YAML mapping with a top-level `factors` key (an
 * experiment file, not a scenario), else 0: a file that does not read as
 * YAML is left to the scenario loader to report. */
int experiment_file_is(const char *path, const struct scenario_limits *lim);

/* One line that says what the experiment runs (`infnet validate`): its
 * scenarios, factors, design, points, replicas, metrics and steps. */
void experiment_describe(const struct experiment *e, FILE *out);

/* A factor's value at one design point. */
struct factor_value {
    size_t level; /* levels, alternatives: the index chosen */
    double x;     /* numbers (integers rounded), booleans 1/0; the level's x for levels */
    char num[32]; /* the text of x for ranges and distributions */
};

/* Map u in [0, 1] to factor j's value (docs/FORMAT.md, "Experiment files"):
 * ranges lo + u (hi - lo); levels and alternatives index floor(u n) (u = 1
 * the last); distributions their inverse CDF (GSL), a normal's taken between
 * the CDF values of its bounds; integers: a range's lo + floor(u (hi - lo + 1)),
 * a distribution's value rounded to the nearest whole number. 0 ok, -1 when
 * u is not in [0, 1] or j is out of range (v untouched). */
int experiment_factor_value(const struct experiment *e, size_t j, double u, struct factor_value *v);

/* The text design.csv prints for v: the number, true/false, the string, or
 * the alternative's name. Valid while e and v are. */
const char *experiment_value_text(const struct experiment *e, size_t j, const struct factor_value *v);

/* The --set overrides that give a scenario v: one KEY=VALUE for a key
 * factor, the chosen alternative's for alternatives. Writes at most max into
 * sets (strings valid while e and v are) and returns how many there are. */
int experiment_factor_sets(const struct experiment *e, size_t j, const struct factor_value *v,
                           struct scenario_set *sets, int max);

const char *experiment_method_name(enum design_method m);

/* Factor j's value at x: for numbers x clamped to the factor's bounds (and
 * rounded for integers), for levels and alternatives the index nearest x.
 * 0, or -1 when j is out of range or x is NaN. */
int experiment_factor_at(const struct experiment *e, size_t j, double x, struct factor_value *v);

#endif
