/* sim/plot/gnuplot.c - `infnet plot`: finding gnuplot and running it on one script.
 *
 * gnuplot runs in DIR/plots as a child (fork/exec, no shell), told to write
 * NAME.svg.tmp and NAME.png.tmp; they are renamed to their final names only
 * after a successful run, so no half-drawn image is left under its name.
 * While it runs, a signal that asks infnet to stop (sim/util/interrupt.h)
 * kills it (SIGKILL: nothing it was drawing is kept), and its temporaries
 * are removed before plot returns DIAG_INTERRUPTED.
 * Includes: POSIX (fork, exec, wait, kill, nanosleep).
 */
#include "sim/plot/plot_internal.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int plot_find_program(const char *path_env, const char *prog, char *out, size_t n)
{
    const char *s = path_env ? path_env : "/usr/bin:/bin";
    while (*s) {
        const char *colon = strchr(s, ':');
        size_t len = colon ? (size_t)(colon - s) : strlen(s);
        if (len > 0 && len + strlen(prog) + 2 <= n) {
            snprintf(out, n, "%.*s/%s", (int)len, s, prog);
            struct stat st;
            if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
                return 1;
        }
        if (!colon)
            break;
        s = colon + 1;
    }
    if (n)
        out[0] = '\0';
    return 0;
}

/* ---- running gnuplot ----------------------------------------------------------------- */

static void gnuplot_remove_tmp(const struct plot *p, const char *chart)
{
    static const char *const fmts[] = {"svg", "png"};
    char path[PATH_MAX_LEN];
    for (size_t k = 0; k < COUNT(fmts); k++) {
        snprintf(path, sizeof path, "%s/%s.%s.tmp", p->pdir, chart, fmts[k]);
        unlink(path);
    }
}

/* Wait for the gnuplot child pid into *status. It is polled (GNUPLOT_POLL_NS)
 * so that a signal is seen however it falls relative to the wait; on one,
 * the child is killed and waited for, and 1 returned. 0 when it ended by
 * itself; -1 with errno when waiting failed. */
static int gnuplot_wait(struct plot *p, pid_t pid, int *status)
{
    const struct timespec tick = {0, GNUPLOT_POLL_NS};
    int killed = 0;
    for (;;) {
        pid_t r = waitpid(pid, status, killed ? 0 : WNOHANG);
        if (r == pid)
            return killed;
        if (r < 0 && errno != EINTR)
            return -1;
        if (!killed && p->req->stop && *p->req->stop) {
            kill(pid, SIGKILL);
            killed = 1;
        } else if (r == 0) {
            nanosleep(&tick, NULL); /* a signal cuts it short */
        }
    }
}

/* Run `gnuplot -e "suffix='.tmp'" CHART.gp` in DIR/plots, then rename its outputs. */
int gnuplot_run(struct plot *p, const char *gnuplot, const char *chart)
{
    static const char *const fmts[] = {"svg", "png"};
    const int want[] = {p->req->svg, p->req->png};
    char script[NAME_MAX_LEN + 8];
    snprintf(script, sizeof script, "%s.gp", chart);
    /* gnuplot opens its outputs without O_NOFOLLOW: they are created here
     * first, afresh and never through a link, and gnuplot writes into them */
    for (size_t k = 0; k < COUNT(fmts); k++) {
        char tmp[PATH_MAX_LEN];
        snprintf(tmp, sizeof tmp, "%s/%s.%s.tmp", p->pdir, chart, fmts[k]);
        int fd = -1;
        if (want[k] && ((unlink(tmp) != 0 && errno != ENOENT) ||
                        (fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666)) < 0)) {
            int e = errno;
            gnuplot_remove_tmp(p, chart);
            return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", tmp, strerror(e));
        }
        if (fd >= 0)
            close(fd);
    }
    /* everything the child needs is prepared before fork: it only calls async-signal-safe functions */
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        gnuplot_remove_tmp(p, chart);
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot start gnuplot: %s", strerror(e));
    }
    if (pid == 0) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0 || dup2(fd, STDIN_FILENO) < 0 || chdir(p->pdir) != 0)
            _exit(CHILD_SETUP_FAILED);
        execl(gnuplot, "gnuplot", "-e", "suffix='.tmp'", script, (char *)NULL);
        _exit(CHILD_EXEC_FAILED);
    }
    int status, w = gnuplot_wait(p, pid, &status);
    if (w < 0) {
        int e = errno;
        gnuplot_remove_tmp(p, chart);
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "waiting for gnuplot: %s", strerror(e));
    }
    /* a Ctrl-C reaches gnuplot too (same process group): an interruption, not a gnuplot failure */
    if (w > 0 || plot_stopped(p)) {
        gnuplot_remove_tmp(p, chart);
        return diag_set(p->d, DIAG_INTERRUPTED, NULL, 0, 0, "interrupted while gnuplot drew '%s/%s'", p->pdir,
                        script);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        gnuplot_remove_tmp(p, chart);
        if (WIFSIGNALED(status))
            return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "gnuplot was killed by signal %d drawing '%s/%s'",
                            WTERMSIG(status), p->pdir, script);
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "gnuplot failed on '%s/%s' (exit status %d)", p->pdir,
                        script, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    for (size_t k = 0; k < COUNT(fmts); k++) {
        if (!want[k])
            continue;
        char tmp[PATH_MAX_LEN], dst[PATH_MAX_LEN];
        snprintf(tmp, sizeof tmp, "%s/%s.%s.tmp", p->pdir, chart, fmts[k]);
        snprintf(dst, sizeof dst, "%s/%s.%s", p->pdir, chart, fmts[k]);
        struct stat st;
        if (stat(tmp, &st) != 0 || st.st_size == 0) {
            gnuplot_remove_tmp(p, chart);
            return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "gnuplot wrote no %s image for '%s/%s'", fmts[k],
                            p->pdir, script);
        }
        if (rename(tmp, dst) != 0) {
            int e = errno;
            gnuplot_remove_tmp(p, chart);
            return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot rename '%s' to '%s': %s", tmp, dst,
                            strerror(e));
        }
        if (p->info)
            fprintf(p->info, "wrote %s\n", dst);
    }
    return DIAG_OK;
}
