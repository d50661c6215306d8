/* sim/output/atomicfile.h - files written under a temporary name and renamed when complete.
 *
 * atomicfile_open() creates DIR/.NAME.tmp; atomicfile_commit() flushes,
 * fsyncs, closes and renames it to DIR/NAME, so a reader never sees half a
 * file under its final name. atomicfile_abort() removes the temporary file.
 *
 * A temporary file is created afresh (O_CREAT|O_EXCL|O_NOFOLLOW) after
 * whatever had its name is removed: a link planted there is replaced, never
 * followed, and nothing outside DIR is written. A resumed one is reopened
 * only when it is a regular file with no other name. The fixed name (not a
 * random one) lets a resume find what a killed run wrote; DIR/.lock
 * (outdir.h) keeps two writers from sharing it.
 */
#ifndef INFNET_SIM_ATOMICFILE_H
#define INFNET_SIM_ATOMICFILE_H

#include <stdio.h>

#include "sim/util/diag.h"

struct atomicfile {
    FILE *f;
    char *tmp;
    char *path;
};

/* DIAG_OK or DIAG_RUNTIME (with the path and the system's reason). */
int atomicfile_open(struct atomicfile *a, const char *dir, const char *name, struct diag *d);
int atomicfile_commit(struct atomicfile *a, struct diag *d);

/* Reopen DIR/.NAME.tmp for appending after an interruption, holding the
 * first len bytes of what was written: taken from the temporary file if it
 * is that long (a run killed before renaming), else from DIR/NAME (a run
 * that stopped and renamed its partial files). DIAG_OK, or DIAG_INPUT when
 * neither holds len bytes, DIAG_RUNTIME on I/O errors. */
int atomicfile_resume(struct atomicfile *a, const char *dir, const char *name, long len, struct diag *d);
void atomicfile_abort(struct atomicfile *a);

/* A path (or file name) formatted into malloc'd memory of the size it
 * needs: never truncated, whatever the lengths. NULL when out of memory. */
char *atomicfile_pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Create dir and its parents (mkdir -p). DIAG_OK or DIAG_RUNTIME. */
int atomicfile_mkdirs(const char *dir, struct diag *d);

/* Create dir/name (its parent must exist) or accept it as it is, provided
 * it is a directory and not a symbolic link: the subdirectories infnet
 * writes into (snapshots, plots) are its own, so nothing planted there sends
 * files elsewhere. DIAG_OK or DIAG_RUNTIME. */
int atomicfile_subdir(const char *dir, const char *name, struct diag *d);

#endif
