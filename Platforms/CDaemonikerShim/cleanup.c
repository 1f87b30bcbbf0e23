// What the daemon undoes when it ends, and the default signal actions, all async-signal-safe so
// they can run from a signal handler or at exit without a dispatcher thread.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define DK_MAX_LOGS 2

static pid_t owner_pid = 0;
static volatile sig_atomic_t cleaned = 0;
static char *pid_path = NULL;
static int lock_fd = -1;
static dev_t lock_device;
static ino_t lock_inode;
static char *sentinel_path = NULL;
static char *sentinel_lock_path = NULL;
static int notify_fd = -1;
static unsigned char notify_address[128];
static unsigned notify_length = 0;
static int registered = 0;

static struct {
    char *path;
    int target;
    int mode;
} logs[DK_MAX_LOGS];
static int log_count = 0;

static int wake_fd = -1;

void dk_cleanup_configure(const char *path, int fd, const char *sentinel, int notify,
                          const void *address, unsigned length) {
    owner_pid = getpid();
    cleaned = 0;
    free(pid_path);
    pid_path = path != NULL ? strdup(path) : NULL;
    lock_fd = fd;
    struct stat info;
    if (fd >= 0 && fstat(fd, &info) == 0) {
        lock_device = info.st_dev;
        lock_inode = info.st_ino;
    } else {
        lock_fd = -1;
    }
    free(sentinel_path);
    sentinel_path = sentinel != NULL ? strdup(sentinel) : NULL;
    free(sentinel_lock_path);
    sentinel_lock_path = NULL;
    if (sentinel != NULL) {
        size_t length = strlen(sentinel);
        sentinel_lock_path = malloc(length + sizeof(".lock"));
        if (sentinel_lock_path != NULL) {
            memcpy(sentinel_lock_path, sentinel, length);
            memcpy(sentinel_lock_path + length, ".lock", sizeof(".lock"));
        }
    }
    notify_fd = notify;
    notify_length = 0;
    if (address != NULL && length <= sizeof(notify_address)) {
        memcpy(notify_address, address, length);
        notify_length = length;
    }
    if (!registered) {
        registered = 1;
        atexit(dk_cleanup_run);
    }
}

void dk_cleanup_add_log(const char *path, int target, int mode) {
    if (log_count >= DK_MAX_LOGS || path == NULL) return;
    logs[log_count].path = strdup(path);
    logs[log_count].target = target;
    logs[log_count].mode = mode;
    log_count += 1;
}

void dk_cleanup_run(void) {
    if (owner_pid == 0 || getpid() != owner_pid || cleaned) return;
    cleaned = 1;
    int saved = errno;
    if (notify_fd >= 0 && notify_length > 0) {
        static const char stopping[] = "STOPPING=1";
        (void)sendto(notify_fd, stopping, sizeof(stopping) - 1, MSG_NOSIGNAL,
                     (const struct sockaddr *)notify_address, notify_length);
    }
    if (sentinel_path != NULL) (void)unlink(sentinel_path);
    if (sentinel_lock_path != NULL) (void)unlink(sentinel_lock_path);
    if (pid_path != NULL && lock_fd >= 0) {
        struct stat now;
        // Remove the file only while the path still names the file this daemon has locked.
        if (lstat(pid_path, &now) == 0 && now.st_dev == lock_device && now.st_ino == lock_inode) {
            (void)unlink(pid_path);
        }
    }
    errno = saved;
}

void dk_reopen_logs(void) {
    int saved = errno;
    for (int i = 0; i < log_count; i++) {
        int fd = open(logs[i].path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC, (mode_t)logs[i].mode);
        if (fd < 0) continue;  // Keep writing to the old file rather than to nothing.
        (void)dup2(fd, logs[i].target);
        close(fd);
    }
    errno = saved;
}

static void dk_default_action(int signo) {
    if (signo == SIGHUP) {
        dk_reopen_logs();
        return;
    }
    dk_cleanup_run();
    _exit(128 + signo);
}

int dk_install_default_action(int signo) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = dk_default_action;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(signo, &action, NULL);
}

static void dk_wake(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    if (wake_fd >= 0) {
        ssize_t ignored = write(wake_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int dk_install_wake_handler(int signo, int fd) {
    wake_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = dk_wake;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(signo, &action, NULL);
}

int dk_set_disposition(int signo, int ignore) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = ignore ? SIG_IGN : SIG_DFL;
    sigemptyset(&action.sa_mask);
    return sigaction(signo, &action, NULL);
}
#endif
