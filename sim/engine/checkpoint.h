/* sim/engine/checkpoint.h - the checkpoint of an interrupted run, for `infnet run --resume`.
 *
 * A checkpoint holds what a run needs to continue as if never stopped: a
 * fingerprint of its inputs (engine version, scenario files and their
 * SHA-256, seeds, replicas, overrides), which scenario was in progress and
 * how many of its replicas were folded, the byte lengths the five CSV
 * streams had then, and the exact state of that scenario's streaming
 * statistics and patron counts. It is written to DIR/.checkpoint through a temporary file,
 * fsync and rename, and ends with the SHA-256 of its content, so it is
 * either whole and verified or refused; never half-read. It starts with its
 * format number and records the statistics' state tag (analysis/stats.h,
 * with the GSL version): a checkpoint of another is refused by name.
 * Native byte order:
 * resume on the machine (architecture) that wrote it.
 */
#ifndef INFNET_SIM_CHECKPOINT_H
#define INFNET_SIM_CHECKPOINT_H

#include "sim/util/diag.h"
#include "sim/engine/runner.h"

#define CHECKPOINT_NAME ".checkpoint"

/* Streams whose lengths a checkpoint records, in this order. */
enum { CK_SUMMARY, CK_FINAL, CK_NODES, CK_REPLICAS, CK_PATRONS, CK_STREAMS };
_Static_assert(CK_STREAMS == RUNNER_STREAMS, "a checkpoint records every stream of a run");

struct checkpoint {
    char *fingerprint;    /* the fingerprint text (owned) */
    int scenario;         /* index of the scenario in progress */
    long done;            /* its replicas folded */
    long len[CK_STREAMS]; /* bytes of each stream (0 when absent) */
};

/* 1 if dir holds a checkpoint file. */
int checkpoint_exists(const char *dir);
void checkpoint_remove(const char *dir);

/* Write ck and the statistics of st atomically into dir. DIAG_OK or DIAG_RUNTIME. */
int checkpoint_write(const char *dir, const struct checkpoint *ck, const struct runner_state *st,
                     struct diag *d);

/* Read dir's checkpoint header into ck (ck->fingerprint allocated).
 * DIAG_OK; DIAG_INPUT when the file is corrupt or not a checkpoint. */
int checkpoint_read_header(const char *dir, struct checkpoint *ck, struct diag *d);

/* Restore the statistics into st, which runner_state_init sized for the
 * scenario in progress; refuses a checkpoint whose tables differ. */
int checkpoint_read_state(const char *dir, struct runner_state *st, struct diag *d);

void checkpoint_free(struct checkpoint *ck);

#endif
