/* sim/util/diag.h - error reports with context: exit code, file, line, column, message.
 *
 * Every sim/ function that can fail fills a caller-owned struct diag and
 * returns its code. Codes are the command's exit codes (DESIGN.md): 1 for a
 * runtime failure (I/O, memory), 2 for bad input or usage. Only main prints:
 * diag_format() renders "FILE:LINE:COL: error: MSG" when a location is known,
 * else "infnet: error: MSG".
 * The failures of models/ and analysis/ reach a diag only through a struct
 * fault (below): the one place where their status codes become messages and
 * exit codes.
 */
#ifndef INFNET_SIM_DIAG_H
#define INFNET_SIM_DIAG_H

#include <stddef.h>

#include <igraph.h>

#include "models/world.h"

enum { DIAG_OK = 0, DIAG_RUNTIME = 1, DIAG_INPUT = 2, DIAG_INTERRUPTED = 130 };

struct diag {
    int code;
    char file[1024]; /* empty when no file applies */
    int line, col;   /* 1-based; 0 when unknown */
    char msg[2048];
};

void diag_init(struct diag *d);
/* Set d (code, location, printf-style message); returns code. file may be NULL. */
int diag_set(struct diag *d, int code, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Render d into buf as one line without a trailing newline. */
void diag_format(const struct diag *d, char *buf, size_t n);

/* ---- failures of the layers below sim/ ----------------------------------
 *
 * models/ reports an enum world_status and analysis/ an igraph_error_t: two
 * code spaces that share values, so a status never travels without its layer.
 * A struct fault records one, with what sim/ was doing and at which step, where
 * it happens; diag_from_fault turns it into the diagnostic at the boundary:
 *   out of memory                  -> exit 1, "out of memory while TASK at step S"
 *   interrupted (IGRAPH_INTERRUPTED)-> exit 130, "interrupted while TASK at step S"
 *   anything else                  -> exit 1, "TASK at step S failed: REASON"
 * A fault also packs into one nonnegative int (fault_pack), the form in which
 * a replica's outcome crosses threads and MPI ranks. */
enum fault_layer { FAULT_NONE = 0, FAULT_MODEL = 1, FAULT_ANALYSIS = 2 };

/* What sim/ was doing; names in diag.c (fault_task_name). */
enum fault_task {
    FAULT_TASK_NONE,
    FAULT_COPYING_WORLD,
    FAULT_PREPARING_DYNAMICS,
    FAULT_APPLYING_PRESSURE,
    FAULT_RUNNING_DYNAMICS,
    FAULT_KEEPING_SNAPSHOT,
    FAULT_SCORING_TARGETS,
    FAULT_BUILDING_GRAPH,
    FAULT_COMPONENTS,
    FAULT_DENSITY,
    FAULT_CLOSENESS_HARMONIC,
    FAULT_DISTANCE_FRAGMENTATION,
    FAULT_COMMUNITIES,
    FAULT_CENTRALIZATION_DEGREE,
    FAULT_BETWEENNESS,
    FAULT_DEGREE,
    FAULT_STRENGTH,
    FAULT_ESTIMATING_DISTANCES,
    FAULT_EIGENVECTOR,
    FAULT_PAGERANK,
    FAULT_KEY_PLAYERS,
    FAULT_APPLYING_EVENTS,
    FAULT_BROKERAGE,
    FAULT_PATH_MEASURES,
    FAULT_TASK_COUNT
};

/* Steps up to this one survive fault_pack; a later step is reported as unknown. */
#define FAULT_STEP_MAX 32766

struct fault {
    enum fault_layer layer; /* FAULT_NONE: nothing failed */
    int status;             /* enum world_status (FAULT_MODEL) or igraph_error_t (FAULT_ANALYSIS) */
    enum fault_task task;
    int step; /* model step, or -1 when none applies */
};

void fault_clear(struct fault *f);
/* Record st of models/ while doing task; returns 1 when st is a failure
 * (then f holds it), 0 for WORLD_OK (f untouched). */
int fault_model(struct fault *f, enum world_status st, enum fault_task task);
/* The same for an igraph_error_t of analysis/ (or of igraph called from sim/). */
int fault_analysis(struct fault *f, igraph_error_t e, enum fault_task task);
const char *fault_task_name(enum fault_task task);

/* f as one int >= 0 (0 when nothing failed) and back. */
int fault_pack(const struct fault *f);
void fault_unpack(int packed, struct fault *f);

/* Set d from f (which must hold a failure): code 1, or 130 when interrupted,
 * and a message naming the task, the step and the cause, after `context`
 * and ": " when context is not NULL (e.g. "scenario 'x': replica 3").
 * file: the input concerned, or NULL. Returns d's code. */
int diag_from_fault(struct diag *d, const struct fault *f, const char *file, const char *context);

/* The closest of n candidate names to s by edit distance, or NULL when none
 * is close enough to be a plausible typo. */
const char *diag_suggest(const char *s, const char *const *cand, size_t n);

#endif
