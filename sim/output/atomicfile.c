/* sim/output/atomicfile.c - write-to-temporary-then-rename files (see atomicfile.h). */
#include "sim/output/atomicfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *dir, const char *prefix, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(prefix) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s%s", dir, prefix, name, suffix);
    return p;
}

int atomicfile_open(struct atomicfile *a, const char *dir, const char *name, struct diag *d)
{
    a->f = NULL;
    a->path = join(dir, "", name, "");
    a->tmp = join(dir, ".", name, ".tmp");
    if (!a->path || !a->tmp) {
        atomicfile_abort(a);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    }
    a->f = fopen(a->tmp, "w");
    if (!a->f) {
        int e = errno;
        diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", a->tmp, strerror(e));
        atomicfile_abort(a);
        return DIAG_RUNTIME;
    }
    return DIAG_OK;
}

int atomicfile_commit(struct atomicfile *a, struct diag *d)
{
    int bad = ferror(a->f);
    int e = errno;
    if (fflush(a->f) != 0) {
        bad = 1;
        e = errno;
    }
    if (!bad && fsync(fileno(a->f)) != 0 && errno != EINVAL) {
        bad = 1;
        e = errno;
    }
    if (fclose(a->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    a->f = NULL;
    if (bad) {
        diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", a->path, strerror(e));
        atomicfile_abort(a);
        return DIAG_RUNTIME;
    }
    if (rename(a->tmp, a->path) != 0) {
        e = errno;
        diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot rename '%s' to '%s': %s", a->tmp, a->path, strerror(e));
        atomicfile_abort(a);
        return DIAG_RUNTIME;
    }
    free(a->tmp);
    free(a->path);
    a->tmp = a->path = NULL;
    return DIAG_OK;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int atomicfile_resume(struct atomicfile *a, const char *dir, const char *name, long len, struct diag *d)
{
    a->f = NULL;
    a->path = join(dir, "", name, "");
    a->tmp = join(dir, ".", name, ".tmp");
    if (!a->path || !a->tmp) {
        atomicfile_abort(a);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    }
    if (file_size(a->tmp) < len) {
        /* copy the first len bytes of the final file into the temporary one */
        FILE *in = fopen(a->path, "rb");
        if (!in || file_size(a->path) < len) {
            if (in)
                fclose(in);
            diag_set(d, DIAG_INPUT, NULL, 0, 0, "cannot resume: neither '%s' nor '%s' holds the %ld bytes the "
                     "checkpoint recorded", a->path, a->tmp, len);
            atomicfile_abort(a);
            return DIAG_INPUT;
        }
        FILE *out = fopen(a->tmp, "wb");
        char buf[1 << 16];
        long left = len;
        int bad = !out;
        while (!bad && left > 0) {
            size_t want = left < (long)sizeof buf ? (size_t)left : sizeof buf;
            size_t got = fread(buf, 1, want, in);
            bad = got != want || fwrite(buf, 1, got, out) != got;
            left -= (long)got;
        }
        fclose(in);
        if (out && fclose(out) != 0)
            bad = 1;
        if (bad) {
            int e = errno;
            diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", a->tmp, strerror(e));
            atomicfile_abort(a);
            return DIAG_RUNTIME;
        }
    }
    if (truncate(a->tmp, (off_t)len) != 0 || !(a->f = fopen(a->tmp, "ab"))) {
        int e = errno;
        diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot reopen '%s': %s", a->tmp, strerror(e));
        atomicfile_abort(a);
        return DIAG_RUNTIME;
    }
    return DIAG_OK;
}

void atomicfile_abort(struct atomicfile *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp)
        unlink(a->tmp);
    free(a->tmp);
    free(a->path);
    a->f = NULL;
    a->tmp = a->path = NULL;
}

int atomicfile_mkdirs(const char *dir, struct diag *d)
{
    char *p = strdup(dir);
    if (!p)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot create directory '%s': %s", p, strerror(e));
                free(p);
                return DIAG_RUNTIME;
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "'%s' is not a directory", dir);
        free(p);
        return DIAG_RUNTIME;
    }
    free(p);
    return DIAG_OK;
}
