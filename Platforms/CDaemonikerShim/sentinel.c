// The sentinel: the executable started again with DAEMONIKER_SENTINEL=<token> set becomes a
// process that only waits, entered from an initializer before any user code (or the Swift main)
// runs.
//
// Its descriptor 3 is the read end of a pipe whose write end only the daemon holds: it blocks in
// read(2) there, so it uses no CPU while idle and sees end-of-file the moment the daemon is gone,
// however it ended. Its descriptor 4 is the events pipe to the daemon: one byte once its handlers
// are in place, then one byte per relayed signal.
//
// Where the relay queues (Linux, FreeBSD), a sender queues the real-time signal SIGRTMAX carrying
// the token and the signal (sigqueue). Real-time signals are queued one by one, never merged, so
// the sentinel answers each by writing the signal number to descriptor 4, and stays: no process is
// started per signal. Without sigqueue (macOS) the signal itself is sent and ends the sentinel
// with DK_RELAY_EXIT_BASE + signal; the daemon starts the next one.
//
// Any other signal ends the sentinel the ordinary way, so the daemon tells a kill by hand apart
// from a relayed signal.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(SIGRTMAX) && defined(SI_QUEUE) && !defined(__APPLE__)
#define DK_RELAY_QUEUES 1
#else
#define DK_RELAY_QUEUES 0
#endif

// The token's low 23 bits above the signal number's 8: positive, whatever the token.
#define DK_RELAY_TOKEN_MASK 0x7FFFFF

static int sentinel_token = 0;

int dk_relay_queues(void) { return DK_RELAY_QUEUES; }

int dk_relay_send(pid_t pid, int signo, int token) {
    if (signo < 1 || signo > 0xFF) {
        errno = EINVAL;
        return -1;
    }
#if DK_RELAY_QUEUES
    union sigval payload;
    payload.sival_int = ((token & DK_RELAY_TOKEN_MASK) << 8) | signo;
    return sigqueue(pid, SIGRTMAX, payload);
#else
    (void)token;
    return kill(pid, signo);
#endif
}

// Reports a relayed signal to the daemon; a one-byte write to a pipe is atomic.
static void dk_sentinel_report(int relayed) {
    unsigned char byte = (unsigned char)relayed;
    while (write(4, &byte, 1) < 0 && errno == EINTR) {}
}

static void dk_sentinel_signal(int signo, siginfo_t *info, void *context) {
    (void)context;
#if DK_RELAY_QUEUES
    if (signo == SIGRTMAX && info != NULL && info->si_code == SI_QUEUE) {
        int value = info->si_value.sival_int;
        int relayed = value & 0xFF;
        if (((value >> 8) & DK_RELAY_TOKEN_MASK) == (sentinel_token & DK_RELAY_TOKEN_MASK) && relayed > 0) {
            int saved = errno;
            dk_sentinel_report(relayed);
            errno = saved;
            return;
        }
    }
#else
    (void)info;
    _exit(DK_RELAY_EXIT_BASE + signo);  // Without sigqueue every signal counts as relayed.
#endif
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
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (int signo = 1; signo < NSIG; signo++) {
        if (signo == SIGKILL || signo == SIGSTOP || signo == SIGCHLD || signo == SIGCONT) continue;
        (void)sigaction(signo, &action, NULL);
    }
    // Only now may the daemon record this sentinel: a signal sent before the handlers were in
    // place would have ended it the default way and been taken for a kill by hand.
    dk_sentinel_report(1);
    char byte;
    for (;;) {
        ssize_t got = read(3, &byte, 1);
        if (got < 0 && errno == EINTR) continue;
        _exit(0);  // End of file (the daemon is gone) or an error: either way, nothing to wait for.
    }
}
#endif
