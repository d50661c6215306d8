/* tests/oom/failmalloc.c - an LD_PRELOAD shim that fails the Nth heap allocation.
 *
 * The allocation-failure tests (tests/e2e_oom.sh, make oom) preload this into
 * infnet, in the manner of SQLite's malloc-failure tests: every call of the
 * process to malloc, calloc, realloc, reallocarray, posix_memalign,
 * aligned_alloc, memalign, valloc, strdup and strndup is counted (infnet's,
 * igraph's, GSL's, libyaml's, jansson's, libcsv's, OpenSSL's, libgomp's and
 * libc's own), and call number INFNET_FAIL_ALLOC (1-based) returns NULL with
 * errno ENOMEM. With INFNET_FAIL_ALLOC_PERSIST=1 every call from the Nth on
 * fails, as when memory is really exhausted. Unset or 0: nothing fails, which
 * with INFNET_FAIL_ALLOC_LOG is how a test learns the number of calls.
 *
 * Calls made before libc has set environ (AddressSanitizer's, from the
 * executable's preinit functions) are neither counted nor failed. Only a
 * process whose executable's name begins with "infnet" is affected: the
 * programs infnet starts (gnuplot) inherit the preload but fail nothing and
 * write no log.
 *
 * INFNET_FAIL_ALLOC_LOG=FILE receives "failed N" when the Nth call is failed
 * (written at once, with write(2), so that it survives a crash) and
 * "calls K" at exit (K counted calls). The count is per process and shared by
 * its threads, so a loop over N is deterministic only for single-threaded
 * work (--threads 1). INFNET_FAIL_ALLOC_TRACE=1 writes the failed call's
 * stack to stderr (backtrace_symbols_fd; addr2line -e BINARY names lines).
 *
 * Each wrapper forwards to the next definition (dlsym(RTLD_NEXT)): libc's, or
 * jemalloc's, or AddressSanitizer's when preloaded before libasan (then with
 * ASAN_OPTIONS=verify_asan_link_order=0). strdup and strndup are wrapped
 * because ASan intercepts them without going through malloc. dlsym may
 * allocate while the wrappers resolve; those few requests are served from a
 * static arena that free() recognises and ignores. Function pointers are
 * taken from dlsym through a void ** as POSIX advises (ISO C has no such
 * conversion).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void *(*next_reallocarray)(void *, size_t, size_t);
static int (*next_posix_memalign)(void **, size_t, size_t);
static void *(*next_aligned_alloc)(size_t, size_t);
static void *(*next_memalign)(size_t, size_t);
static void *(*next_valloc)(size_t);
static void (*next_free)(void *);

static atomic_long calls;
static long fail_at; /* 0: never */
static int persist;
static int trace;
static char log_path[4096];
static atomic_int resolving;
static atomic_int ready;
static atomic_int configured;
extern char **environ;

/* The bootstrap arena for allocations made by dlsym while resolving. */
static _Alignas(16) char arena[16384];
static atomic_size_t arena_used;

static void *arena_alloc(size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    size_t at = atomic_fetch_add(&arena_used, need);
    if (at + need > sizeof arena)
        return NULL;
    return arena + at;
}

static int in_arena(const void *p)
{
    return (const char *)p >= arena && (const char *)p < arena + sizeof arena;
}

static void log_line(const char *what, long v)
{
    if (!log_path[0])
        return;
    char buf[64];
    int len = snprintf(buf, sizeof buf, "%s %ld\n", what, v);
    int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    if (write(fd, buf, (size_t)len) < 0) {
        /* nothing to do: the test then sees no line */
    }
    close(fd);
}

static void resolve(void)
{
    if (atomic_load(&ready))
        return;
    atomic_store(&resolving, 1);
    *(void **)&next_malloc = dlsym(RTLD_NEXT, "malloc");
    *(void **)&next_calloc = dlsym(RTLD_NEXT, "calloc");
    *(void **)&next_realloc = dlsym(RTLD_NEXT, "realloc");
    *(void **)&next_reallocarray = dlsym(RTLD_NEXT, "reallocarray");
    *(void **)&next_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    *(void **)&next_aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
    *(void **)&next_memalign = dlsym(RTLD_NEXT, "memalign");
    *(void **)&next_valloc = dlsym(RTLD_NEXT, "valloc");
    *(void **)&next_free = dlsym(RTLD_NEXT, "free");
    atomic_store(&resolving, 0);
    atomic_store(&ready, 1);
}

/* The settings, read once the environment exists: AddressSanitizer allocates
 * from the executable's preinit functions, before libc has set environ. */
static void configure(void)
{
    if (atomic_load(&configured) || !environ)
        return;
    /* Only infnet itself: a program it starts (gnuplot for a picture)
     * inherits LD_PRELOAD and the settings, and must neither fail nor write
     * the log. */
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        const char *base = strrchr(exe, '/');
        base = base ? base + 1 : exe;
        if (strncmp(base, "infnet", 6) != 0) {
            fail_at = 0;
            log_path[0] = '\0';
            atomic_store(&configured, 1);
            return;
        }
    }
    const char *s = getenv("INFNET_FAIL_ALLOC");
    fail_at = s ? strtol(s, NULL, 10) : 0;
    s = getenv("INFNET_FAIL_ALLOC_PERSIST");
    persist = s && s[0] == '1';
    s = getenv("INFNET_FAIL_ALLOC_TRACE");
    trace = s && s[0] == '1';
    s = getenv("INFNET_FAIL_ALLOC_LOG");
    if (s && strlen(s) < sizeof log_path)
        memcpy(log_path, s, strlen(s) + 1);
    atomic_store(&configured, 1);
}

/* Count one call; 1 when it is to fail. */
static int fail_now(void)
{
    configure();
    if (!atomic_load(&configured))
        return 0; /* before environ exists: neither counted nor failed */
    long k = atomic_fetch_add(&calls, 1) + 1;
    if (fail_at <= 0 || k < fail_at || (k > fail_at && !persist))
        return 0;
    if (k == fail_at) {
        log_line("failed", k);
        if (trace) { /* backtrace may allocate: past the Nth call, that is fine */
            void *frames[64];
            backtrace_symbols_fd(frames, backtrace(frames, 64), 2);
        }
    }
    errno = ENOMEM;
    return 1;
}

__attribute__((destructor)) static void report(void)
{
    configure();
    log_line("calls", atomic_load(&calls));
}

void *malloc(size_t n)
{
    if (atomic_load(&resolving))
        return arena_alloc(n);
    resolve();
    return fail_now() ? NULL : next_malloc(n);
}

void *calloc(size_t m, size_t n)
{
    if (atomic_load(&resolving)) {
        if (n && m > (size_t)-1 / n)
            return NULL;
        return arena_alloc(m * n); /* static storage is zeroed */
    }
    resolve();
    return fail_now() ? NULL : next_calloc(m, n);
}

void *realloc(void *p, size_t n)
{
    resolve();
    if (in_arena(p)) { /* never grown in practice; copy out if it is */
        void *q = malloc(n);
        if (q)
            memcpy(q, p,
                   n < sizeof arena - (size_t)((char *)p - arena)
                       ? n
                       : sizeof arena - (size_t)((char *)p - arena));
        return q;
    }
    return fail_now() ? NULL : next_realloc(p, n);
}

void *reallocarray(void *p, size_t m, size_t n)
{
    resolve();
    if (in_arena(p)) {
        if (n && m > (size_t)-1 / n) {
            errno = ENOMEM;
            return NULL;
        }
        return realloc(p, m * n);
    }
    return fail_now() ? NULL : next_reallocarray(p, m, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    resolve();
    return fail_now() ? ENOMEM : next_posix_memalign(out, align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    resolve();
    return fail_now() ? NULL : next_aligned_alloc(align, n);
}

void *memalign(size_t align, size_t n)
{
    resolve();
    return fail_now() ? NULL : next_memalign(align, n);
}

void *valloc(size_t n)
{
    resolve();
    return fail_now() ? NULL : next_valloc(n);
}

char *strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    return p ? memcpy(p, s, n) : NULL;
}

char *strndup(const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void free(void *p)
{
    if (!p || in_arena(p))
        return;
    resolve();
    next_free(p);
}
