/* sim/util/interrupt.h - SIGINT and SIGTERM as a stop request that every long computation sees.
 *
 * The signal handler sets one flag (a signal handler can reach nothing but a
 * global: this is the program's one mutable global). Two kinds of code read
 * it: the runner between batches (through the pointer interrupt_flag gives),
 * and igraph's long loops (Leiden, shortest paths, betweenness, ...), which
 * poll igraph's interruption handler: interrupt_igraph_attach installs one
 * that answers IGRAPH_INTERRUPTED once the flag is set. igraph keeps that
 * handler per thread, so every thread that calls igraph attaches it (the
 * main thread, each replica worker, each thread of sim/engine/exec.c). An
 * interrupted igraph call returns IGRAPH_INTERRUPTED through analysis/, and
 * sim/util/diag.h maps it to exit 130.
 * On an interruption igraph's cleanup stack is dropped, not freed (see
 * interrupt_error_handler).
 * The handlers stay installed: a second Ctrl-C, while the stop completes
 * the outputs, the checkpoint and the lock, does not kill the process (that
 * would leave temporary files behind); it prints that infnet is already
 * stopping. SIGKILL and SIGQUIT (Ctrl-\) still end it at once.
 */
#ifndef INFNET_SIM_INTERRUPT_H
#define INFNET_SIM_INTERRUPT_H

#include <signal.h>

#include <igraph.h>

/* Install the SIGINT and SIGTERM handlers, and igraph's interruption
 * handler on the calling thread. */
void interrupt_install(void);

/* The flag the signal handlers set. */
const volatile sig_atomic_t *interrupt_flag(void);

/* igraph's handlers on one thread before interrupt_igraph_attach. */
struct interrupt_saved {
    igraph_interruption_handler_t *interruption;
    igraph_error_handler_t *error;
};

/* On the calling thread, make igraph poll the flag and handle its errors
 * silently (interrupt_error_handler); saved (may be NULL) receives the
 * handlers replaced, for interrupt_igraph_detach. */
void interrupt_igraph_attach(struct interrupt_saved *saved);
void interrupt_igraph_detach(const struct interrupt_saved *saved);

/* igraph's silent error handler (igraph_error_handler_ignore) except after an
 * interruption: igraph 0.10.2 leaves an entry that points at freed or
 * uninitialised storage on its cleanup stack when a shortest-path or
 * betweenness loop is interrupted, and freeing the stack then crashes. An
 * interruption ends the command, so its temporaries are dropped from the
 * stack unfreed (the process exits 130 right after). */
void interrupt_error_handler(const char *reason, const char *file, int line, igraph_error_t err);

#endif
