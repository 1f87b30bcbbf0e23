// The log files a hangup reopens (cleanup.c, compiled in so that its allocations are counted and
// its list can be walked): any number of them, reopened for real, from a real signal handler.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>

#define CK_ALLOCATIONS
#include "../check.h"

#include "cleanup.c"

#define LOGS 6
// Descriptors the tests reopen logs onto, standing in for 1 and 2.
#define FIRST_TARGET 200

static char directory[] = "/tmp/dk-logs-test.XXXXXX";
// A directory of the running test's own (each test runs in a process of its own).
static char test_directory[64];

static void log_path(char *path, size_t size, int index) {
    if (test_directory[0] == '\0') {
        snprintf(test_directory, sizeof(test_directory), "%s/%ld", directory, (long)getpid());
        (void)mkdir(test_directory, 0700);
    }
    snprintf(path, size, "%s/log%d", test_directory, index);
}

// The file at `path` holds exactly `text`.
static int holds(const char *path, const char *text) {
    char buffer[256];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t got = read(fd, buffer, sizeof(buffer) - 1);
    close(fd);
    if (got < 0) return 0;
    buffer[got] = '\0';
    return strcmp(buffer, text) == 0;
}

static void write_text(int fd, const char *text) {
    ssize_t wrote = write(fd, text, strlen(text));
    (void)wrote;
}

static void add_logs(void) {
    for (int i = 0; i < LOGS; i++) {
        char path[128];
        log_path(path, sizeof(path), i);
        CHECK(dk_cleanup_add_log(path, FIRST_TARGET + i, 0600, 1) == 0, "add log %d", i);
    }
}

// Six logs, each reopened onto its descriptor (none dropped beyond the first two).
static void reopens_every_log(void) {
    add_logs();
    dk_reopen_logs();
    for (int i = 0; i < LOGS; i++) {
        char path[128], text[32];
        log_path(path, sizeof(path), i);
        snprintf(text, sizeof(text), "to log %d\n", i);
        write_text(FIRST_TARGET + i, text);
        CHECK(holds(path, text), "log %d was reopened onto descriptor %d", i, FIRST_TARGET + i);
    }
}

static void reopen_on_hangup(int signo) {
    (void)signo;
    dk_reopen_logs();
}

// Rotation: every log renamed away, then a real SIGHUP, whose handler reopens them all: the
// next lines go to new files at the configured paths, and the renamed files keep the old ones.
static void hangup_reopens_rotated_logs(void) {
    add_logs();
    dk_reopen_logs();
    for (int i = 0; i < LOGS; i++) write_text(FIRST_TARGET + i, "before\n");
    for (int i = 0; i < LOGS; i++) {
        char path[128], rotated[140];
        log_path(path, sizeof(path), i);
        snprintf(rotated, sizeof(rotated), "%s.1", path);
        CHECK(rename(path, rotated) == 0, "rotate log %d", i);
    }
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = reopen_on_hangup;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGHUP, &action, NULL) == 0, "install the hangup handler");
    CHECK(raise(SIGHUP) == 0, "raise SIGHUP");
    for (int i = 0; i < LOGS; i++) write_text(FIRST_TARGET + i, "after\n");
    for (int i = 0; i < LOGS; i++) {
        char path[128], rotated[140];
        log_path(path, sizeof(path), i);
        snprintf(rotated, sizeof(rotated), "%s.1", path);
        CHECK(holds(path, "after\n") && holds(rotated, "before\n"), "log %d was reopened by the hangup", i);
    }
}

// An allocation that fails: -1 ENOMEM, nothing kept or leaked, and the logs added before still
// reopen. A NULL path: -1 EINVAL.
static void failed_add_changes_nothing(void) {
    char path[128];
    log_path(path, sizeof(path), 0);
    CHECK(dk_cleanup_add_log(path, FIRST_TARGET, 0600, 1) == 0, "add log 0");
    for (long failing = 0; failing <= 1; failing++) {
        long live = ck_live;
        ck_fail_after = failing;
        errno = 0;
        int result = dk_cleanup_add_log("/nonexistent/never-opened", FIRST_TARGET + 1, 0600, 1);
        int error = errno;
        ck_fail_after = -1;
        CHECK(result == -1 && error == ENOMEM, "allocation %ld fails: ENOMEM (result %d, errno %d)",
              failing + 1, result, error);
        CHECK(ck_live == live, "allocation %ld fails: nothing is left allocated (%ld blocks are)",
              failing + 1, ck_live - live);
    }
    errno = 0;
    CHECK(dk_cleanup_add_log(NULL, FIRST_TARGET, 0600, 1) == -1 && errno == EINVAL, "a NULL path is EINVAL");
    int count = 0;
    for (struct dk_log *entry = atomic_load(&logs); entry != NULL; entry = atomic_load(&entry->next)) count++;
    CHECK(count == 1, "one log configured (%d)", count);
    dk_reopen_logs();
    write_text(FIRST_TARGET, "still\n");
    CHECK(holds(path, "still\n"), "log 0 still reopens");
}

#define PER_THREAD 200

static void *add_from_thread(void *context) {
    char path[128];
    log_path(path, sizeof(path), (int)(intptr_t)context);
    for (int i = 0; i < PER_THREAD; i++) (void)dk_cleanup_add_log(path, FIRST_TARGET, 0600, 1);
    return NULL;
}

// Two threads adding at once: every log gets in.
static void concurrent_adds_all_get_in(void) {
    pthread_t threads[2];
    for (int i = 0; i < 2; i++) {
        CHECK(pthread_create(&threads[i], NULL, add_from_thread, (void *)(intptr_t)i) == 0, "start thread %d",
              i);
    }
    for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
    int count = 0;
    for (struct dk_log *entry = atomic_load(&logs); entry != NULL; entry = atomic_load(&entry->next)) count++;
    CHECK(count == 2 * PER_THREAD, "%d logs configured (%d)", 2 * PER_THREAD, count);
}

int main(void) {
    if (mkdtemp(directory) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    ck_run_isolated("dk_reopen_logs reopens 6 logs", reopens_every_log);
    ck_run_isolated("a hangup reopens 6 rotated logs", hangup_reopens_rotated_logs);
    ck_run_isolated("dk_cleanup_add_log: a failure changes nothing", failed_add_changes_nothing);
    ck_run_isolated("dk_cleanup_add_log from two threads at once", concurrent_adds_all_get_in);
    char command[200];
    snprintf(command, sizeof(command), "rm -rf '%s'", directory);
    if (system(command) != 0) printf("   (could not remove %s)\n", directory);
    return ck_finish("logs_test");
}
