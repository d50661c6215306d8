/* tests/races_probe.c - a known-good and a known-racy OpenMP program for tests/e2e_races.sh.
 *
 * Checks the race detector before it is trusted with infnet: built as
 * infnet's ThreadSanitizer build is built (clang, libomp with its Archer
 * tool), the plain program, whose threads share data only across OpenMP
 * barriers (as sim/engine/runner.c does), must give no report, and with -DRACE,
 * where both threads then update one element unsynchronised, exactly one.
 * A detector that misses the race is blind; one that flags the barrier
 * pattern would drown real reports in false ones (GCC's libgomp does that:
 * it is not instrumented).
 */
#include <omp.h>
#include <stdio.h>

/* Threads in the parallel region: the least that can race. */
#define PROBE_THREADS 2

int main(void)
{
    static long shared[PROBE_THREADS];
    long sum = 0;
#pragma omp parallel num_threads(PROBE_THREADS)
    {
        int t = omp_get_thread_num();
        shared[t] = t + 1;
#pragma omp barrier
#pragma omp master
        for (int i = 0; i < PROBE_THREADS; i++)
            sum += shared[i];
#pragma omp barrier
#ifdef RACE
        shared[0] += t;
#endif
    }
    printf("%ld %ld\n", sum, shared[0]);
    return 0;
}
