// What the POSIX tests need beside the harness (../check.h): reading what a process reports
// through a pipe, with a deadline.
#ifndef DK_POSIX_HELPERS_H
#define DK_POSIX_HELPERS_H

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/types.h>
#include <unistd.h>

// Reads `fd` until end of file (20 s at most) into `buffer`. Returns the bytes read, or -1.
static inline ssize_t read_to_end(int fd, char *buffer, size_t size) {
    size_t used = 0;
    for (;;) {
        struct pollfd waiting = {fd, POLLIN, 0};
        if (poll(&waiting, 1, 20000) <= 0) return -1;
        ssize_t got = read(fd, buffer + used, size - used - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (got == 0) break;
        used += (size_t)got;
        if (used == size - 1) break;
    }
    buffer[used] = '\0';
    return (ssize_t)used;
}

#endif
