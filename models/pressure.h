/* models/pressure.h - external pressures: sanctions, strikes, decapitation, removal.
 *
 * A pressure acts at the steps from..to (inclusive) on the active nodes its
 * targets match. Which of them it hits follows `select`: every matched node
 * (listed), a uniform sample (random), or the highest scores (targeted). For
 * targeted selection by a graph measure (degree, betweenness, pagerank,
 * key_player) the caller computes the scores on the current network and hands
 * them in, indexed by node; `by: strength` uses the model's own strength.
 * Ties in score are broken uniformly at random. Randomness: the gsl_rng passed.
 * Layer: models/.
 */
#ifndef INFNET_MODELS_PRESSURE_H
#define INFNET_MODELS_PRESSURE_H

#include <gsl/gsl_rng.h>

#include "models/dynamics.h"
#include "models/params.h"
#include "models/world.h"

enum pressure_type {
    PRESSURE_SANCTIONS,
    PRESSURE_STRIKES,
    PRESSURE_DECAPITATION,
    PRESSURE_REMOVAL,
    PRESSURE_VISITS,
    PRESSURE_TYPE_COUNT
};
enum pressure_select { SELECT_LISTED, SELECT_RANDOM, SELECT_TARGETED };
enum pressure_by { BY_NONE, BY_DEGREE, BY_STRENGTH, BY_BETWEENNESS, BY_PAGERANK, BY_KEY_PLAYER, BY_COUNT };
enum target_type { TARGET_NODE, TARGET_KIND, TARGET_ALL };

struct pressure_target {
    enum target_type type;
    int node;            /* TARGET_NODE */
    enum node_kind kind; /* TARGET_KIND */
};

struct pressure {
    enum pressure_type type;
    int from, to; /* active steps, inclusive (`at: t` is from = to = t) */
    struct pressure_target *targets;
    int n_targets;
    enum pressure_select select;
    enum pressure_by by; /* SELECT_TARGETED only */
    double intensity;    /* sanctions: I in [0,1]; visits: share of the gap to 1 closed */
    double rate;         /* strikes: per-target chance per step */
    double severity;     /* strikes: strength lost per hit */
    double fraction;     /* removal, decapitation: share of matched nodes hit */
    double share;        /* decapitation: successor's share; < 0 means succession.share */
    double kill;         /* strikes: leader kill chance; < 0 means strikes.leader_kill */
};

/* Scratch space for selection, and the actors struck since
 * pressure_begin_step (each listed once in struck[0..n_struck), marked in
 * is_struck); every array holds `cap` >= max(nodes, targets) entries and
 * grows on demand. */
struct pressure_ws {
    int cap;
    int *cand;
    double *key;
    int *order;
    int *struck;
    int n_struck;
    unsigned char *is_struck;
};

void pressure_ws_init(struct pressure_ws *ws);
void pressure_ws_destroy(struct pressure_ws *ws);

/* 1 if one of p's targets matches node (its id, its kind, or all),
 * whether or not the node is active: the one rule for every use of
 * targets (here and in the measures that score candidates). */
int pressure_matches(const struct world *w, const struct pressure *p, int node);

/* 1 if p acts at step t. */
int pressure_active(const struct pressure *p, int t);
/* 1 if p's selection needs caller-computed graph scores. */
int pressure_needs_scores(const struct pressure *p);

/* Start a step: clear sanction intensities and the struck list in ws. */
void pressure_begin_step(struct world *w, struct pressure_ws *ws);

/* Apply p at step t. scores: per node index, required when
 * pressure_needs_scores(p), else ignored (may be NULL). Struck nodes are
 * added to ws's struck list. Returns WORLD_OK or WORLD_ENOMEM. */
int pressure_apply(struct world *w, const struct pressure *p, int t, const struct model_params *mp,
                   const double *scores, gsl_rng *rng, struct pressure_ws *ws);

/* The actors struck since pressure_begin_step, for the rally
 * (dynamics_step); valid until ws changes. */
struct dynamics_struck pressure_struck(const struct pressure_ws *ws);

/* A visit by leader l: each active personal, command or coordination tie
 * between l and an active faction gains intensity * (1 - w). */
void pressure_visit(struct world *w, int l, double intensity);

/* Remove leader l; his successor (if active) inherits share * w of each of l's ties. */
int pressure_decapitate(struct world *w, int l, double share);

const char *pressure_type_name(enum pressure_type t);
const char *pressure_by_name(enum pressure_by b);
const char *pressure_select_name(enum pressure_select s);

#endif
