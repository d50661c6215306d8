/* sim/output/outdir.h - one writer per output directory.
 *
 * Every command that writes into a directory (run, --resume, --force,
 * analyze, compare, plot) holds DIR/.lock for as long as it runs: an
 * exclusive flock(2) on a file recording the holder's pid, command line
 * and start time. A second writer is refused with a message naming the
 * holder instead of interleaving its files with the first one's. The lock
 * dies with its process (a killed run leaves no stale lock to clear by
 * hand); the file is removed when the holder finishes.
 *
 * With --force, a command first clears what earlier commands of infnet left
 * in the directory and it will not write again (outdir_clear), so that the
 * directory never mixes two commands' results. Only infnet's own names are
 * removed (OUTDIR_OWNED_FILES, snapshots/NAME.graphml, the charts in plots/); a
 * user's other files stay, and no link is followed.
 */
#ifndef INFNET_SIM_OUTDIR_H
#define INFNET_SIM_OUTDIR_H

#include <stddef.h>

#include "sim/util/diag.h"

/* Name of the lock file inside the directory. */
#define OUTDIR_LOCK_NAME ".lock"

struct outdir_lock {
    int fd;     /* -1 when not held */
    char *path; /* DIR/.lock */
};

/* A lock that holds nothing (outdir_unlock accepts it). */
void outdir_lock_init(struct outdir_lock *l);

/* Create dir if needed (mkdir -p) and take its lock. label names the
 * command ("infnet run") when the process's own command line cannot be
 * read. DIAG_OK; DIAG_RUNTIME when another process holds the lock (the
 * message names its pid, command and start time), when DIR/.lock is a
 * link or not a regular file, or on I/O errors. */
int outdir_lock(struct outdir_lock *l, const char *dir, const char *label, struct diag *d);

/* The files infnet writes at the top of an output directory: run, analyze,
 * compare and the checkpoint. Each may also be left as its temporary,
 * .NAME.tmp. */
#define OUTDIR_OWNED_FILES                                                                                   \
    "summary.csv", "final.csv", "nodes.csv", "replicas.csv", "patrons.csv", "meta.json", "comparison.csv",   \
        "graph.csv", "key_players.csv", ".checkpoint", "design.csv", "points.csv", "sensitivity.csv",        \
        "discovery.csv", ".analysis-pending", "posterior.csv", "generations.csv", "predictive.csv",          \
        ".calibration-checkpoint", "brokerage.csv", "impact.csv", "key_entities.csv", "REPORT.md",           \
        "network.png"

/* Whether a file of DIR/plots is one `infnet plot` (or gnuplot for it) writes. */
int outdir_is_plot_file(const char *name);

/* Remove from dir, whose lock the caller holds, every file of infnet's
 * (above; snapshots/NAME.graphml; plots/ files of outdir_is_plot_file) except
 * the paths in keep[0..n_keep) ("summary.csv", "snapshots/a_step0.graphml"):
 * those the command is about to write again. Regular files and links are
 * unlinked (a link, never what it points to); anything else under an owned
 * name (a directory, a fifo), files of other names, and a snapshots/ or
 * plots/ that is a link are left as they are. snapshots/ and plots/ are
 * removed when that leaves them empty. DIAG_OK, or DIAG_RUNTIME naming the
 * file that could not be removed. */
int outdir_clear(const char *dir, const char *const *keep, size_t n_keep, struct diag *d);

/* Remove the lock file and release the lock; a no-op on a lock not held. */
void outdir_unlock(struct outdir_lock *l);

#endif
