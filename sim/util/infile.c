/* sim/util/infile.c - opening an input file that must be a regular file (see infile.h).
 *
 * O_NONBLOCK makes open() of a FIFO return at once instead of waiting for a
 * writer; the fstat() check then refuses everything but a regular file, so
 * no later read can wait or run forever. O_NOCTTY keeps a terminal device
 * from becoming the controlling terminal on the way. Symbolic links are
 * followed by infile_open(): a scenario kept behind a link is an ordinary
 * thing to do. infile_open_own() adds O_NOFOLLOW: infnet's own outputs are
 * never links, so a link in their place was put there by someone else.
 */
#include "sim/util/infile.h"

#include "sim/util/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_text(mode_t m)
{
    if (S_ISDIR(m))
        return "it is a directory";
    if (S_ISFIFO(m))
        return "it is a FIFO, not a regular file";
    if (S_ISSOCK(m))
        return "it is a socket, not a regular file";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "it is a device, not a regular file";
    return "it is not a regular file";
}

static int open_regular(const char *path, int extra, FILE **out, off_t *size, const char **why)
{
    struct stat st;
    int fd, flags;
    *out = NULL;
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | extra);
    if (fd < 0) {
        /* opening a socket fails with ENXIO: say what it is rather than "No such device" */
        if (errno == ENXIO && stat(path, &st) == 0 && !S_ISREG(st.st_mode))
            *why = kind_text(st.st_mode);
        else if (errno == ELOOP && (extra & O_NOFOLLOW))
            *why = "it is a symbolic link";
        else
            *why = strerror(errno);
        return errno == ENOMEM ? DIAG_RUNTIME : DIAG_INPUT;
    }
    if (fstat(fd, &st) != 0) {
        int e = errno;
        *why = strerror(e);
        close(fd);
        return e == ENOMEM ? DIAG_RUNTIME : DIAG_INPUT;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = kind_text(st.st_mode);
        close(fd);
        return DIAG_INPUT;
    }
    if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
        !(*out = fdopen(fd, "rb"))) {
        int e = errno;
        *why = strerror(e);
        close(fd);
        return e == ENOMEM ? DIAG_RUNTIME : DIAG_INPUT;
    }
    if (size)
        *size = st.st_size;
    return 0;
}

int infile_open(const char *path, FILE **out, off_t *size, const char **why)
{
    return open_regular(path, 0, out, size, why);
}

int infile_open_own(const char *path, FILE **out, off_t *size, const char **why)
{
    return open_regular(path, O_NOFOLLOW, out, size, why);
}
