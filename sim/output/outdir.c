/* sim/output/outdir.c - the output directory's lock (see outdir.h).
 *
 * The lock is flock(2) on DIR/.lock, opened without following links. A
 * holder removes the file before it releases the lock, so a waiter that
 * opened the old file may win a lock on a file no longer in the directory:
 * after locking, the file under the name must be the one locked, or the
 * attempt starts again.
 */
#include "sim/output/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sim/output/atomicfile.h"

/* Attempts when the lock file keeps being replaced under us (each one means
 * another writer finished in between: more than a few is not a race). */
#define OUTDIR_LOCK_ATTEMPTS 16
/* Longest holder description read back from a lock file. */
#define OUTDIR_HOLDER_MAX 1024
/* Longest own command line recorded. */
#define OUTDIR_COMMAND_MAX 4096

void outdir_lock_init(struct outdir_lock *l)
{
    l->fd = -1;
    l->path = NULL;
}

/* The process's command line, arguments separated by spaces, into out[n]. */
static void own_command(const char *label, char *out, size_t n)
{
    snprintf(out, n, "%s", label);
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ssize_t got = read(fd, out, n - 1);
    close(fd);
    if (got <= 0) {
        snprintf(out, n, "%s", label);
        return;
    }
    out[got] = '\0';
    while (got > 0 && out[got - 1] == '\0')
        got--;
    for (ssize_t i = 0; i < got; i++)
        if (out[i] == '\0' || out[i] == '\n')
            out[i] = ' ';
}

/* The holder's record, one line: "pid N, 'COMMAND', started T". */
static void read_holder(int fd, char *out, size_t n)
{
    char buf[OUTDIR_HOLDER_MAX];
    ssize_t got = pread(fd, buf, sizeof buf - 1, 0);
    buf[got > 0 ? got : 0] = '\0';
    char pid[32] = "?", started[64] = "?";
    const char *cmd = "?";
    size_t cmd_len = 1;
    for (char *line = buf; *line;) {
        size_t len = strcspn(line, "\n");
        if (!strncmp(line, "pid ", 4))
            snprintf(pid, sizeof pid, "%.*s", (int)(len - 4), line + 4);
        else if (!strncmp(line, "command ", 8)) {
            cmd = line + 8;
            cmd_len = len - 8;
        } else if (!strncmp(line, "started ", 8))
            snprintf(started, sizeof started, "%.*s", (int)(len - 8), line + 8);
        line += len + (line[len] == '\n');
    }
    snprintf(out, n, "pid %s, '%.*s', started %s", pid, (int)cmd_len, cmd, started);
}

static int write_record(int fd, const char *label)
{
    char cmd[OUTDIR_COMMAND_MAX], when[64];
    own_command(label, cmd, sizeof cmd);
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(when, sizeof when, "?");
    char rec[OUTDIR_COMMAND_MAX + 128];
    int len = snprintf(rec, sizeof rec, "pid %ld\ncommand %s\nstarted %s\n", (long)getpid(), cmd, when);
    if (len < 0)
        return -1;
    if ((size_t)len >= sizeof rec)
        len = (int)sizeof rec - 1;
    if (ftruncate(fd, 0) != 0)
        return -1;
    for (int done = 0; done < len;) {
        ssize_t w = pwrite(fd, rec + done, (size_t)(len - done), done);
        if (w < 0)
            return -1;
        if (w == 0) { /* no progress and no reason given: the disk is full */
            errno = ENOSPC;
            return -1;
        }
        done += (int)w;
    }
    return 0;
}

int outdir_lock(struct outdir_lock *l, const char *dir, const char *label, struct diag *d)
{
    outdir_lock_init(l);
    int rc = atomicfile_mkdirs(dir, d);
    if (rc)
        return rc;
    size_t n = strlen(dir) + sizeof "/" OUTDIR_LOCK_NAME;
    if (!(l->path = malloc(n)))
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    snprintf(l->path, n, "%s/%s", dir, OUTDIR_LOCK_NAME);
    for (int attempt = 0; attempt < OUTDIR_LOCK_ATTEMPTS; attempt++) {
        int fd = open(l->path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0666);
        struct stat st, now;
        if (fd < 0) {
            int e = errno;
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot lock '%s': %s", l->path,
                          e == ELOOP ? "it is a symbolic link" : strerror(e));
            goto fail;
        }
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink > 1) {
            close(fd);
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot lock '%s': it is not a lock file of infnet's",
                          l->path);
            goto fail;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            if (e == EWOULDBLOCK) {
                char holder[OUTDIR_HOLDER_MAX + 64];
                read_holder(fd, holder, sizeof holder);
                close(fd);
                rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0,
                              "'%s' is being written by another infnet (%s); wait for it to finish or give "
                              "another directory",
                              dir, holder);
            } else {
                close(fd);
                rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot lock '%s': %s", l->path, strerror(e));
            }
            goto fail;
        }
        if (lstat(l->path, &now) != 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev) {
            close(fd); /* the holder removed it as we opened it: try the new one */
            continue;
        }
        if (write_record(fd, label) != 0) {
            int e = errno;
            unlink(l->path);
            close(fd);
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", l->path, strerror(e));
            goto fail;
        }
        l->fd = fd;
        return DIAG_OK;
    }
    rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot lock '%s': its lock file keeps being replaced", dir);
fail:
    free(l->path);
    l->path = NULL;
    return rc;
}

void outdir_unlock(struct outdir_lock *l)
{
    if (l->fd >= 0) {
        unlink(l->path); /* before the lock goes: see the file's header */
        close(l->fd);
    }
    free(l->path);
    outdir_lock_init(l);
}

/* ---- clearing what earlier commands left ------------------------------------ */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int outdir_is_plot_file(const char *name)
{
    static const char *const ours[] = {".gp", ".dat", ".svg", ".png", ".tmp"};
    for (size_t k = 0; k < sizeof ours / sizeof ours[0]; k++)
        if (ends_with(name, ours[k]))
            return 1;
    return !strcmp(name, "index.md"); /* the charts' index */
}

static int is_snapshot_file(const char *name)
{
    return ends_with(name, ".graphml") || (name[0] == '.' && ends_with(name, ".graphml.tmp"));
}

/* Whether sub/name (sub NULL: the top) is one of keep[]. */
static int kept(const char *sub, const char *name, const char *const *keep, size_t n_keep)
{
    size_t ls = sub ? strlen(sub) : 0;
    for (size_t i = 0; i < n_keep; i++) {
        const char *k = keep[i];
        if (sub && (strncmp(k, sub, ls) != 0 || k[ls] != '/'))
            continue;
        if (!strcmp(sub ? k + ls + 1 : k, name))
            return 1;
    }
    return 0;
}

/* Unlink dir/[sub/]name in dfd when it is a regular file or a link. */
static int remove_entry(int dfd, const char *dir, const char *sub, const char *name, struct diag *d)
{
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return DIAG_OK;
    } else if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
        return DIAG_OK; /* not a file infnet writes: not ours to remove */
    } else if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT) {
        return DIAG_OK;
    }
    return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot remove '%s/%s%s%s': %s", dir, sub ? sub : "",
                    sub ? "/" : "", name, strerror(errno));
}

/* Clear dir/sub of the files is_ours accepts, then remove it if empty. */
static int clear_subdir(int dfd, const char *dir, const char *sub, int (*is_ours)(const char *),
                        const char *const *keep, size_t n_keep, struct diag *d)
{
    int sfd = openat(dfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sfd < 0) {
        if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
            return DIAG_OK; /* absent, or a link or file: left as it is */
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot read directory '%s/%s': %s", dir, sub,
                        strerror(errno));
    }
    DIR *dd = fdopendir(sfd);
    if (!dd) {
        int e = errno;
        close(sfd);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot read directory '%s/%s': %s", dir, sub,
                        strerror(e));
    }
    int rc = DIAG_OK, left = 0;
    struct dirent *e;
    errno = 0;
    while (!rc && (e = readdir(dd)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (!is_ours(e->d_name) || kept(sub, e->d_name, keep, n_keep))
            left = 1;
        else
            rc = remove_entry(sfd, dir, sub, e->d_name, d);
        errno = 0;
    }
    if (!rc && errno != 0)
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot read directory '%s/%s': %s", dir, sub,
                      strerror(errno));
    closedir(dd);
    /* a file of the user's (or a directory under an owned name) keeps it */
    if (!rc && !left && unlinkat(dfd, sub, AT_REMOVEDIR) != 0 && errno != ENOTEMPTY && errno != EEXIST &&
        errno != ENOENT)
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot remove '%s/%s': %s", dir, sub, strerror(errno));
    return rc;
}

int outdir_clear(const char *dir, const char *const *keep, size_t n_keep, struct diag *d)
{
    static const char *const owned[] = {OUTDIR_OWNED_FILES};
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot read directory '%s': %s", dir, strerror(errno));
    int rc = DIAG_OK;
    for (size_t i = 0; !rc && i < sizeof owned / sizeof owned[0]; i++) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, ".%s.tmp", owned[i]);
        if (!kept(NULL, owned[i], keep, n_keep))
            rc = remove_entry(dfd, dir, NULL, owned[i], d);
        if (!rc)
            rc = remove_entry(dfd, dir, NULL, tmp, d);
    }
    if (!rc)
        rc = clear_subdir(dfd, dir, "snapshots", is_snapshot_file, keep, n_keep, d);
    if (!rc)
        rc = clear_subdir(dfd, dir, "plots", outdir_is_plot_file, keep, n_keep, d);
    close(dfd);
    return rc;
}
