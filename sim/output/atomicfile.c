/* sim/output/atomicfile.c - write-to-temporary-then-rename files (see atomicfile.h). */
#include "sim/output/atomicfile.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *atomicfile_pathf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = malloc((size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static char *join(const char *dir, const char *prefix, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(prefix) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s%s", dir, prefix, name, suffix);
    return p;
}

/* Create path afresh: whatever is there (a stale temporary, a planted
 * link) is removed first, and O_EXCL|O_NOFOLLOW make the open fail rather
 * than follow a link or reuse a file that appeared in between. */
static int create_fresh(const char *path)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return -1;
    return open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
}

static int set_paths(struct atomicfile *a, const char *dir, const char *name, struct diag *d)
{
    a->f = NULL;
    a->path = join(dir, "", name, "");
    a->tmp = join(dir, ".", name, ".tmp");
    if (!a->path || !a->tmp) {
        atomicfile_abort(a);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    }
    return DIAG_OK;
}

/* The stream over fd, positioned at its end; closes fd on failure. */
static FILE *stream_at_end(int fd)
{
    FILE *f = fdopen(fd, "r+");
    if (!f) {
        close(fd);
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return NULL;
    }
    return f;
}

int atomicfile_open(struct atomicfile *a, const char *dir, const char *name, struct diag *d)
{
    int rc = set_paths(a, dir, name, d);
    if (rc)
        return rc;
    int fd = create_fresh(a->tmp);
    if (fd < 0 || !(a->f = stream_at_end(fd))) {
        int e = errno;
        diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", a->tmp,
                 e == EEXIST || e == ELOOP ? "something else appeared under that name while it was created"
                                           : strerror(e));
        /* nothing of ours to remove: a name that appeared in between is not ours */
        if (fd >= 0)
            unlink(a->tmp);
        free(a->tmp);
        a->tmp = NULL;
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

/* Open path for reading and writing if it is a regular file of ours: never
 * through a link (O_NOFOLLOW), never a file with other names (a hard link
 * planted from outside). -1 with errno ENOENT when absent, ELOOP for a link,
 * EMLINK for a file with other names. */
static int open_own(const char *path, int flags)
{
    int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink > 1) {
        int e = S_ISREG(st.st_mode) ? EMLINK : EINVAL;
        close(fd);
        errno = e;
        return -1;
    }
    /* back to blocking I/O (O_NONBLOCK only kept a FIFO from hanging the open) */
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static const char *own_reason(int e)
{
    return e == ELOOP    ? "it is a symbolic link"
           : e == EMLINK ? "it has other names (a hard link)"
           : e == EINVAL ? "it is not a regular file"
                         : strerror(e);
}

static int copy_prefix(int in, int out, long len)
{
    char buf[1 << 16];
    long left = len;
    while (left > 0) {
        size_t want = left < (long)sizeof buf ? (size_t)left : sizeof buf;
        ssize_t got = read(in, buf, want);
        if (got <= 0)
            return -1;
        for (ssize_t w = 0; w < got;) {
            ssize_t put = write(out, buf + w, (size_t)(got - w));
            if (put < 0)
                return -1;
            w += put;
        }
        left -= (long)got;
    }
    return 0;
}

int atomicfile_resume(struct atomicfile *a, const char *dir, const char *name, long len, struct diag *d)
{
    int rc = set_paths(a, dir, name, d);
    if (rc)
        return rc;
    struct stat st;
    int fd = open_own(a->tmp, O_RDWR);
    if (fd < 0 && errno != ENOENT) {
        int e = errno;
        diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot resume with '%s': %s", a->tmp, own_reason(e));
        free(a->tmp); /* not ours: left alone */
        a->tmp = NULL;
        atomicfile_abort(a);
        return DIAG_RUNTIME;
    }
    if (fd >= 0 && (fstat(fd, &st) != 0 || st.st_size < len)) {
        close(fd);
        fd = -1;
    }
    if (fd < 0) {
        /* copy the first len bytes of the final file into a fresh temporary one */
        int in = open_own(a->path, O_RDONLY);
        if (in < 0 || fstat(in, &st) != 0 || st.st_size < len) {
            int e = in < 0 ? errno : 0;
            if (in >= 0)
                close(in);
            if (e && e != ENOENT)
                diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot resume from '%s': %s", a->path, own_reason(e));
            else
                diag_set(d, DIAG_INPUT, NULL, 0, 0,
                         "cannot resume: neither '%s' nor '%s' holds the %ld bytes the "
                         "checkpoint recorded",
                         a->path, a->tmp, len);
            atomicfile_abort(a);
            return e && e != ENOENT ? DIAG_RUNTIME : DIAG_INPUT;
        }
        fd = create_fresh(a->tmp);
        int bad = fd < 0 || copy_prefix(in, fd, len) != 0;
        int e = errno;
        close(in);
        if (bad) {
            if (fd >= 0)
                close(fd);
            diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", a->tmp, strerror(e));
            atomicfile_abort(a);
            return DIAG_RUNTIME;
        }
    }
    int cut = ftruncate(fd, (off_t)len);
    if (cut != 0)
        close(fd);
    if (cut != 0 || !(a->f = stream_at_end(fd))) { /* stream_at_end closes fd on failure */
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

int atomicfile_subdir(const char *dir, const char *name, struct diag *d)
{
    char *p = atomicfile_pathf("%s/%s", dir, name);
    if (!p)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    struct stat st;
    int rc = DIAG_OK;
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot create directory '%s': %s", p, strerror(errno));
    else if (lstat(p, &st) != 0)
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot read '%s': %s", p, strerror(errno));
    else if (S_ISLNK(st.st_mode))
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0,
                      "'%s' is a symbolic link; infnet writes only into a directory of "
                      "its own there",
                      p);
    else if (!S_ISDIR(st.st_mode))
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "'%s' is not a directory", p);
    free(p);
    return rc;
}
