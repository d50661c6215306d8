/* sim/util/interrupt.c - the stop flag, its signal handlers and igraph's interruption handler (see
 * interrupt.h). */
#include "sim/util/interrupt.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

/* The first SIGINT or SIGTERM asks for a stop; a later one, which arrives
 * while the outputs, the checkpoint and the lock are being put in order,
 * only says so: killing the process then would leave temporary files and a
 * lock file behind. (write is async-signal-safe; errno is the interrupted
 * code's.) SIGKILL and SIGQUIT still end the process at once. */
static void on_stop(int sig)
{
    static const char again[] = "infnet: already stopping: completing its files "
                                "(Ctrl-\\ quits at once, but leaves temporary files)\n";
    (void)sig;
    if (!stop_requested) {
        stop_requested = 1;
        return;
    }
    int saved = errno;
    ssize_t w = write(STDERR_FILENO, again, sizeof again - 1);
    (void)w;
    errno = saved;
}

/* igraph calls this from its long loops (IGRAPH_ALLOW_INTERRUPTION). */
static igraph_error_t igraph_should_stop(void *data)
{
    (void)data;
    return stop_requested ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
}

void interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sa.sa_flags = 0; /* stays installed (no SA_RESETHAND): see on_stop */
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT); /* one handler at a time: the second sees the first's flag */
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    interrupt_igraph_attach(NULL);
}

const volatile sig_atomic_t *interrupt_flag(void)
{
    return &stop_requested;
}

void interrupt_error_handler(const char *reason, const char *file, int line, igraph_error_t err)
{
    (void)reason;
    (void)file;
    (void)line;
    if (err == IGRAPH_INTERRUPTED)
        IGRAPH_FINALLY_CLEAN(IGRAPH_FINALLY_STACK_SIZE());
    else
        IGRAPH_FINALLY_FREE();
}

void interrupt_igraph_attach(struct interrupt_saved *saved)
{
    igraph_interruption_handler_t *i = igraph_set_interruption_handler(igraph_should_stop);
    igraph_error_handler_t *e = igraph_set_error_handler(interrupt_error_handler);
    if (saved) {
        saved->interruption = i;
        saved->error = e;
    }
}

void interrupt_igraph_detach(const struct interrupt_saved *saved)
{
    igraph_set_interruption_handler(saved->interruption);
    igraph_set_error_handler(saved->error);
}
