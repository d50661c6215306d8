/* models/params.c - the parameter table: key, symbol, default, range, meaning.
 *
 * Defaults are judgement calls for a qualitative model (the source documents
 * give directions of effect, not measured magnitudes); they are chosen so that
 * one step is one month and each mechanism acts on a scale of months to years.
 * docs/MODEL.md repeats this table; tests/models/test_params.c checks they agree.
 */
#include "models/params.h"

#include <math.h>
#include <string.h>

#define ROW(key, sym, type, field, def, lo, hi, meaning)                                                     \
    {                                                                                                        \
        key, sym, type, offsetof(struct model_params, field), def, lo, hi, meaning, NULL                     \
    }
#define ENUM_ROW(key, sym, field, def, levels, meaning)                                                      \
    {                                                                                                        \
        key, sym, PARAM_ENUM, offsetof(struct model_params, field), def, 0,                                  \
            (double)(sizeof levels / sizeof levels[0] - 2), meaning, levels                                  \
    }

/* The names of enum alignment_reach, in its order. */
static const char *const reach_levels[] = {"tied", "all", NULL};

static const struct param_info table[] = {
    ROW("dynamics", "-", PARAM_BOOL, dynamics, 1, 0, 1, "false: no endogenous change, only pressures act"),
    ROW("alignment.beta_tie", "beta_T", PARAM_REAL, alignment.beta_tie, 3.0, 0, 100,
        "logit weight of the tie strength T_fa binding a faction to an agency"),
    ROW("alignment.beta_funding", "beta_B", PARAM_REAL, alignment.beta_funding, 1.0, 0, 100,
        "logit weight of the agency's budget relative to the richest agency"),
    ROW("alignment.beta_stance", "beta_S", PARAM_REAL, alignment.beta_stance, 2.0, 0, 100,
        "logit weight of stance agreement 1 - |sigma_f - sigma_a|"),
    ROW("alignment.inertia", "beta_0", PARAM_REAL, alignment.inertia, 1.0, 0, 100,
        "logit bonus for keeping the current patron"),
    ROW("alignment.rate", "r_a", PARAM_REAL, alignment.rate, 0.1, 0, 1,
        "probability that a faction reconsiders its patron in a step"),
    ROW("alignment.new_tie_weight", "w_new", PARAM_REAL, alignment.new_tie_weight, 0.3, 0, 1,
        "weight of the command tie created when a faction takes a new patron"),
    ROW("alignment.switch_loss", "delta", PARAM_REAL, alignment.switch_loss, 0.5, 0, 1,
        "share of the command tie to the old patron lost on a switch"),
    ROW("alignment.drift", "kappa_d", PARAM_REAL, alignment.drift, 0.1, 0, 1,
        "share per step of a faction's command and personal ties to rival agencies and their leaders that "
        "fades"),
    ENUM_ROW("alignment.reach", "-", alignment.reach, REACH_TIED, reach_levels,
             "tied: a faction chooses among the agencies it has a tie to and its patron; all: among every "
             "agency"),
    ROW("broker.binding", "lambda", PARAM_REAL, broker.binding, 1.0, 0, 10,
        "coordination a broker of authority 1 binds between two factions he holds at weight 1"),
    ROW("broker.relax", "gamma", PARAM_REAL, broker.relax, 0.2, 0, 1,
        "share of the gap to its target a coordination tie closes per step"),
    ROW("broker.own_share", "omega", PARAM_REAL, broker.own_share, 0.5, 0, 1,
        "share of its step-0 weight a coordination tie keeps without brokers"),
    ROW("broker.shared_patron", "mu", PARAM_REAL, broker.shared_patron, 0.3, 0, 1,
        "coordination target added when two factions share a patron"),
    ROW("broker.rivalry", "psi", PARAM_REAL, broker.rivalry, 0.3, 0, 1,
        "coordination target lost when two factions answer to rival agencies"),
    ROW("succession.share", "eta", PARAM_REAL, succession.share, 0.5, 0, 1,
        "share of a removed leader's tie weights his successor inherits"),
    ROW("directives.strain_gain", "kappa_e", PARAM_REAL, directives.strain_gain, 1.0, 0, 100,
        "strain added per unit spread of the directives pulling on a faction"),
    ROW("directives.strain_decay", "phi", PARAM_REAL, directives.strain_decay, 0.1, 0, 1,
        "share of strain that fades per step"),
    ROW("directives.conformity", "chi", PARAM_REAL, directives.conformity, 0.05, 0, 1,
        "share of the gap to its patron's directive a faction's stance closes per step"),
    ROW("directives.coordinated", "-", PARAM_BOOL, directives.coordinated, 0, 0, 1,
        "true: the agencies' divergent directives are a coordinated division of labour: no strain, no "
        "rivalry "
        "penalty"),
    ROW("institutions.binding", "lambda_I", PARAM_REAL, institutions.binding, 0.0, 0, 10,
        "coordination an institution binds between two factions it holds at weight 1"),
    ROW("sanctions.dependence", "kappa_D", PARAM_REAL, sanctions.dependence, 0.0, 0, 1,
        "share of the gap to 1 a sanctioned faction's command tie to its patron gains per step at full "
        "sanction"),
    ROW("money.need", "nu", PARAM_REAL, money.need, 0.5, 0, 1e9,
        "income per step a faction of strength 1 needs"),
    ROW("money.growth", "kappa_g", PARAM_REAL, money.growth, 0.02, 0, 1,
        "strength growth per step of a fully funded faction, as a share of the gap to 1"),
    ROW("money.shortfall_loss", "kappa_s", PARAM_REAL, money.shortfall_loss, 0.05, 0, 1,
        "share of strength lost per step at a total shortfall"),
    ROW("money.loyalty_loss", "kappa_l", PARAM_REAL, money.loyalty_loss, 0.1, 0, 1,
        "share of the command tie to the patron lost per step at a total shortfall"),
    ROW("money.cohesion_loss", "kappa_c", PARAM_REAL, money.cohesion_loss, 0.05, 0, 1,
        "share of coordination lost per step at a total shortfall of both ends"),
    ROW("strikes.leader_kill", "kappa_k", PARAM_REAL, strikes.leader_kill, 0.1, 0, 1,
        "chance that a strike on a faction kills a leader tied to it, per unit tie weight"),
    ROW("strikes.rally", "rho", PARAM_REAL, strikes.rally, 0.2, 0, 1,
        "share of the gap to 1 that the ties of a struck actor gain (rally)"),
    ROW("splinter.rate", "kappa_p", PARAM_REAL, splinter.rate, 0.02, 0, 1,
        "splinter hazard per step per unit strain"),
    ROW("splinter.min_strength", "s_min", PARAM_REAL, splinter.min_strength, 0.2, 0, 1,
        "factions weaker than this do not splinter"),
    ROW("splinter.share", "q_p", PARAM_REAL, splinter.share, 0.3, 0, 1,
        "share of strength that leaves with a splinter"),
    ROW("splinter.tie_weight", "w_p", PARAM_REAL, splinter.tie_weight, 0.2, 0, 1,
        "coordination weight between a splinter and its parent"),
    ROW("splinter.max", "m_p", PARAM_INT, splinter.max, 1, 0, 8,
        "splinters one faction can spawn over a run"),
    ROW("fronts.rate", "kappa_f", PARAM_REAL, fronts.rate, 0.01, 0, 1,
        "front-group hazard per step for a faction whose patron's directive is 1"),
    ROW("fronts.share", "q_f", PARAM_REAL, fronts.share, 0.05, 0, 1,
        "strength a front group takes from its parent"),
    ROW("fronts.tie_weight", "w_f", PARAM_REAL, fronts.tie_weight, 0.8, 0, 1,
        "coordination weight between a front group and its parent"),
    ROW("fronts.max", "m_f", PARAM_INT, fronts.max, 1, 0, 8, "front groups one faction can spawn over a run"),
    ROW("fronts.actors", "-", PARAM_BOOL, fronts.actors, 0, 0, 1,
        "true: a front group is an actor with strength and ties; false: a claim name only"),
    ROW("ties.min_weight", "w_min", PARAM_REAL, ties.min_weight, 0.02, 0, 1,
        "ties weaker than this dissolve"),
};

const struct param_info *params_table(size_t *n)
{
    *n = sizeof table / sizeof table[0];
    return table;
}

const struct param_info *params_find(const char *key)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].key, key) == 0)
            return &table[i];
    return NULL;
}

double params_get(const struct model_params *p, const struct param_info *info)
{
    const char *base = (const char *)p + info->offset;
    if (info->type == PARAM_REAL)
        return *(const double *)(const void *)base;
    return (double)*(const int *)(const void *)base;
}

void params_set(struct model_params *p, const struct param_info *info, double value)
{
    char *base = (char *)p + info->offset;
    if (info->type == PARAM_REAL)
        *(double *)(void *)base = value;
    else
        *(int *)(void *)base = (int)lround(value);
}

int params_level(const struct param_info *info, const char *name)
{
    if (info->type != PARAM_ENUM || !info->levels)
        return -1;
    for (int i = 0; info->levels[i]; i++)
        if (strcmp(info->levels[i], name) == 0)
            return i;
    return -1;
}

const char *params_level_name(const struct param_info *info, int v)
{
    if (info->type != PARAM_ENUM || !info->levels || v < 0)
        return NULL;
    for (int i = 0; info->levels[i]; i++)
        if (i == v)
            return info->levels[i];
    return NULL;
}

void params_default(struct model_params *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        params_set(p, &table[i], table[i].def);
}
