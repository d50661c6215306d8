/* sim/ranks.c - Open MPI process group, or the single-process stand-in (see ranks.h).
 * Records travel as doubles; a replica's status (an int) is carried as a
 * double in the packed message, exact for the small codes it takes.
 */
#include "ranks.h"

#include <stdlib.h>
#include <string.h>

#ifdef INFNET_MPI
#include <mpi.h>

int ranks_init(int *argc, char ***argv)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    return provided >= MPI_THREAD_FUNNELED ? 0 : -1;
}

void ranks_finalize(void)
{
    MPI_Finalize();
}

int ranks_rank(void)
{
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int ranks_size(void)
{
    int n = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

int ranks_max_int(int x)
{
    int out = x;
    MPI_Allreduce(&x, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out;
}

void ranks_bcast_int(int *x)
{
    MPI_Bcast(x, 1, MPI_INT, 0, MPI_COMM_WORLD);
}

int ranks_gather_batch(double *recs, int *status, size_t n, size_t len, double *scratch)
{
    int size = ranks_size(), rank = ranks_rank();
    if (size == 1)
        return 0;
    size_t unit = len + 1;
    /* pack my slots: status then record */
    size_t mine = 0;
    for (size_t j = (size_t)rank; j < n; j += (size_t)size, mine++) {
        scratch[mine * unit] = (double)status[j];
        memcpy(scratch + mine * unit + 1, recs + j * len, len * sizeof *recs);
    }
    int *counts = NULL, *displs = NULL;
    double *all = NULL;
    if (rank == 0) {
        counts = malloc((size_t)size * sizeof *counts);
        displs = malloc((size_t)size * sizeof *displs);
        all = malloc(n * unit * sizeof *all + 1);
        if (!counts || !displs || !all)
            ranks_abort(1);
        int off = 0;
        for (int k = 0; k < size; k++) {
            size_t slots = (size_t)k < n ? (n - (size_t)k + (size_t)size - 1) / (size_t)size : 0;
            counts[k] = (int)(slots * unit);
            displs[k] = off;
            off += counts[k];
        }
    }
    int rc = MPI_Gatherv(scratch, (int)(mine * unit), MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, 0,
                         MPI_COMM_WORLD);
    if (rank == 0 && rc == MPI_SUCCESS) {
        for (int k = 1; k < size; k++) {
            const double *p = all + displs[k];
            for (size_t j = (size_t)k; j < n; j += (size_t)size, p += unit) {
                status[j] = (int)p[0];
                memcpy(recs + j * len, p + 1, len * sizeof *recs);
            }
        }
    }
    free(counts);
    free(displs);
    free(all);
    return rc == MPI_SUCCESS ? 0 : -1;
}

void ranks_abort(int code)
{
    MPI_Abort(MPI_COMM_WORLD, code);
    exit(code); /* not reached */
}

#else /* one process */

int ranks_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

void ranks_finalize(void)
{
}

int ranks_rank(void)
{
    return 0;
}

int ranks_size(void)
{
    return 1;
}

int ranks_max_int(int x)
{
    return x;
}

void ranks_bcast_int(int *x)
{
    (void)x;
}

int ranks_gather_batch(double *recs, int *status, size_t n, size_t len, double *scratch)
{
    (void)recs;
    (void)status;
    (void)n;
    (void)len;
    (void)scratch;
    return 0;
}

void ranks_abort(int code)
{
    (void)code; /* one process: the caller reports the failure itself */
}

#endif
