// Detaching and starting processes from async-signal-safe code: in the first child of the double
// fork, and between fork and exec, these functions call nothing that allocates or takes a lock, so
// they are safe in a process that runs threads.
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
#if defined(__FreeBSD__)
#include <sys/param.h>
#endif

// fork() in a child of a threaded process runs pthread_atfork handlers, which may take locks
// that threads now gone still hold; _Fork (glibc 2.34+, FreeBSD 13.1+) is the async-signal-safe
// fork. A process forked from the single-threaded first child, which took no lock since its own
// fork, may go on to call anything.
static pid_t dk_fork_in_child(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return _Fork();
#elif defined(__FreeBSD__) && __FreeBSD_version >= 1301000
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

// Reports errno on the readiness channel as a frame of `kind` and ends the process.
static _Noreturn void dk_report_and_exit(int report_fd, char kind) {
    if (report_fd >= 0) (void)dk_frame_write_number(report_fd, kind, (long)errno);
    _exit(127);
}

// The double fork both dk_detach and dk_spawn_detached are made of. Forks with every signal
// blocked, so that no signal runs one of the parent's handlers in a child. The first child calls
// setsid (a new session, no controlling terminal) and forks again, so that the daemon is a
// session member but not its leader and can never acquire a controlling terminal; it reports a
// failure of either as DK_FRAME_DETACH_FAILED. Returns 1 in the original process, once it has
// reaped the first child and restored its signal mask; -1 with errno there (nothing forked) if
// the first fork failed; 0 in the grandchild, with every signal still blocked and the mask to
// restore in `*old`. `exec_follows`: the grandchild only execs (the second fork may skip the
// pthread_atfork handlers); otherwise it goes on running the program, whose libraries must see
// a real fork (their atfork handlers run), which is safe because the caller has one thread.
static int dk_double_fork(int report_fd, int exec_follows, sigset_t *old) {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, old);
    pid_t first = fork();
    if (first < 0) {
        int saved = errno;
        pthread_sigmask(SIG_SETMASK, old, NULL);
        errno = saved;
        return -1;
    }
    if (first == 0) {
        if (setsid() < 0) dk_report_and_exit(report_fd, DK_FRAME_DETACH_FAILED);
        pid_t second = exec_follows ? dk_fork_in_child() : fork();
        if (second < 0) dk_report_and_exit(report_fd, DK_FRAME_DETACH_FAILED);
        if (second > 0) _exit(0);
        return 0;
    }
    // Reaped before the mask is restored, so that no SIGCHLD handler of the program runs in this
    // thread first and takes the child's status away.
    int saved = errno;
    int status = 0;
    while (waitpid(first, &status, 0) < 0 && errno == EINTR) {}
    // ECHILD: SIGCHLD is ignored (inherited, or set by the program) and the kernel reaped the
    // child itself, or another thread reaped it. Either way it is gone, and a failure in it was
    // reported on the readiness channel.
    pthread_sigmask(SIG_SETMASK, old, NULL);
    errno = saved;
    return 1;
}

int dk_detach(int report_fd) {
    fflush(NULL);  // Unwritten stdio buffers would otherwise be written by the daemon as well.
    sigset_t old;
    int forked = dk_double_fork(report_fd, 0, &old);
    if (forked != 0) return forked;
    // The daemon.
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (report_fd >= 0) (void)dk_frame_write_number(report_fd, DK_FRAME_PID, (long)getpid());
    return 0;
}

int dk_spawn_detached(const char *path, char *const argv[], char *const envp[], const int *inherit,
                      size_t inherit_count, int report_fd) {
    fflush(NULL);  // What the program printed so far comes out before anything the daemon writes.
    sigset_t old;
    int forked = dk_double_fork(report_fd, 1, &old);
    if (forked != 0) return forked < 0 ? -1 : 0;
    // The future daemon. dk_reset_signals also clears the mask dk_double_fork set.
    dk_reset_signals(0);
    for (size_t i = 0; i < inherit_count; i++) {
        if (dk_clear_cloexec(inherit[i]) != 0) dk_report_and_exit(report_fd, DK_FRAME_EXEC_FAILED);
    }
    if (report_fd >= 0) (void)dk_frame_write_number(report_fd, DK_FRAME_PID, (long)getpid());
    execve(path, argv, envp);
    dk_report_and_exit(report_fd, DK_FRAME_EXEC_FAILED);
}

// Writes `value` (>= 0) in decimal into `slot`, which has room for `size` bytes including the
// terminating NUL. 0, or -1 with ERANGE when it does not fit. Async-signal-safe.
static int dk_write_decimal(char *slot, size_t size, long value) {
    char digits[24];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0 && count < sizeof(digits));
    if (count + 1 > size) {
        errno = ERANGE;
        return -1;
    }
    for (size_t i = 0; i < count; i++) slot[i] = digits[count - 1 - i];
    slot[count] = '\0';
    return 0;
}

// The child of dk_spawn_child, from fork to exec: only async-signal-safe calls. A failure is
// written to `report_fd` as errno (an int) before the child ends with status 127.
static _Noreturn void dk_child_exec(const char *path, char *const argv[], char *const envp[], const int *from,
                                    const int *to, size_t move_count, char *pid_slot, size_t pid_slot_size,
                                    int report_fd) {
    dk_reset_signals(0);
    int highest = 2;
    for (size_t i = 0; i < move_count; i++) {
        if (to[i] > highest) highest = to[i];
    }
    // Out of the way of every `to`, so that no dup2 below replaces it.
    int report = fcntl(report_fd, F_DUPFD_CLOEXEC, highest + 1);
    if (report < 0) {
        // Nothing has been moved yet: the original still reaches the parent, which must not take
        // this child for one that ran.
        int code = errno;
        (void)!write(report_fd, &code, sizeof(code));
        _exit(127);
    }
    int failure = 0;
    if (pid_slot != NULL && dk_write_decimal(pid_slot, pid_slot_size, (long)getpid()) != 0) failure = errno;
    // dup2 makes each copy inheritable; every `from` lies above every `to` (the caller's copies).
    for (size_t i = 0; i < move_count && failure == 0; i++) {
        if (dup2(from[i], to[i]) < 0) failure = errno;
    }
    if (failure == 0) {
        execve(path, argv, envp);
        failure = errno;
    }
    ssize_t written;
    do {
        written = write(report, &failure, sizeof(failure));
    } while (written < 0 && errno == EINTR);
    _exit(127);
}

pid_t dk_spawn_child(const char *path, char *const argv[], char *const envp[], const int *from, const int *to,
                     size_t move_count, char *pid_slot, size_t pid_slot_size) {
    int report[2];
    if (dk_pipe_cloexec(report) != 0) return -1;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    // The child only execs: _Fork where the C library has it, so that no pthread_atfork handler
    // of a library runs in a process that may run threads.
    pid_t child = dk_fork_in_child();
    if (child == 0) {
        close(report[0]);
        dk_child_exec(path, argv, envp, from, to, move_count, pid_slot, pid_slot_size, report[1]);
    }
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(report[1]);
    if (child < 0) {
        close(report[0]);
        errno = saved;
        return -1;
    }
    // End of file: the exec closed the child's end (close-on-exec), so the program runs.
    int failure = 0;
    ssize_t got;
    do {
        got = read(report[0], &failure, sizeof(failure));
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof(failure)) {
        int status = 0;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        errno = failure;
        return -1;
    }
    return child;
}

pid_t dk_spawn_sentinel(const char *path, char *const argv[], char *const envp[], int wait_fd,
                        int events_fd) {
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
    dk_reset_signals(0);
    // Move both out of the way first, so that neither dup2 below can overwrite the other.
    int wait_high = fcntl(wait_fd, F_DUPFD, 10);
    int events_high = fcntl(events_fd, F_DUPFD, 10);
    if (wait_high < 0 || events_high < 0 || dup2(wait_high, 3) < 0 || dup2(events_high, 4) < 0) _exit(127);
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
