// Starting processes from async-signal-safe code: between fork and exec these functions call
// nothing that allocates or takes a lock, so they are safe in a process that runs threads.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/syscall.h>
#endif

// Writes a readiness-channel frame: kind, 4-byte big-endian length, a number as decimal text.
static void dk_report_errno(int fd, char kind, int error) {
    char digits[16];
    int length = 0;
    unsigned value = (unsigned)error;
    char reversed[16];
    do {
        reversed[length++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0 && length < 15);
    for (int i = 0; i < length; i++) digits[i] = reversed[length - 1 - i];
    char frame[5 + 16];
    frame[0] = kind;
    frame[1] = 0;
    frame[2] = 0;
    frame[3] = 0;
    frame[4] = (char)length;
    for (int i = 0; i < length; i++) frame[5 + i] = digits[i];
    (void)dk_write_all_nosigpipe(fd, frame, (size_t)(5 + length));
}

// fork() in a child of a threaded process runs pthread_atfork handlers, which may take locks
// that threads now gone still hold; _Fork (glibc 2.34+) is the async-signal-safe fork.
static pid_t dk_fork_in_child(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return _Fork();
#else
    return fork();
#endif
}

static int dk_clear_cloexec(int fd) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
}

int dk_spawn_detached(const char *path, char *const argv[], char *const envp[],
                      const int *inherit, size_t inherit_count, int report_fd) {
    fflush(NULL);  // Unwritten stdio buffers would otherwise be written twice.
    // No signal may run one of the parent's handlers in a child before it has reset them.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t first = fork();
    if (first < 0) {
        int saved = errno;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        errno = saved;
        return -1;
    }
    if (first == 0) {
        if (setsid() < 0) {
            dk_report_errno(report_fd, 'X', errno);
            _exit(127);
        }
        pid_t second = dk_fork_in_child();
        if (second < 0) {
            dk_report_errno(report_fd, 'X', errno);
            _exit(127);
        }
        if (second > 0) _exit(0);
        // The future daemon: a session member but not its leader, so it can never
        // acquire a controlling terminal. dk_reset_signals also clears the mask set above.
        dk_reset_signals();
        for (size_t i = 0; i < inherit_count; i++) {
            if (dk_clear_cloexec(inherit[i]) != 0) {
                dk_report_errno(report_fd, 'X', errno);
                _exit(127);
            }
        }
        dk_report_errno(report_fd, 'P', (int)getpid());
        execve(path, argv, envp);
        dk_report_errno(report_fd, 'X', errno);
        _exit(127);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    int status = 0;
    while (waitpid(first, &status, 0) < 0) {
        if (errno == EINTR) continue;
        // SIGCHLD ignored (inherited, or set by the program): the kernel reaped the child
        // itself. The daemon reports on the readiness channel either way.
        if (errno == ECHILD) return 0;
        return -1;
    }
    return 0;
}

pid_t dk_spawn_sentinel(const char *path, char *const argv[], char *const envp[], int wait_fd, int ready_fd) {
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t child = fork();
    if (child != 0) {
        int saved = errno;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        errno = saved;
        return child;
    }
    dk_reset_signals();
    // Move both out of the way first, so that neither dup2 below can overwrite the other.
    int wait_high = fcntl(wait_fd, F_DUPFD, 10);
    int ready_high = fcntl(ready_fd, F_DUPFD, 10);
    if (wait_high < 0 || ready_high < 0 || dup2(wait_high, 3) < 0 || dup2(ready_high, 4) < 0) _exit(127);
#if defined(__linux__) && defined(SYS_close_range)
    if (syscall(SYS_close_range, 5U, ~0U, 0) != 0)
#elif defined(__FreeBSD__)
    if (close_range(5, ~0U, 0) != 0)
#endif
    {
        long limit = sysconf(_SC_OPEN_MAX);
        if (limit < 0 || limit > 65536) limit = 65536;
        for (long fd = 5; fd < limit; fd++) close((int)fd);
    }
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (null > 4) close(null);
    }
    execve(path, argv, envp);
    _exit(127);
}
#endif
