/* sim/engine/exec.h - the OpenMP executor of analysis/parts: shortest-path parts on a team of threads.
 *
 * analysis/ starts no threads; when sim/ wants a measure's parts to run side
 * by side (`infnet analyze`, one big network) it passes this executor, and
 * where they should run one after another (inside a replica worker of
 * `infnet run`, which is already one thread of a team) it passes NULL. The
 * parts and the order their results are put together do not depend on the
 * executor, so the values are the same bytes either way.
 * Each thread of the team gets igraph's silent error and warning handlers and
 * the interruption handler (sim/util/interrupt.h) while it runs parts: new
 * OpenMP threads start with igraph's defaults, which abort on error.
 */
#ifndef INFNET_SIM_EXEC_H
#define INFNET_SIM_EXEC_H

#include "analysis/parts.h"

/* An executor that runs parts on up to `threads` OpenMP threads (a new team
 * per call; threads >= 1). */
struct parts_exec exec_openmp(int threads);

#endif
