/* models/dynamics.h - the endogenous mechanisms of the influence model.
 *
 * One step of dynamics runs these mechanisms, in this order; the numbers
 * and names are those of docs/MODEL.md ("One step" and its sections) and of
 * the sections of dynamics.c, and tests/models/test_params.c checks that
 * all three agree:
 *   1. income (always; it only measures)
 *   2. money
 *   3. broker binding and rivalry
 *   4. directives and strain
 *   5. patron choice
 *   6. drift away from rival command structures
 *   7. rally of the struck
 *   8. splinters and front groups
 *   9. dissolution
 * Each mechanism is a function of its own so tests can show its direction;
 * docs/MODEL.md gives each as an equation. With params->dynamics == 0 only
 * dynamics_income() runs (it changes nothing, it measures).
 * Randomness comes only from the gsl_rng passed in (the replica's stream).
 * Layer: models/.
 */
#ifndef INFNET_MODELS_DYNAMICS_H
#define INFNET_MODELS_DYNAMICS_H

#include <gsl/gsl_rng.h>

#include "models/params.h"
#include "models/world.h"

/* Per-worker scratch space; grown on demand, reused across steps and replicas. */
struct dynamics_ws {
    int cap;            /* capacity of every array below: >= max(nodes, ties) */
    double *util;       /* per agency candidate: logit utility / probability */
    unsigned int *draw; /* multinomial outcome */
    int *cand;          /* candidate agency indices */
    double *tie;        /* T_fa accumulators per node */
    double *target;     /* per-tie coordination target */
};

/* The actors struck this step, as the pressures recorded them
 * (pressure_struck, models/pressure.h): nodes[0..n) each listed once, and
 * is_struck[x] 1 exactly for those (defined for every node when n > 0).
 * The pressures own this state; the rally only reads it. */
struct dynamics_struck {
    const int *nodes;
    int n;
    const unsigned char *is_struck;
};

void dynamics_ws_init(struct dynamics_ws *ws);
void dynamics_ws_destroy(struct dynamics_ws *ws);
/* Size the workspace for world w; call before a replica. WORLD_OK or WORLD_ENOMEM. */
int dynamics_ws_prepare(struct dynamics_ws *ws, const struct world *w);

/* Income Y_f of every active faction from funding ties, own revenue and sanctions. */
void dynamics_income(struct world *w);
/* Funded factions grow, short ones lose strength, patron loyalty and cohesion. */
void dynamics_money(struct world *w, const struct model_params *p);
/* Coordination ties relax toward the binding of shared brokers and patrons. */
void dynamics_broker(struct world *w, const struct model_params *p, struct dynamics_ws *ws);
/* Strain from conflicting directives; stance drift toward the patron. */
void dynamics_directives(struct world *w, const struct model_params *p);
/* The agency node x (a leader, or a faction without a patron) answers to:
 * the active agency with the strongest active command tie to x (equal
 * weights: the lowest index), or -1. */
int dynamics_command_agency(const struct world *w, int x);
/* Each faction reconsiders its patron with probability alignment.rate (multinomial logit). */
int dynamics_patron(struct world *w, const struct model_params *p, gsl_rng *rng, struct dynamics_ws *ws);
/* Command and personal ties binding a faction to agencies other than its
 * patron, or to leaders of such agencies, fade by alignment.drift. */
void dynamics_drift(struct world *w, const struct model_params *p);
/* Ties of the actors struck this step strengthen. */
void dynamics_rally(struct world *w, const struct model_params *p, const struct dynamics_struck *struck);
/* Strained factions splinter; escalating factions spawn front groups. */
int dynamics_spawn(struct world *w, const struct model_params *p, gsl_rng *rng, struct dynamics_ws *ws);
/* Ties below ties.min_weight dissolve; factions at zero strength are removed. */
void dynamics_dissolve(struct world *w, const struct model_params *p);

/* One whole step, in the documented order; struck: this step's struck
 * actors (NULL: none). WORLD_OK or an error code. */
int dynamics_step(struct world *w, const struct model_params *p, const struct dynamics_struck *struck,
                  gsl_rng *rng, struct dynamics_ws *ws);

/* T_fa: the tie strength binding faction f to agency a (command + funding
 * weights, plus sum over leaders l of alpha_l * w_lf * w_la). */
double dynamics_tie_strength(const struct world *w, int f, int a);

/* I_f^D = 1 - (1 - I_f)(1 - I_p): the sanctions on faction f and on its
 * active patron p combined (those on f alone without one). */
double dynamics_sanction_pressure(const struct world *w, int f);

#endif
