/* models/params.h - the model's mechanism parameters, their defaults and ranges.
 *
 * Every parameter of every mechanism lives in struct model_params. The table
 * returned by params_table() is the single source of truth for each
 * parameter's scenario key (model.GROUP.NAME), default, allowed range and
 * meaning: the scenario loader validates against it and docs/MODEL.md lists
 * the same rows (a test checks that they agree).
 * Layer: models/ (no I/O, no sim/ or analysis/ includes).
 */
#ifndef INFNET_MODELS_PARAMS_H
#define INFNET_MODELS_PARAMS_H

#include <stddef.h>

struct model_params {
    int dynamics; /* 0: only pressures change the network */
    struct {
        double beta_tie;       /* logit weight of tie strength to an agency */
        double beta_funding;   /* logit weight of the agency's relative budget */
        double beta_stance;    /* logit weight of stance agreement */
        double inertia;        /* logit bonus for the current patron */
        double rate;           /* probability a faction reconsiders per step */
        double new_tie_weight; /* command tie weight created on a switch */
        double switch_loss;    /* share of the old command tie lost on a switch */
        double drift;          /* per-step fade of ties to rival command structures */
        int reach;             /* enum alignment_reach: the agencies a faction may choose */
    } alignment;
    struct {
        double binding;       /* lambda: coordination bound per broker */
        double relax;         /* gamma: speed of coordination toward target */
        double own_share;     /* omega: share of its own initial weight a tie keeps */
        double shared_patron; /* mu: target bonus when both share a patron */
        double rivalry;       /* psi: target penalty when they answer to rival agencies */
    } broker;
    struct {
        double share; /* eta: share of a leader's ties a successor inherits */
    } succession;
    struct {
        double strain_gain;  /* kappa_e: strain added per unit of directive spread */
        double strain_decay; /* phi: share of strain that fades per step */
        double conformity;   /* chi: stance drift toward the patron's directive */
        int coordinated;     /* 1: divergent directives are a division of labour (no strain, no psi) */
    } directives;
    struct {
        double binding; /* lambda_I: coordination an institution binds between two factions it holds */
    } institutions;
    struct {
        double dependence; /* kappa_D: growth of a sanctioned faction's command tie to its patron */
    } sanctions;
    struct {
        double need;           /* nu: income a faction needs per step */
        double growth;         /* kappa_g: strength growth when funded */
        double shortfall_loss; /* kappa_s: strength lost per unit shortfall */
        double loyalty_loss;   /* kappa_l: patron tie lost per unit shortfall */
        double cohesion_loss;  /* kappa_c: coordination lost per unit shortfall */
    } money;
    struct {
        double leader_kill; /* chance a strike on a faction kills a tied leader, per unit tie weight */
        double rally;       /* rho: share of the gap to 1 that ties of the struck gain */
    } strikes;
    struct {
        double rate;         /* kappa_p: splinter hazard per unit strain */
        double min_strength; /* factions weaker than this do not splinter */
        double share;        /* share of strength that leaves with a splinter */
        double tie_weight;   /* coordination between splinter and parent */
        int max;             /* splinters a faction can spawn over a run */
    } splinter;
    struct {
        double rate;       /* kappa_f: front-group hazard per unit escalation */
        double share;      /* strength a front takes from its parent */
        double tie_weight; /* coordination between front and parent */
        int max;           /* fronts a faction can spawn over a run */
        int actors;        /* 1: a front is an actor (strength, ties); 0: a claim name only */
    } fronts;
    struct {
        double min_weight; /* ties weaker than this dissolve */
    } ties;
};

/* model.alignment.reach: the agencies a faction reconsidering its patron
 * chooses among. */
enum alignment_reach {
    REACH_TIED, /* those it has a tie to (T_fa > 0) and its current patron */
    REACH_ALL   /* every active agency */
};

/* PARAM_ENUM: an int holding the index of one of the row's `levels`, written
 * in a scenario as that level's name. */
enum param_type { PARAM_BOOL, PARAM_INT, PARAM_REAL, PARAM_ENUM };

struct param_info {
    const char *key;    /* scenario key below model:, e.g. "alignment.beta_tie" */
    const char *symbol; /* symbol used in docs/MODEL.md */
    enum param_type type;
    size_t offset;        /* offsetof(struct model_params, ...) */
    double def, min, max; /* default and inclusive range */
    const char *meaning;
    const char *const *levels; /* PARAM_ENUM: the names of values 0, 1, ..., NULL-terminated; else NULL */
};

/* Fill p with every default. */
void params_default(struct model_params *p);

/* The parameter table (static, read-only) and its length. */
const struct param_info *params_table(size_t *n);

/* Look up a key; NULL if unknown. */
const struct param_info *params_find(const char *key);

/* Read or write one parameter through its table row. */
double params_get(const struct model_params *p, const struct param_info *info);
void params_set(struct model_params *p, const struct param_info *info, double value);

/* PARAM_ENUM: the value a level name stands for, or -1 when it names none.
 * params_level_name: the name of value v, or NULL out of range. */
int params_level(const struct param_info *info, const char *name);
const char *params_level_name(const struct param_info *info, int v);

#endif
