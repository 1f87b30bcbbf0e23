// What the test helper needs from C that Swift's Glibc module does not import. SwiftPM builds this
// target on every OS: the subreaper is Linux's alone, the terminal calls are POSIX, and on Windows
// every function fails with ENOSYS (the tests that need them run on POSIX only).
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "test_support.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#if defined(__linux__)
#include <sched.h>
#include <sys/prctl.h>
#endif
#include <unistd.h>

// Linux only: elsewhere it fails with ENOSYS, and the tests that need it run on Linux alone.
int ts_become_subreaper(void) {
#if defined(__linux__)
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int ts_set_controlling_terminal(int fd) { return ioctl(fd, TIOCSCTTY, 0); }

int ts_open_pty(char *path, unsigned long size) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, path, size) != 0) {
        close(master);
        return -1;
    }
    return master;
}

int ts_set_process_name(const char *name) {
#if defined(__linux__)
    return prctl(PR_SET_NAME, name, 0, 0, 0);
#else
    (void)name;
    errno = ENOSYS;
    return -1;
#endif
}

int ts_new_pid_namespace(void) {
#if defined(__linux__)
    return unshare(CLONE_NEWPID);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int ts_set_file_size_limit(int pid, long long bytes) {
#if defined(__linux__)
    struct rlimit limit;
    if (prlimit(pid, RLIMIT_FSIZE, NULL, &limit) != 0) return -1;
    limit.rlim_cur = bytes < 0 ? RLIM_INFINITY : (rlim_t)bytes;
    return prlimit(pid, RLIMIT_FSIZE, &limit, NULL);
#else
    (void)pid;
    (void)bytes;
    errno = ENOSYS;
    return -1;
#endif
}

int ts_relay_signal(void) {
#if defined(SIGRTMAX)
    return SIGRTMAX;
#else
    return 0;
#endif
}
#else
#include "test_support.h"

#include <errno.h>
#include <signal.h>

int ts_become_subreaper(void) {
    errno = ENOSYS;
    return -1;
}

int ts_set_controlling_terminal(int fd) {
    (void)fd;
    errno = ENOSYS;
    return -1;
}

int ts_open_pty(char *path, unsigned long size) {
    (void)path;
    (void)size;
    errno = ENOSYS;
    return -1;
}

int ts_relay_signal(void) { return 0; }

int ts_set_file_size_limit(int pid, long long bytes) {
    (void)pid;
    (void)bytes;
    errno = ENOSYS;
    return -1;
}

int ts_set_process_name(const char *name) {
    (void)name;
    errno = ENOSYS;
    return -1;
}

int ts_new_pid_namespace(void) {
    errno = ENOSYS;
    return -1;
}
#endif
