// dk_spawn_child (spawn.c): fork and exec as systemd starts a service, with real processes. The
// started program is this test program again in "report" mode, which writes what it sees (its
// pid, LISTEN_PID, descriptors 3 and 4, its signal state) to its standard output, a pipe.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../check.h"
#include "posix_helpers.h"
#include "daemoniker_shim.h"

// MARK: The started program

// Writes "PID LISTEN_PID FD3 FD4 USR1_BLOCKED USR1_IGNORED" to standard output: FD3 is "socket",
// "other" or "closed"; FD4 is what descriptor 4 got written ("written") or "closed".
static int report_self(void) {
    const char *listen_pid = getenv("LISTEN_PID");
    struct stat info;
    const char *three = fstat(3, &info) != 0 ? "closed" : (S_ISSOCK(info.st_mode) ? "socket" : "other");
    const char *four = write(4, "four", 4) == 4 ? "written" : "closed";
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    struct sigaction action;
    sigaction(SIGUSR1, NULL, &action);
    printf("%ld %s %s %s %d %d\n", (long)getpid(), listen_pid ? listen_pid : "-", three, four,
           sigismember(&mask, SIGUSR1), action.sa_handler == SIG_IGN);
    return 0;
}

// MARK: Helpers

static const char *self_path(void) {
    static char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
    path[length > 0 ? length : 0] = '\0';
    return path;
}

// A close-on-exec copy of `fd` at 10 or above (dk_spawn_child wants every `from` above every `to`).
static int high_copy(int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 10); }

static void *idle_thread(void *context) {
    (void)context;
    pause();
    return NULL;
}

// MARK: Tests

// From a process that runs a second thread, has SIGUSR1 blocked and ignored, and holds a
// listening socket and a pipe close-on-exec: the child gets the socket on 3 and the pipe on 4,
// LISTEN_PID is its own pid (written between fork and exec), its signals are reset, and the
// parent's mask is as it was.
static void child_gets_its_pid_and_descriptors(void) {
    alarm(30);
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, idle_thread, NULL) == 0, "a second thread");
    sigset_t usr1, before, after;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, &before);
    signal(SIGUSR1, SIG_IGN);
    pthread_sigmask(SIG_BLOCK, NULL, &before);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int out[2], extra[2];
    REQUIRE(listener >= 0 && pipe2(out, O_CLOEXEC) == 0 && pipe2(extra, O_CLOEXEC) == 0, "socket and pipes");
    int from[] = {high_copy(out[1]), high_copy(listener), high_copy(extra[1])};
    int to[] = {1, 3, 4};
    REQUIRE(from[0] >= 10 && from[1] >= 10 && from[2] >= 10, "copies above 4");
    char *argv[] = {"spawn_child_test", "report", NULL};
    char slot_entry[] = "LISTEN_PID=00000000000000000000000";
    char fds[] = "LISTEN_FDS=1";
    char *envp[] = {fds, slot_entry, NULL};
    char *slot = slot_entry + strlen("LISTEN_PID=");
    size_t slot_size = sizeof(slot_entry) - strlen("LISTEN_PID=");
    pid_t child = dk_spawn_child(self_path(), argv, envp, from, to, 3, slot, slot_size);
    REQUIRE(child > 0, "dk_spawn_child starts the child");
    CHECK(strcmp(slot_entry, "LISTEN_PID=00000000000000000000000") == 0,
          "the parent's slot is untouched (only the child writes its copy): %s", slot_entry);
    pthread_sigmask(SIG_BLOCK, NULL, &after);
    CHECK(sigismember(&after, SIGUSR1) == sigismember(&before, SIGUSR1) && !sigismember(&after, SIGTERM),
          "the parent's signal mask is as it was");
    for (int i = 0; i < 3; i++) close(from[i]);
    close(out[1]);
    close(extra[1]);
    char text[256];
    ssize_t got = read_to_end(out[0], text, sizeof(text));
    char written[8] = {0};
    ssize_t four = read(extra[0], written, sizeof(written) - 1);
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the child exits 0 (status 0x%x)", status);
    long pid = 0, listen_pid = 0;
    char three[16] = "", fourth[16] = "";
    int blocked = -1, ignored = -1;
    REQUIRE(got > 0 && sscanf(text, "%ld %ld %15s %15s %d %d", &pid, &listen_pid, three, fourth, &blocked,
                              &ignored) == 6,
            "the child reports (%s)", got > 0 ? text : "nothing");
    CHECK(pid == (long)child, "the reported pid is the one returned (%ld, %ld)", pid, (long)child);
    CHECK(listen_pid == pid, "LISTEN_PID is the child's own pid (%ld, %ld)", listen_pid, pid);
    CHECK(strcmp(three, "socket") == 0, "descriptor 3 is the listening socket (%s)", three);
    CHECK(strcmp(fourth, "written") == 0 && four == 4 && strcmp(written, "four") == 0,
          "descriptor 4 is the pipe (%s, read %s)", fourth, written);
    CHECK(blocked == 0 && ignored == 0, "SIGUSR1 neither blocked (%d) nor ignored (%d) in the child", blocked,
          ignored);
    close(listener);
}

// Without a slot nothing is written; a `to` that is its own `from`'s number elsewhere is fine.
static void child_without_slot_runs(void) {
    alarm(30);
    int out[2];
    REQUIRE(pipe2(out, O_CLOEXEC) == 0, "pipe");
    int from[] = {high_copy(out[1])};
    int to[] = {1};
    char *argv[] = {"spawn_child_test", "report", NULL};
    char *envp[] = {NULL};
    pid_t child = dk_spawn_child(self_path(), argv, envp, from, to, 1, NULL, 0);
    REQUIRE(child > 0, "dk_spawn_child starts the child");
    close(from[0]);
    close(out[1]);
    char text[256];
    ssize_t got = read_to_end(out[0], text, sizeof(text));
    int status = 0;
    waitpid(child, &status, 0);
    long pid = 0;
    char listen_pid[16] = "", three[16] = "";
    CHECK(got > 0 && sscanf(text, "%ld %15s %15s", &pid, listen_pid, three) == 3 &&
              strcmp(listen_pid, "-") == 0 && strcmp(three, "closed") == 0,
          "no LISTEN_PID and descriptor 3 closed (%s)", got > 0 ? text : "nothing");
}

// exec fails: -1 with the exec's errno, and the child is already reaped (no zombie left).
static void exec_failure_is_reported_and_reaped(void) {
    alarm(30);
    char *argv[] = {"missing", NULL};
    char entry[] = "LISTEN_PID=000000000000000000000";
    char *envp[] = {entry, NULL};
    errno = 0;
    pid_t child =
        dk_spawn_child("/nonexistent/program", argv, envp, NULL, NULL, 0, entry + 11, sizeof(entry) - 11);
    CHECK(child == -1 && errno == ENOENT, "-1 with ENOENT (%ld, errno %d)", (long)child, errno);
    CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD, "no child left to reap");
}

// A slot too small for the pid: the child does not exec; -1 with ERANGE.
static void small_slot_is_erange(void) {
    alarm(30);
    char *argv[] = {"true", NULL};
    char entry[] = "LISTEN_PID=";
    char *envp[] = {entry, NULL};
    errno = 0;
    pid_t child = dk_spawn_child("/bin/true", argv, envp, NULL, NULL, 0, entry + 11, 1);
    CHECK(child == -1 && errno == ERANGE, "-1 with ERANGE (%ld, errno %d)", (long)child, errno);
    CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD, "no child left to reap");
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "report") == 0) return report_self();
    ck_run_isolated("dk_spawn_child: LISTEN_PID, descriptors from 3, signals reset",
                    child_gets_its_pid_and_descriptors);
    ck_run_isolated("dk_spawn_child without a pid slot", child_without_slot_runs);
    ck_run_isolated("dk_spawn_child: exec failure is -1 with errno, child reaped",
                    exec_failure_is_reported_and_reaped);
    ck_run_isolated("dk_spawn_child: a pid slot too small is ERANGE", small_slot_is_erange);
    return ck_finish("spawn_child_test");
}
