/* sim/analyze/feedback.h - what `infnet analyze` says while it works on a large network.
 *
 * A progress line on stderr for the long steps, the path measures (one
 * search per source), the key-player searches, KPP-Neg and KPP-Pos (one
 * evaluation per candidate set), and immediate impact (one measurement
 * per removal), with `infnet run`'s look: "\r\033[K" NAME: DONE/TOTAL
 * UNIT  RATE/s  ETA H:MM:SS, redrawn at most every FEEDBACK_INTERVAL
 * seconds and cleared when the step ends. Whether it is drawn is the
 * caller's decision (sim/cli/main.c: stderr a terminal and no --quiet, as
 * for run). Before a key-player search has gone far, one line on `notes`
 * (NULL: none) estimates its cost from the rate of its first evaluations.
 * The path measures report from every thread of their team: the count is
 * atomic and one thread draws at a time (the others skip the redraw).
 */
#ifndef INFNET_SIM_FEEDBACK_H
#define INFNET_SIM_FEEDBACK_H

#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "analysis/centrality.h"
#include "analysis/keyplayer.h"

/* Least seconds between two redraws of the line (as `infnet run`'s). */
#define FEEDBACK_INTERVAL 0.25
/* The key-player estimate is printed once this many evaluations, or
 * FEEDBACK_ESTIMATE_SECONDS, have given a rate, whichever comes first. */
#define FEEDBACK_ESTIMATE_EVALUATIONS 50
#define FEEDBACK_ESTIMATE_SECONDS 0.5

struct feedback {
    const char *name; /* the network's name, the line's prefix */
    int line;         /* draw the progress line on stderr */
    FILE *notes;      /* the key-player estimate (NULL: none) */
    int shown;        /* a line is on the terminal */
    struct timespec t0;
    double last;         /* seconds since t0 at the last redraw */
    atomic_llong done;   /* path measures: sources finished */
    atomic_flag drawing; /* one thread draws at a time */
    long kp_k, kp_nodes; /* key players: k of how many nodes */
    int estimated;       /* the estimate is printed */
    struct centrality_progress paths;
    struct keyplayer_monitor kp;
};

/* name: the line's prefix; line: draw it; notes: where the estimate goes. */
void feedback_init(struct feedback *fb, const char *name, int line, FILE *notes);

/* A step begins: the clock and the count restart. */
void feedback_begin(struct feedback *fb);

/* Before a key-player search: k players of n nodes, for the estimate. */
void feedback_key_players(struct feedback *fb, long k, long nodes);

/* A step counted by its caller (immediate impact's measurements): done of
 * total units, redrawn as the other steps' lines. */
void feedback_count(struct feedback *fb, double done, double total, const char *unit);

/* A step ends (or fails): the line is cleared. */
void feedback_end(struct feedback *fb);

#endif
