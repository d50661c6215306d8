/* sim/load/scenario.h - loading and validating scenario files (YAML, via libyaml).
 *
 * scenario_load() reads a scenario file, follows its `extends` chain, applies
 * --set overrides, validates everything (DESIGN.md, docs/FORMAT.md) and builds
 * the step-0 world: scenario nodes, then generated or imported nodes, then
 * the factions' spawn slots. Every refusal fills the diag with code 2 and the
 * FILE:LINE:COL of the offending YAML node. Nothing is accepted silently:
 * unknown keys are errors with the nearest valid key suggested.
 *
 * GraphML import needs igraph's C attribute handler; main() installs it once
 * (igraph_set_attribute_table(&igraph_cattribute_table)) before any load.
 * Ownership: the scenario owns every string and array in it.
 */
#ifndef INFNET_SIM_SCENARIO_H
#define INFNET_SIM_SCENARIO_H

#include <stdint.h>
#include <stdio.h>

#include "models/events.h"
#include "models/params.h"
#include "models/pressure.h"
#include "models/world.h"
#include "sim/engine/measure.h"
#include "sim/load/assumptions.h"
#include "sim/util/diag.h"

/* Limits that keep a mistaken or hostile file from exhausting the machine.
 * Each can be changed on the command line (--limit NAME=N). */
struct scenario_limits {
    long max_nodes; /* nodes incl. generated, imported and spawn slots */
    long max_edges;
    long max_steps;
    long max_replicas;
    long max_yaml_nodes; /* YAML nodes visited, counting alias expansions */
    long max_depth;      /* YAML nesting depth */
    long max_file_bytes; /* size of any one scenario or import file */
    long max_extends;    /* length of an extends chain */
    long max_node_cells; /* nodes x node_steps cells kept for nodes.csv */
};
void scenario_limits_default(struct scenario_limits *lim);
/* Set one limit by name (e.g. "nodes" for max_nodes); 0 ok, -1 unknown name or bad value. */
int scenario_limits_set(struct scenario_limits *lim, const char *name, const char *value);
/* The limit named name (as for scenario_limits_set); -1 for an unknown name. */
long scenario_limits_get(const struct scenario_limits *lim, const char *name);

/* One --set KEY=VALUE override: KEY is a dotted path (model.alignment.rate,
 * monte_carlo.replicas); VALUE is parsed as YAML (a scalar or a flow list).
 * option: the command-line option the override stands for ("-n/--replicas"
 * for monte_carlo.replicas), named in its errors instead of a position in
 * --set text the user never typed; NULL for a --set. */
struct scenario_set {
    const char *key;
    const char *value;
    const char *option;
};

struct scenario_source {
    char *key, *title, *outlet, *date, *url;
};

struct scenario {
    char *name;        /* [a-z0-9_-]+ */
    char *description; /* may be "" */
    char *path;        /* the file given */
    char **files;      /* every file read: path, extends chain, imports */
    int n_files;
    struct scenario_source *sources;
    int n_sources;
    int steps;   /* T: steps 0..T are simulated */
    char *unit;  /* "month", "week", "day", "year" or "step" */
    char *start; /* label of step 0, may be "" */
    long replicas;
    uint64_t seed;
    struct model_params params;
    struct world world; /* step-0 template, sealed, spawn slots reserved */
    char **ids;         /* per node (world.n_nodes): id; spawn slots "PARENT+K" */
    char **labels;      /* per node: label (the id when none given) */
    struct pressure *pressures;
    int n_pressures;
    struct event *events; /* sorted by step, file order within a step */
    int n_events;
    int every;      /* record every `every` steps (and always the last) */
    int *snapshots; /* steps whose replica-0 network is written as GraphML */
    int n_snapshots;
    int *node_steps; /* steps with per-node statistics (sorted, recorded steps only) */
    int n_node_steps;
    int patrons;                          /* outputs.patrons: count the factions' patrons (patrons.csv) */
    struct assumption_counts assumptions; /* items and numbers written in YAML, and how many are assumed */
    struct measure_options measure;       /* outputs.metrics, node_metrics, weighted, exact_limit, samples */
    char *notes; /* NULL, or lines of what an import read otherwise than written (ids renamed, weights
                    rescaled, kinds defaulted), for the command to say */
};

/* Load and validate path. sets: n_sets overrides applied after extends.
 * Returns DIAG_OK, or DIAG_INPUT / DIAG_RUNTIME with d filled. On failure s
 * is left destroyed (safe to scenario_destroy again). */
int scenario_load(struct scenario *s, const char *path, const struct scenario_set *sets, int n_sets,
                  const struct scenario_limits *lim, struct diag *d);
void scenario_destroy(struct scenario *s);

/* scenario_load that also adds every item and number written in the merged
 * scenario to list (sim/load/assumptions.h), for `validate --assumptions`. */
int scenario_load_assumptions(struct scenario *s, const char *path, const struct scenario_set *sets,
                              int n_sets, const struct scenario_limits *lim, struct assumption_list *list,
                              struct diag *d);

/* The place the --set key reaches in the merged scenario at path, as a key
 * of mapping keys and list indices only (each [ID] or [FROM->TO] selector
 * replaced by the index it picks), into *out (malloc'd): two keys that name
 * one value give the same text. Errors as scenario_load's for that --set. */
int scenario_set_place(const char *path, const char *key, const struct scenario_limits *lim, char **out,
                       struct diag *d);

/* How a bare network file is read (analyze's options); NULL members: the defaults. */
struct scenario_network_options {
    const char *format;       /* --format: graphml, csv, gml, ... (default: by extension) */
    const char *weights_as;   /* --weights-as: given, normalize or counts */
    const char *default_kind; /* --default-kind: kind of nodes the file gives none (any case) */
    const char *nodes;        /* --nodes: a node table beside a CSV edge list, as given */
};

/* 1 when path names a network file by its extension (docs/FORMAT.md,
 * "Importing a network"), 0 otherwise (a scenario). */
int scenario_is_network_file(const char *path);

/* Load a bare network file (any import format, by extension or opt->format)
 * as a scenario: named after the file, one step, no dynamics, no pressures.
 * opt may be NULL. A bad option is refused naming it (--format: ...).
 * Errors as scenario_load. */
int scenario_load_network(struct scenario *s, const char *path, const struct scenario_network_options *opt,
                          const struct scenario_limits *lim, struct diag *d);

/* Index of node id, or -1. */
int scenario_node_index(const struct scenario *s, const char *id);

/* 1 if step t is recorded: t % every == 0 or t == steps. */
int scenario_records(const struct scenario *s, int t);

/* Print the short summary `infnet validate` shows (counts by kind, ties by
 * type, pressures, steps, replicas). */
void scenario_describe(const struct scenario *s, FILE *out);

/* One line per pressure of the merged scenario: its index (for --set
 * pressures.INDEX.KEY=VALUE), type, first and last step, select. */
void scenario_list_pressures(const struct scenario *s, FILE *out);

#endif
