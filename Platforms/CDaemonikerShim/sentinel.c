// The sentinel: the executable started again with DAEMONIKER_SENTINEL set becomes a process that
// only waits, entered from an initializer before any user code (or the Swift main) runs.
//
// It reports on descriptor 4 that its handlers are installed, then blocks in read(2) on descriptor 3, the
// read end of a pipe whose write end only the daemon holds: no CPU while idle, and end-of-file the moment the
// daemon is gone, however it ended. A signal queued with the sentinel's token (sigqueue) is a relayed signal:
// the sentinel exits with DK_RELAY_EXIT_BASE + signal. Any other signal ends it the ordinary way, so the
// daemon can tell a relay from a kill by hand.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int sentinel_token = 0;

static void dk_sentinel_signal(int signo, siginfo_t *info, void *context) {
    (void)context;
#if defined(SI_QUEUE) && !defined(__APPLE__)
    int relayed = info != NULL && info->si_code == SI_QUEUE && info->si_value.sival_int == sentinel_token;
#else
    (void)info;
    int relayed = 1;  // Without sigqueue the token cannot travel; every signal counts as relayed.
#endif
    if (relayed) _exit(DK_RELAY_EXIT_BASE + signo);
    // Not relayed: end the way the signal ends any process, so the daemon sees a kill by hand;
    // a signal whose default is to be ignored changes nothing.
    if (signo == SIGURG || signo == SIGWINCH) return;
    signal(signo, SIG_DFL);
    raise(signo);
}

__attribute__((constructor)) static void dk_sentinel_entry(void) {
    const char *value = getenv(DK_SENTINEL_VARIABLE);
    if (value == NULL) return;
    sentinel_token = atoi(value);
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = dk_sentinel_signal;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    for (int signo = 1; signo < NSIG; signo++) {
        if (signo == SIGKILL || signo == SIGSTOP || signo == SIGCHLD || signo == SIGCONT) continue;
        (void)sigaction(signo, &action, NULL);
    }
    // Only now may the daemon record this sentinel: a signal sent before the handlers were in
    // place would have ended it the default way and been taken for a kill by hand.
    char ready = 1;
    ssize_t ignored = write(4, &ready, 1);
    (void)ignored;
    close(4);
    char byte;
    for (;;) {
        ssize_t got = read(3, &byte, 1);
        if (got < 0 && errno == EINTR) continue;
        _exit(0);  // End of file (the daemon is gone) or an error: either way, nothing to wait for.
    }
}
#endif
