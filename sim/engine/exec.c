/* sim/engine/exec.c - analysis/parts' tasks on an OpenMP team (see exec.h). */
#include "sim/engine/exec.h"

#include <omp.h>

#include "sim/util/interrupt.h"

static void openmp_run(const struct parts_exec *ex, int n, parts_task *task, void *arg)
{
#pragma omp parallel num_threads(ex->workers) if (ex->workers > 1 && n > 1)
    {
        struct interrupt_saved saved;
        igraph_warning_handler_t *warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
        interrupt_igraph_attach(&saved);
        int worker = omp_get_thread_num();
#pragma omp for schedule(dynamic, 1)
        for (int k = 0; k < n; k++)
            task(arg, k, worker);
        interrupt_igraph_detach(&saved);
        igraph_set_warning_handler(warn);
    }
}

struct parts_exec exec_openmp(int threads)
{
    struct parts_exec ex = {openmp_run, threads > 1 ? threads : 1, NULL};
    return ex;
}
