/* sim/engine/weightonly.c - the keys that act only through tie weights (see weightonly.h).
 *
 * One table of whole keys and two patterns (a tie's weight, a pressure's
 * share) that take a list index: docs/MODEL.md, "Measures that see
 * weights", lists the same, with the mechanism each acts through.
 */
#include "sim/engine/weightonly.h"

#include <string.h>

#include "sim/engine/measure.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* model parameters whose only direct effect is on tie weights (docs/MODEL.md, steps 3, 5, 6, 7, 8 and 2) */
static const char *const weight_keys[] = {
    "model.succession.share",     /* η: the weights a successor inherits */
    "model.broker.binding",       /* λ: coordination targets */
    "model.broker.relax",         /* γ: the pace of coordination weights */
    "model.broker.own_share",     /* ω */
    "model.broker.shared_patron", /* μ */
    "model.broker.rivalry",       /* ψ */
    "model.institutions.binding", /* λ_I: coordination targets */
    "model.alignment.new_tie_weight",
    "model.alignment.switch_loss",
    "model.alignment.drift",
    "model.money.loyalty_loss",
    "model.money.cohesion_loss",
    "model.strikes.rally",
    "model.splinter.tie_weight",
    "model.fronts.tie_weight",
};

/* Patterns PREFIX<index>SUFFIX, the index one path element (no dot). */
static const struct {
    const char *prefix, *suffix;
} weight_patterns[] = {
    {"network.edges.", ".weight"}, /* a tie's weight */
    {"pressures.", ".share"},      /* a decapitation's successor share */
};

int weightonly_key(const char *key)
{
    for (size_t i = 0; i < COUNT(weight_keys); i++)
        if (!strcmp(key, weight_keys[i]))
            return 1;
    for (size_t i = 0; i < COUNT(weight_patterns); i++) {
        size_t lp = strlen(weight_patterns[i].prefix), ls = strlen(weight_patterns[i].suffix),
               n = strlen(key);
        if (n > lp + ls && !strncmp(key, weight_patterns[i].prefix, lp) &&
            !strcmp(key + n - ls, weight_patterns[i].suffix) && !memchr(key + lp, '.', n - lp - ls))
            return 1;
    }
    return 0;
}

int weightonly_seen(uint64_t metrics, int weighted)
{
    uint64_t seeing = METRIC_BIT(METRIC_WEIGHTED_FRAGMENTATION);
    if (weighted)
        seeing |= METRIC_BIT(METRIC_DISTANCE_FRAGMENTATION) | METRIC_BIT(METRIC_MODULARITY) |
                  METRIC_BIT(METRIC_COMMUNITIES) | METRIC_BIT(METRIC_CENTRALIZATION_BETWEENNESS);
    return (metrics & seeing) != 0;
}

int weightonly_warn(FILE *f, const char *what, const char *key, uint64_t metrics, int weighted,
                    const char *whose)
{
    if (!weightonly_key(key) || weightonly_seen(metrics, weighted))
        return 0;
    fprintf(f,
            "infnet: warning: %s %s acts only through tie weights, and no metric of %s sees them: the "
            "metrics show it only once a tie dissolves or a patron choice tips; add weighted_fragmentation "
            "to the metrics (or "
            "measure with outputs.weighted: true)\n",
            what, key, whose);
    return 1;
}
