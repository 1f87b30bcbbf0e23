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
//
// On Linux, once armed, the sentinel unmaps the runtime libraries it never calls (the Swift
// runtime, Foundation, Dispatch, the C++ runtime): a sentinel is a few C functions and libc,
// and that memory would otherwise stay mapped for the daemon's whole life.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(SIGRTMAX) && defined(SI_QUEUE) && !defined(__APPLE__)
#define DK_RELAY_QUEUES 1
#else
#define DK_RELAY_QUEUES 0
#endif

// The token's low 23 bits above the signal number's 8: positive, whatever the token.
#define DK_RELAY_TOKEN_MASK 0x7FFFFF

static int sentinel_token = 0;
#if DK_RELAY_QUEUES
// SIGRTMAX is a libc call on Linux: read once, before the libraries are shed (see below).
static int relay_signal = 0;
#endif

int dk_relay_queues(void) { return DK_RELAY_QUEUES; }

int dk_relay_send(pid_t pid, int signo, int token, int in_place) {
    if (signo < 1 || signo > 0xFF) {
        errno = EINVAL;
        return -1;
    }
#if DK_RELAY_QUEUES
    union sigval payload;
    if (in_place) {
        payload.sival_int = ((token & DK_RELAY_TOKEN_MASK) << 8) | signo;
        return sigqueue(pid, SIGRTMAX, payload);
    }
    // A sentinel that ends with the signal it relays (an older build's): the signal itself,
    // carrying the token.
    payload.sival_int = token;
    return sigqueue(pid, signo, payload);
#else
    (void)token;
    (void)in_place;
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
    if (signo == relay_signal && info != NULL && info->si_code == SI_QUEUE) {
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
    // a signal whose default is to be ignored changes nothing, and neither does one whose
    // default is to stop (a stopped sentinel would hold back what is queued to it). (Only
    // functions the sentinel has called before it shed the libraries: their lazy binding is done.)
    if (signo == SIGURG || signo == SIGWINCH || signo == SIGTSTP || signo == SIGTTIN || signo == SIGTTOU)
        return;
    struct sigaction fallback;
    memset(&fallback, 0, sizeof(fallback));
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    (void)sigaction(signo, &fallback, NULL);
    (void)kill(getpid(), signo);
}

#if defined(__linux__)
// A library the sentinel never calls: matched by file name.
static int dk_is_runtime_library(const char *path) {
    static const char *const names[] = {"libswift",         "libFoundation", "lib_Foundation", "libdispatch",
                                        "libBlocksRuntime", "libstdc++",     "libgcc_s",       "libicu"};
    const char *name = strrchr(path, '/');
    name = name == NULL ? path : name + 1;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strncmp(name, names[i], strlen(names[i])) == 0) return 1;
    }
    return 0;
}

// Unmaps the runtime libraries. Only while this is the only thread (an initializer that started
// one could be running their code), and only after every libc function the sentinel calls from
// now on has been called once, so that no lazy binding has to look in a library that is gone.
static void dk_sentinel_shed_libraries(void) {
    // Not while the dynamic linker is told to bind on every call or to audit calls: it would
    // look for symbols in the libraries that are gone.
    if (getenv("LD_BIND_NOT") != NULL || getenv("LD_AUDIT") != NULL || getenv("LD_PROFILE") != NULL) return;
    if (dk_thread_count() != 1) return;
    char unused = 0;
    (void)read(3, &unused, 0);
    (void)write(4, &unused, 0);
    (void)kill(getpid(), 0);
    errno = 0;
    static char maps[256 * 1024];
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    size_t length = 0;
    for (;;) {
        ssize_t got = read(fd, maps + length, sizeof(maps) - 1 - length);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        length += (size_t)got;
        if (length == sizeof(maps) - 1) {  // Too many mappings to read whole: leave them all.
            close(fd);
            return;
        }
    }
    close(fd);
    maps[length] = '\0';
    // "start-end perms offset dev inode   path": collect first (unmapping changes the file).
    static struct { unsigned long start, end; } doomed[1024];
    size_t count = 0;
    for (char *line = maps; *line != '\0' && count < sizeof(doomed) / sizeof(doomed[0]);) {
        char *next = strchr(line, '\n');
        if (next != NULL) *next = '\0';
        char *path = strchr(line, '/');
        char *dash = NULL;
        unsigned long start = strtoul(line, &dash, 16);
        if (path != NULL && dash != NULL && *dash == '-' && dk_is_runtime_library(path)) {
            doomed[count].start = start;
            doomed[count].end = strtoul(dash + 1, NULL, 16);
            count += 1;
        }
        if (next == NULL) break;
        line = next + 1;
    }
    for (size_t i = 0; i < count; i++) {
        (void)munmap((void *)doomed[i].start, doomed[i].end - doomed[i].start);
    }
}
#endif

// glibc, Darwin and FreeBSD pass (argc, argv, envp) to initializers (executable.c relies on it too).
__attribute__((constructor)) static void dk_sentinel_entry(int argc, char **argv, char **envp) {
    (void)envp;
    const char *value = getenv(DK_SENTINEL_VARIABLE);
    if (value == NULL) return;
    // A sentinel is started with two pipes as descriptors 3 and 4 and a number for a token. The
    // variable anywhere else (inherited from a launcher's environment) is an error to report,
    // not a reason to become a sentinel silently.
    struct stat wait_info, events_info;
    char *end = NULL;
    long token = strtol(value, &end, 10);
    int started_as_sentinel =
        argc == 2 && argv != NULL && argv[1] != NULL && strcmp(argv[1], "--daemoniker-sentinel") == 0;
    if (!started_as_sentinel || end == value || *end != '\0' || token <= 0 || token > 0x7FFFFFFF ||
        fstat(3, &wait_info) != 0 || !S_ISFIFO(wait_info.st_mode) || fstat(4, &events_info) != 0 ||
        !S_ISFIFO(events_info.st_mode)) {
        static const char message[] =
            "daemoniker: " DK_SENTINEL_VARIABLE
            " is set, but this program was not started as a signal sentinel; unset " DK_SENTINEL_VARIABLE
            " and start it again\n";
        ssize_t ignored = write(2, message, sizeof(message) - 1);
        (void)ignored;
        _exit(2);
    }
    sentinel_token = (int)token;
#if DK_RELAY_QUEUES
    relay_signal = SIGRTMAX;
#endif
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = dk_sentinel_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    struct sigaction plain;
    memset(&plain, 0, sizeof(plain));
    plain.sa_handler = SIG_DFL;
    sigemptyset(&plain.sa_mask);
    for (int signo = 1; signo < dk_signal_limit(); signo++) {
        if (signo == SIGKILL || signo == SIGSTOP) continue;
        int relayable = signo != SIGCHLD && signo != SIGCONT;
        (void)sigaction(signo, relayable ? &action : &plain, NULL);
    }
    // Called through a pointer: its address was bound when the program was loaded, while a
    // first call through the procedure linkage table would be bound lazily, after the shedding.
    void (*volatile exit_now)(int) = _exit;
#if defined(__linux__)
    dk_sentinel_shed_libraries();
#endif
    // Only now may the daemon record this sentinel: a signal sent before the handlers were in
    // place would have ended it the default way and been taken for a kill by hand, and one that
    // fails in shedding the libraries fails before it counts as started.
    dk_sentinel_report(1);
    char byte;
    for (;;) {
        ssize_t got = read(3, &byte, 1);
        if (got < 0 && errno == EINTR) continue;
        exit_now(0);  // End of file (the daemon is gone) or an error: nothing more to wait for.
    }
}
#endif
