// Who holds a lock on a file, and replacing a file atomically by exchanging two names: what a
// start needs to take a stale pid file back from a user who locked it only to block starts.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#endif

long dk_lock_holders(uint64_t device, uint64_t inode, int32_t *out, size_t capacity) {
#if defined(__linux__)
    // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5678 0 EOF"; "1: -> FLOCK …" is a waiter, not a holder.
    FILE *file = fopen("/proc/locks", "re");
    if (file == NULL) return -1;
    unsigned want_major = major((dev_t)device), want_minor = minor((dev_t)device);
    char line[256];
    size_t found = 0;
    while (fgets(line, sizeof(line), file) != NULL) {
        char kind[16], mode[16];
        int pid = 0;
        unsigned line_major = 0, line_minor = 0;
        unsigned long long line_inode = 0;
        if (strstr(line, "->") != NULL) continue;
        if (sscanf(line, "%*d: %15s %*s %15s %d %x:%x:%llu", kind, mode, &pid, &line_major, &line_minor,
                   &line_inode) != 6) {
            continue;
        }
        if (strcmp(kind, "FLOCK") != 0 || pid <= 0) continue;
        if (line_major != want_major || line_minor != want_minor || line_inode != inode) continue;
        if (found < capacity) out[found] = pid;
        found++;
    }
    fclose(file);
    return (long)found;
#else
    (void)device;
    (void)inode;
    (void)out;
    (void)capacity;
    errno = ENOSYS;
    return -1;
#endif
}

int dk_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */);
#else
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
#endif
}
#endif
