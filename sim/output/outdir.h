/* sim/output/outdir.h - one writer per output directory.
 *
 * Every command that writes into a directory (run, --resume, --force,
 * analyze, compare, plot) holds DIR/.lock for as long as it runs: an
 * exclusive flock(2) on a file recording the holder's pid, command line
 * and start time. A second writer is refused with a message naming the
 * holder instead of interleaving its files with the first one's. The lock
 * dies with its process (a killed run leaves no stale lock to clear by
 * hand); the file is removed when the holder finishes.
 */
#ifndef INFNET_SIM_OUTDIR_H
#define INFNET_SIM_OUTDIR_H

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

/* Remove the lock file and release the lock; a no-op on a lock not held. */
void outdir_unlock(struct outdir_lock *l);

#endif
