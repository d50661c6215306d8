/* sim/engine/ranks.c - Open MPI process group, or the single-process stand-in (see ranks.h).
 * A batch's records and statuses travel in two MPI_Gatherv calls straight
 * into rank 0's arrays: each rank's slots are contiguous there.
 */
#include "sim/engine/ranks.h"

#include <limits.h>
#include <stdlib.h>

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

void ranks_bcast_ints(int *x, int n)
{
    MPI_Bcast(x, n, MPI_INT, 0, MPI_COMM_WORLD);
}

int ranks_bcast_doubles(double *x, size_t n)
{
    return MPI_Bcast(x, (int)n, MPI_DOUBLE, 0, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
}

int ranks_bcast_text(char **text, size_t *len)
{
    if (ranks_size() == 1)
        return 0;
    unsigned long long n = *len;
    if (MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD) != MPI_SUCCESS ||
        n > (unsigned long long)INT_MAX)
        return -1;
    if (ranks_rank() != 0) {
        *len = (size_t)n;
        *text = malloc((size_t)n + 1);
        if (!*text)
            ranks_abort(1); /* rank 0 is already sending */
        (*text)[n] = '\0';
    }
    return MPI_Bcast(*text, (int)n, MPI_CHAR, 0, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
}

int ranks_gather_batch(double *recs, int *status, const int *share, size_t len)
{
    int size = ranks_size(), rank = ranks_rank();
    if (size == 1)
        return 0;
    int *rc_count = NULL, *rc_displ = NULL, *st_count = NULL, *st_displ = NULL;
    size_t first = 0;
    for (int k = 0; k < rank; k++)
        first += (size_t)share[k];
    int rc;
    if (rank == 0) {
        rc_count = malloc((size_t)size * sizeof *rc_count);
        rc_displ = malloc((size_t)size * sizeof *rc_displ);
        st_count = malloc((size_t)size * sizeof *st_count);
        st_displ = malloc((size_t)size * sizeof *st_displ);
        if (!rc_count || !rc_displ || !st_count || !st_displ)
            ranks_abort(1);
        size_t off = 0;
        for (int k = 0; k < size; k++) {
            rc_count[k] = (int)((size_t)share[k] * len);
            rc_displ[k] = (int)(off * len);
            st_count[k] = share[k];
            st_displ[k] = (int)off;
            off += (size_t)share[k];
        }
        rc =
            MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, recs, rc_count, rc_displ, MPI_DOUBLE, 0, MPI_COMM_WORLD);
        if (rc == MPI_SUCCESS)
            rc =
                MPI_Gatherv(MPI_IN_PLACE, 0, MPI_INT, status, st_count, st_displ, MPI_INT, 0, MPI_COMM_WORLD);
    } else {
        rc = MPI_Gatherv(recs + first * len, (int)((size_t)share[rank] * len), MPI_DOUBLE, NULL, NULL, NULL,
                         MPI_DOUBLE, 0, MPI_COMM_WORLD);
        if (rc == MPI_SUCCESS)
            rc = MPI_Gatherv(status + first, share[rank], MPI_INT, NULL, NULL, NULL, MPI_INT, 0,
                             MPI_COMM_WORLD);
    }
    free(rc_count);
    free(rc_displ);
    free(st_count);
    free(st_displ);
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

void ranks_bcast_ints(int *x, int n)
{
    (void)x;
    (void)n;
}

int ranks_bcast_doubles(double *x, size_t n)
{
    (void)x;
    (void)n;
    return 0;
}

int ranks_bcast_text(char **text, size_t *len)
{
    (void)text;
    (void)len;
    return 0;
}

int ranks_gather_batch(double *recs, int *status, const int *share, size_t len)
{
    (void)recs;
    (void)status;
    (void)share;
    (void)len;
    return 0;
}

void ranks_abort(int code)
{
    (void)code; /* one process: the caller reports the failure itself */
}

#endif
