// The double fork (spawn.c, compiled in so that the first child's second fork can be made to
// fail): dk_detach and dk_spawn_detached, with real processes. Each test runs in a process of its
// own, which plays the original process; what the daemon sees it writes to a pipe.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include "../check.h"
#include "posix_helpers.h"

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
// Fault injection: while this is set, the second fork (dk_detach's fork, dk_spawn_detached's
// _Fork) fails with EAGAIN in the first child; the test process's own first fork still works.
#define DK_TEST_SECOND_FORK_INJECTABLE 1
static int fail_second_fork = 0;
static pid_t injecting_process = 0;
static int dk_test_second_fork_fails(void) {
    if (fail_second_fork && getpid() != injecting_process) {
        errno = EAGAIN;
        return 1;
    }
    return 0;
}
static pid_t dk_test_fork_in_child(void) { return dk_test_second_fork_fails() ? -1 : _Fork(); }
static pid_t dk_test_fork(void) { return dk_test_second_fork_fails() ? -1 : fork(); }
#define _Fork dk_test_fork_in_child
#define fork dk_test_fork
#endif

#include "spawn.c"

// MARK: Reading what the processes report

typedef struct {
    char kind;
    long number;
} frame;

// Decodes the frames in `bytes` (payloads in decimal). Returns how many, or -1 when malformed.
static int decode(const char *bytes, size_t length, frame *frames, int capacity) {
    int count = 0;
    size_t at = 0;
    while (at < length) {
        if (length - at < 5 || count == capacity) return -1;
        const unsigned char *header = (const unsigned char *)bytes + at;
        size_t size = (size_t)header[1] << 24 | (size_t)header[2] << 16 | (size_t)header[3] << 8 | header[4];
        if (size == 0 || size > 20 || length - at - 5 < size) return -1;
        char text[24];
        memcpy(text, bytes + at + 5, size);
        text[size] = '\0';
        char *end = NULL;
        frames[count].kind = (char)header[0];
        frames[count].number = strtol(text, &end, 10);
        if (*end != '\0') return -1;
        count++;
        at += 5 + size;
    }
    return count;
}

// Reads the channel `fd` to its end and decodes its frames: how many, or -1 (unreadable or
// malformed).
static int read_frames(int fd, frame *frames, int capacity) {
    char bytes[256];
    ssize_t got = read_to_end(fd, bytes, sizeof(bytes));
    return got >= 0 ? decode(bytes, (size_t)got, frames, capacity) : -1;
}

// What a daemon reports about itself: its pid, session, process group, and whether SIGUSR1 is
// blocked, SIGUSR2 blocked, SIGUSR1 ignored.
typedef struct {
    long pid, sid, pgid;
    int usr1_blocked, usr2_blocked, usr1_ignored;
} observed;

static void report_self(int fd) {
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    struct sigaction usr1;
    sigaction(SIGUSR1, NULL, &usr1);
    char line[160];
    int length =
        snprintf(line, sizeof(line), "%ld %ld %ld %d %d %d", (long)getpid(), (long)getsid(0), (long)getpgrp(),
                 sigismember(&mask, SIGUSR1), sigismember(&mask, SIGUSR2), usr1.sa_handler == SIG_IGN);
    ssize_t wrote = write(fd, line, (size_t)length);
    (void)wrote;
}

static int parse_observed(const char *text, observed *seen) {
    return sscanf(text, "%ld %ld %ld %d %d %d", &seen->pid, &seen->sid, &seen->pgid, &seen->usr1_blocked,
                  &seen->usr2_blocked, &seen->usr1_ignored) == 6;
}

// The signal state the original process detaches or spawns from: SIGUSR1 blocked and ignored.
static void dirty_signals(sigset_t *before) {
    signal(SIGUSR1, SIG_IGN);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    sigprocmask(SIG_BLOCK, NULL, before);
}

static int same_mask(const sigset_t *a, const sigset_t *b) {
    for (int signo = 1; signo < NSIG; signo++) {
        if (sigismember(a, signo) != sigismember(b, signo)) return 0;
    }
    return 1;
}

// MARK: dk_detach

// The original process gets 1 with its mask as before and no child left to reap; the daemon gets
// 0 in a session of its own that it does not lead, with the original's mask, and its pid is the
// one 'P' frame on the channel.
static void detach_makes_a_daemon(void) {
    alarm(30);
    sigset_t before;
    dirty_signals(&before);
    int report[2], info[2];
    if (!CHECK(pipe(report) == 0 && pipe(info) == 0, "pipes")) return;
    int result = dk_detach(report[1]);
    if (result == 0) {
        report_self(info[1]);
        _exit(0);
    }
    CHECK(result == 1, "1 in the original process (%d)", result);
    close(report[1]);
    close(info[1]);
    sigset_t after;
    sigprocmask(SIG_BLOCK, NULL, &after);
    CHECK(same_mask(&before, &after), "the original's signal mask is restored");
    errno = 0;
    CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD,
          "the first child is reaped, nothing else to reap");
    char text[256];
    ssize_t got = read_to_end(info[0], text, sizeof(text));
    observed seen;
    if (!CHECK(got > 0 && parse_observed(text, &seen), "the daemon reports (%s)",
               got > 0 ? text : "nothing")) {
        return;
    }
    CHECK(seen.sid != getsid(0), "the daemon is in a new session");
    CHECK(seen.sid != seen.pid, "the daemon does not lead its session");
    CHECK(seen.pgid == seen.sid, "the daemon is in the session's process group");
    CHECK(seen.usr1_blocked == 1 && seen.usr2_blocked == 0, "the daemon has the original's mask");
    frame frames[4];
    int count = read_frames(report[0], frames, 4);
    CHECK(count == 1 && frames[0].kind == 'P' && frames[0].number == seen.pid,
          "one 'P' frame with the daemon's pid (%d frames; first %c %ld; daemon %ld)", count,
          count > 0 ? frames[0].kind : '-', count > 0 ? frames[0].number : 0L, seen.pid);
}

// SIGCHLD ignored: the kernel reaps the first child itself and waitpid says ECHILD, which is
// no failure.
static void detach_with_sigchld_ignored(void) {
    alarm(30);
    signal(SIGCHLD, SIG_IGN);
    int report[2];
    if (!CHECK(pipe(report) == 0, "pipe")) return;
    int result = dk_detach(report[1]);
    if (result == 0) _exit(0);
    CHECK(result == 1, "1 in the original process (%d)", result);
    close(report[1]);
    char bytes[64];
    ssize_t got = read_to_end(report[0], bytes, sizeof(bytes));
    frame frames[2];
    CHECK(got > 0 && decode(bytes, (size_t)got, frames, 2) == 1 && frames[0].kind == 'P',
          "the daemon's 'P' frame");
}

// The second fork fails (injected): the first child writes a 'D' frame with the errno and exits
// 127; no daemon, no 'P' frame; the original still gets 1 (the channel tells the rest).
static void detach_failure_is_a_d_frame(void) {
#if defined(DK_TEST_SECOND_FORK_INJECTABLE)
    alarm(30);
    int report[2];
    if (!CHECK(pipe(report) == 0, "pipe")) return;
    injecting_process = getpid();
    fail_second_fork = 1;
    int result = dk_detach(report[1]);
    if (result == 0) _exit(0);  // Not reached unless the injection failed; the frames tell.
    CHECK(result == 1, "1 in the original process (%d)", result);
    close(report[1]);
    char bytes[64];
    ssize_t got = read_to_end(report[0], bytes, sizeof(bytes));
    frame frames[2];
    int count = got >= 0 ? decode(bytes, (size_t)got, frames, 2) : -1;
    CHECK(count == 1 && frames[0].kind == 'D' && frames[0].number == EAGAIN,
          "one 'D' frame with EAGAIN (%d frames; first %c %ld)", count, count > 0 ? frames[0].kind : '-',
          count > 0 ? frames[0].number : 0L);
#else
    ck_note("skipped: no _Fork in this C library to make fail");
#endif
}

// MARK: dk_spawn_detached

static const char *self_path(void) {
    static char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
    path[length > 0 ? length : 0] = '\0';
    return path;
}

static void *idle_thread(void *context) {
    (void)context;
    pause();
    return NULL;
}

// From a process that runs a second thread and has SIGUSR1 blocked and ignored: the started
// program runs in a session it does not lead, with signals reset, the inherited descriptor open
// although it was close-on-exec, and its pid in the one 'P' frame.
static void spawn_starts_a_clean_daemon(void) {
    alarm(30);
    sigset_t before;
    dirty_signals(&before);
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, idle_thread, NULL) == 0, "a second thread");
    int report[2], info[2];
    if (!CHECK(pipe2(report, O_CLOEXEC) == 0 && pipe2(info, O_CLOEXEC) == 0, "pipes")) return;
    char fd_text[16];
    snprintf(fd_text, sizeof(fd_text), "%d", info[1]);
    char *argv[] = {"detach_test", "report", fd_text, NULL};
    char *envp[] = {NULL};
    int inherit[] = {info[1]};
    CHECK(dk_spawn_detached(self_path(), argv, envp, inherit, 1, report[1]) == 0, "dk_spawn_detached");
    close(report[1]);
    close(info[1]);
    sigset_t after;
    sigprocmask(SIG_BLOCK, NULL, &after);
    CHECK(same_mask(&before, &after), "the original's signal mask is restored");
    char text[256];
    ssize_t got = read_to_end(info[0], text, sizeof(text));
    observed seen;
    if (!CHECK(got > 0 && parse_observed(text, &seen),
               "the program reports over the inherited descriptor (%s)", got > 0 ? text : "nothing")) {
        return;
    }
    CHECK(seen.sid != getsid(0) && seen.sid != seen.pid, "a new session, not its leader");
    CHECK(seen.usr1_blocked == 0 && seen.usr1_ignored == 0,
          "signals reset: SIGUSR1 neither blocked nor ignored");
    frame frames[4];
    int count = read_frames(report[0], frames, 4);
    CHECK(count == 1 && frames[0].kind == 'P' && frames[0].number == seen.pid,
          "one 'P' frame with the program's pid (%d frames; first %c %ld; program %ld)", count,
          count > 0 ? frames[0].kind : '-', count > 0 ? frames[0].number : 0L, seen.pid);
}

// exec fails: the 'P' frame, then an 'X' frame with the errno.
static void spawn_exec_failure_is_an_x_frame(void) {
    alarm(30);
    int report[2];
    if (!CHECK(pipe2(report, O_CLOEXEC) == 0, "pipe")) return;
    char *argv[] = {"missing", NULL};
    char *envp[] = {NULL};
    CHECK(dk_spawn_detached("/nonexistent/daemon", argv, envp, NULL, 0, report[1]) == 0, "dk_spawn_detached");
    close(report[1]);
    frame frames[4];
    int count = read_frames(report[0], frames, 4);
    CHECK(count == 2 && frames[0].kind == 'P' && frames[1].kind == 'X' && frames[1].number == ENOENT,
          "'P' then 'X' with ENOENT (%d frames)", count);
}

// A descriptor to inherit that is not open: an 'X' frame with EBADF, before any 'P' frame.
static void spawn_bad_inherit_is_an_x_frame(void) {
    alarm(30);
    int report[2];
    if (!CHECK(pipe2(report, O_CLOEXEC) == 0, "pipe")) return;
    char *argv[] = {"true", NULL};
    char *envp[] = {NULL};
    int inherit[] = {999};
    close(999);
    CHECK(dk_spawn_detached("/bin/true", argv, envp, inherit, 1, report[1]) == 0, "dk_spawn_detached");
    close(report[1]);
    frame frames[4];
    int count = read_frames(report[0], frames, 4);
    CHECK(count == 1 && frames[0].kind == 'X' && frames[0].number == EBADF,
          "one 'X' frame with EBADF (%d frames)", count);
}

// The second fork fails (injected) on the way to exec: a 'D' frame, no 'P', nothing started.
static void spawn_detach_failure_is_a_d_frame(void) {
#if defined(DK_TEST_SECOND_FORK_INJECTABLE)
    alarm(30);
    int report[2];
    if (!CHECK(pipe2(report, O_CLOEXEC) == 0, "pipe")) return;
    char *argv[] = {"true", NULL};
    char *envp[] = {NULL};
    injecting_process = getpid();
    fail_second_fork = 1;
    CHECK(dk_spawn_detached("/bin/true", argv, envp, NULL, 0, report[1]) == 0, "dk_spawn_detached");
    close(report[1]);
    frame frames[4];
    int count = read_frames(report[0], frames, 4);
    CHECK(count == 1 && frames[0].kind == 'D' && frames[0].number == EAGAIN,
          "one 'D' frame with EAGAIN (%d frames)", count);
#else
    ck_note("skipped: no _Fork in this C library to make fail");
#endif
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "report") == 0) {
        report_self(atoi(argv[2]));
        return 0;
    }
    ck_run_isolated("dk_detach makes a daemon", detach_makes_a_daemon);
    ck_run_isolated("dk_detach with SIGCHLD ignored", detach_with_sigchld_ignored);
    ck_run_isolated("dk_detach: a failed second fork is a 'D' frame", detach_failure_is_a_d_frame);
    ck_run_isolated("dk_spawn_detached starts a clean daemon", spawn_starts_a_clean_daemon);
    ck_run_isolated("dk_spawn_detached: exec failure is an 'X' frame", spawn_exec_failure_is_an_x_frame);
    ck_run_isolated("dk_spawn_detached: a bad descriptor is an 'X' frame", spawn_bad_inherit_is_an_x_frame);
    ck_run_isolated("dk_spawn_detached: a failed second fork is a 'D' frame",
                    spawn_detach_failure_is_a_d_frame);
    return ck_finish("detach_test");
}
