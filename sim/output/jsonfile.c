/* sim/output/jsonfile.c - JSON files read with jansson, out of memory told apart (see jsonfile.h).
 *
 * jansson takes one pair of allocation functions for the whole process and
 * passes them no context, so the note of a failure is thread-local: each
 * thread's parse sees only its own allocations. It is the one piece of
 * mutable state here, as errno is for libc.
 */
#include "sim/output/jsonfile.h"

#include <errno.h>
#include <stdlib.h>

static _Thread_local int alloc_failed;

static void *watched_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        alloc_failed = 1;
    return p;
}

void jsonfile_install(void)
{
    json_set_alloc_funcs(watched_malloc, free);
}

json_t *jsonfile_load(const char *path, size_t flags, json_error_t *err, int *oom)
{
    alloc_failed = 0;
    errno = 0;
    json_t *root = json_load_file(path, flags, err);
    /* fopen's own allocation failing: jansson reports it as "unable to open" */
    int no_open = json_error_code(err) == json_error_cannot_open_file && errno == ENOMEM;
    *oom = !root && (alloc_failed || no_open || json_error_code(err) == json_error_out_of_memory);
    return root;
}

json_t *jsonfile_loadf(FILE *f, size_t flags, json_error_t *err, int *oom)
{
    alloc_failed = 0;
    json_t *root = json_loadf(f, flags, err);
    *oom = !root && (alloc_failed || json_error_code(err) == json_error_out_of_memory);
    return root;
}

void jsonfile_watch(void)
{
    alloc_failed = 0;
}

int jsonfile_failed(void)
{
    return alloc_failed;
}

int jsonfile_dump(const json_t *json, FILE *f, size_t flags, int *oom)
{
    alloc_failed = 0;
    int rc = json_dumpf(json, f, flags);
    *oom = rc != 0 && alloc_failed;
    return rc;
}
