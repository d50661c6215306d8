/* sim/output/outdir.c - the output directory's lock (see outdir.h).
 *
 * The lock is flock(2) on DIR/.lock, opened without following links. A
 * holder removes the file before it releases the lock, so a waiter that
 * opened the old file may win a lock on a file no longer in the directory:
 * after locking, the file under the name must be the one locked, or the
 * attempt starts again.
 */
#include "sim/output/outdir.h"

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
