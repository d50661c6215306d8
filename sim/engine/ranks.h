/* sim/engine/ranks.h - the processes of one run: Open MPI when built with INFNET_MPI, one process otherwise.
 *
 * The only module that includes <mpi.h>. Replicas are spread over ranks
 * batch by batch; rank 0 gathers every record and folds them in replica
 * order, so outputs are byte-identical to one process (sim/engine/runner.c). Only
 * rank 0 writes files or prints. Without INFNET_MPI every function is the
 * one-process case (rank 0 of 1) and costs nothing.
 */
#ifndef INFNET_SIM_RANKS_H
#define INFNET_SIM_RANKS_H

#include <stddef.h>

/* Start and stop the process group (MPI_Init_thread with FUNNELED: only the
 * thread that called it makes MPI calls). 0 or -1. */
int ranks_init(int *argc, char ***argv);
void ranks_finalize(void);

int ranks_rank(void);
int ranks_size(void);

/* The largest of every rank's x (a collective: every rank must call it). */
int ranks_max_int(int x);
/* Rank 0's value of *x on every rank. */
void ranks_bcast_int(int *x);
/* Rank 0's values of x[0..n-1] on every rank. */
void ranks_bcast_ints(int *x, int n);

/* Rank 0's values of x[0..n-1] on every rank. 0 or -1. */
int ranks_bcast_doubles(double *x, size_t n);
/* Rank 0's text (*text, *len bytes) on every rank: the others receive a
 * malloc'd, NUL-terminated copy in *text (whatever they passed is not
 * read). 0 or -1 (a rank out of memory ends every rank, as ranks_abort). */
int ranks_bcast_text(char **text, size_t *len);

/* Gather a batch of records on rank 0. Rank k computed the share[k] slots
 * that follow the shares of ranks 0..k-1 (each slot is `len` doubles in
 * recs and one int in status); every rank passes its own slots filled, and
 * rank 0 receives the others' in place. 0 or -1. */
int ranks_gather_batch(double *recs, int *status, const int *share, size_t len);

/* Under MPI: stop every rank at once after a fatal error in a collective
 * (MPI_Abort; never returns). One process: does nothing. */
void ranks_abort(int code);

#endif
