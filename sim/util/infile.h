/* sim/util/infile.h - opening an input file that must be a regular file, without blocking.
 *
 * A scenario, an extends parent or an import named by a user may turn out
 * to be a FIFO (whose open and read wait for a writer forever), a device
 * (/dev/zero reads forever), a directory or a socket. infile_open() opens
 * with O_NONBLOCK, so that opening never waits, checks with fstat() that it
 * holds a regular file, then puts the descriptor back to blocking reads.
 * infile_open_own() also refuses a symbolic link (O_NOFOLLOW), for files
 * infnet wrote itself and reads back.
 * Layer: sim/ (POSIX only).
 */
#ifndef INFNET_SIM_INFILE_H
#define INFNET_SIM_INFILE_H

#include <stdio.h>
#include <sys/types.h>

/* Open path for reading. Returns 0 with *out open ("rb") and *size its size
 * in bytes (size may be NULL), or a sim/util/diag.h code with *why set to a
 * static text saying what is wrong ("it is a directory", "it is a FIFO, not
 * a regular file", or strerror's text): DIAG_RUNTIME when memory ran out,
 * DIAG_INPUT otherwise. */
int infile_open(const char *path, FILE **out, off_t *size, const char **why);

/* The same for a file infnet wrote itself (a snapshot read back by plot):
 * a symbolic link in its place is refused too ("it is a symbolic link"),
 * as infnet never writes one. */
int infile_open_own(const char *path, FILE **out, off_t *size, const char **why);

#endif
