// Every signal action Daemoniker installs, in one place: the dispatcher's wake-up, the clean exit
// and the log reopening (all async-signal-safe, run in the OS handler itself), the plain
// dispositions, and the original action of each signal, kept so that a handler someone else
// installed first is still called (chained) and can be put back.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#ifndef NSIG
#define NSIG 65
#endif

static struct sigaction original[NSIG];
// The signals ignored when this process image started: inherited across exec, unlike an ignore
// the program sets itself. Read before main by a constructor.
static sigset_t ignored_at_start;
static volatile sig_atomic_t ignored_at_start_known = 0;

__attribute__((constructor)) static void dk_note_inherited_ignores(void) {
    sigemptyset(&ignored_at_start);
    for (int signo = 1; signo < NSIG; signo++) {
        struct sigaction current;
        if (sigaction(signo, NULL, &current) != 0) continue;
        if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN)
            sigaddset(&ignored_at_start, signo);
    }
    ignored_at_start_known = 1;
}

int dk_ignored_by_program(int signo) {
    if (!ignored_at_start_known || signo <= 0 || signo >= NSIG) return 0;
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return 0;
    if ((current.sa_flags & SA_SIGINFO) || current.sa_handler != SIG_IGN) return 0;
    return sigismember(&ignored_at_start, signo) != 1;
}
static volatile sig_atomic_t original_saved[NSIG];
static int wake_fd = -1;

static void dk_wake(int, siginfo_t *, void *);
static void dk_clean_exit(int, siginfo_t *, void *);
static void dk_reopen_on_signal(int, siginfo_t *, void *);

static int dk_is_ours(const struct sigaction *action) {
    if (!(action->sa_flags & SA_SIGINFO)) return 0;
    return action->sa_sigaction == dk_wake || action->sa_sigaction == dk_clean_exit ||
           action->sa_sigaction == dk_reopen_on_signal;
}

// The signals a crash reporter owns (the Swift runtime's backtracer installs handlers for them):
// their earlier handler is not called, because it reports a crash and may end the process.
static int dk_is_crash_signal(int signo) {
    return signo == SIGABRT || signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE ||
           signo == SIGTRAP || signo == SIGSYS;
}

// Calls the handler that was installed before Daemoniker's, if it was a function.
static void dk_chain(int signo, siginfo_t *info, void *context) {
    if (signo <= 0 || signo >= NSIG || !original_saved[signo] || dk_is_crash_signal(signo)) return;
    const struct sigaction *before = &original[signo];
    if (before->sa_flags & SA_SIGINFO) {
        if (before->sa_sigaction != NULL) before->sa_sigaction(signo, info, context);
    } else if (before->sa_handler != SIG_DFL && before->sa_handler != SIG_IGN) {
        before->sa_handler(signo);
    }
}

static void dk_wake(int signo, siginfo_t *info, void *context) {
    int saved = errno;
    dk_chain(signo, info, context);
    unsigned char byte = (unsigned char)signo;
    if (wake_fd >= 0) {
        ssize_t ignored = write(wake_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static void dk_clean_exit(int signo, siginfo_t *info, void *context) {
    dk_chain(signo, info, context);
    dk_cleanup_run();
    dk_exit_by_signal(signo);
}

void dk_exit_by_signal(int signo) {
    // A stop signal's default would stop the process, not end it: those get the exit status.
    if (signo > 0 && signo != SIGSTOP && signo != SIGTSTP && signo != SIGTTIN && signo != SIGTTOU) {
        // Ending by a signal reports how the process ended; it is no crash of this process, so
        // a signal whose default dumps core leaves none (as before, when this was an exit).
        struct rlimit none = {0, 0};
        (void)setrlimit(RLIMIT_CORE, &none);
#if defined(__linux__)
        (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);  // A piped core_pattern ignores RLIMIT_CORE.
#endif
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = SIG_DFL;
        sigemptyset(&action.sa_mask);
        (void)sigaction(signo, &action, NULL);
        // In a handler the signal is blocked in this thread; unblocked, anything pending of it
        // is delivered at once, and the raise below is delivered to this very thread.
        sigset_t only;
        sigemptyset(&only);
        sigaddset(&only, signo);
        (void)pthread_sigmask(SIG_UNBLOCK, &only, NULL);
        (void)raise(signo);
    }
    // Still alive: PID 1 of a pid namespace, to which the kernel delivers no signal left at its
    // default; a signal whose default is to ignore or to stop.
    _exit(128 + signo);
}

static void dk_reopen_on_signal(int signo, siginfo_t *info, void *context) {
    int saved = errno;
    dk_chain(signo, info, context);
    // A service manager that asked for the reload (systemd Type=notify-reload) waits for both.
    int announced = dk_notify_reloading() == 0;
    dk_reopen_logs();
    if (announced) (void)dk_notify("READY=1");
    errno = saved;
}

// Installs `action`, keeping the action it replaces the first time a signal is changed.
static int dk_replace(int signo, const struct sigaction *action) {
    struct sigaction before;
    if (sigaction(signo, action, &before) != 0) return -1;
    if (signo > 0 && signo < NSIG && !original_saved[signo] && !dk_is_ours(&before)) {
        original[signo] = before;
        original_saved[signo] = 1;
    }
    return 0;
}

static int dk_install(int signo, void (*handler)(int, siginfo_t *, void *)) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = handler;
    action.sa_flags = SA_RESTART | SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    return dk_replace(signo, &action);
}

int dk_install_clean_exit(int signo) { return dk_install(signo, dk_clean_exit); }

int dk_install_log_reopening(int signo) { return dk_install(signo, dk_reopen_on_signal); }

int dk_install_wake_handler(int signo, int fd) {
    wake_fd = fd;
    return dk_install(signo, dk_wake);
}

int dk_set_disposition(int signo, int ignore) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = ignore ? SIG_IGN : SIG_DFL;
    sigemptyset(&action.sa_mask);
    return dk_replace(signo, &action);
}

// Whether `action` runs a function (rather than SIG_DFL or SIG_IGN).
static int dk_is_function(const struct sigaction *action) {
    if (action->sa_flags & SA_SIGINFO) return action->sa_sigaction != NULL;
    return action->sa_handler != SIG_DFL && action->sa_handler != SIG_IGN;
}

void dk_forget_plain_original_actions(void) {
    for (int signo = 0; signo < NSIG; signo++) {
        if (original_saved[signo] && !dk_is_function(&original[signo])) original_saved[signo] = 0;
    }
}

int dk_has_foreign_handler(int signo) {
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return 0;
    return (dk_is_function(&current) && !dk_is_ours(&current)) || dk_ignored_by_program(signo);
}

int dk_is_handled(int signo) {
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return 0;
    return dk_is_function(&current);
}

int dk_restore_original_action(int signo) {
    if (signo > 0 && signo < NSIG && original_saved[signo]) return sigaction(signo, &original[signo], NULL);
    return dk_set_disposition(signo, 0);
}
#endif
