/* sim/engine/weightonly.h - the scenario keys that act only through tie weights, and the measures that see
 * weights.
 *
 * A value under one of these keys changes tie weights and nothing else
 * directly: who is tied to whom and who is active change only once a weight
 * falls below model.ties.min_weight or tips a patron choice. A measure that
 * ignores weights (fragmentation, patron_entropy) therefore hides such a
 * change, and a user may conclude that it does not matter. `infnet validate`
 * (its --set keys), `infnet sweep` and `infnet calibrate` (their factors)
 * and `infnet compare` (the parameters in which two runs differ) warn when
 * a varied key is one of these and none of the measures asked for sees
 * weights. The list is kept here only; docs/MODEL.md ("Measures that see
 * weights") gives the same keys and why.
 */
#ifndef INFNET_SIM_WEIGHTONLY_H
#define INFNET_SIM_WEIGHTONLY_H

#include <stdint.h>
#include <stdio.h>

/* 1 when key (a --set KEY, e.g. model.succession.share or network.edges.3.weight) acts only through tie
 * weights. */
int weightonly_key(const char *key);

/* 1 when one of the metrics (a METRIC_BIT mask, sim/engine/measure.h) sees tie weights:
 * weighted_fragmentation always, and with outputs.weighted (weighted != 0) the path and community
 * measures. */
int weightonly_seen(uint64_t metrics, int weighted);

/* Print the warning for key, varied by `what` (e.g. "--set", "factor"), to f when key acts only through
 * weights and the metrics do not see them; `whose` names the measures (a scenario or an experiment).
 * Returns 1 when it warned. */
int weightonly_warn(FILE *f, const char *what, const char *key, uint64_t metrics, int weighted,
                    const char *whose);

#endif
