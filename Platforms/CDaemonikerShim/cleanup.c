// What the daemon undoes when it ends, and the default signal actions, all async-signal-safe so
// they can run from a signal handler or at exit without a dispatcher thread.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif
#include <time.h>
#include <unistd.h>

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
static volatile sig_atomic_t service_ready = 0;

// The log files a hangup reopens: a list that only grows, walked by a signal handler at any
// moment. An entry is complete before the one atomic store that links it in, and never changes
// or goes away after that, so the handler sees each entry whole or not at all.
struct dk_log {
    char *path;
    int target;
    int mode;
    int follow_links;
    struct dk_log *_Atomic next;
};
static struct dk_log *_Atomic logs = NULL;

void dk_cleanup_configure(const char *path, int fd, const char *sentinel, int notify, const void *address,
                          unsigned length) {
    // The new strings are made first and then put in place; the old ones are never freed, since
    // a clean-up running meanwhile on another thread (an exit during setup) may still read them.
    // This happens a few times in a process's life at most.
    char *new_pid_path = path != NULL ? strdup(path) : NULL;
    char *new_sentinel_path = sentinel != NULL ? strdup(sentinel) : NULL;
    char *new_sentinel_lock_path = NULL;
    if (sentinel != NULL) {
        size_t length = strlen(sentinel);
        new_sentinel_lock_path = malloc(length + sizeof(".lock"));
        if (new_sentinel_lock_path != NULL) {
            memcpy(new_sentinel_lock_path, sentinel, length);
            memcpy(new_sentinel_lock_path + length, ".lock", sizeof(".lock"));
        }
    }
    owner_pid = getpid();
    cleaned = 0;
    // No pid file is removed until the new file's identity is in place.
    lock_fd = -1;
    pid_path = new_pid_path;
    struct stat info;
    if (fd >= 0 && fstat(fd, &info) == 0) {
        lock_device = info.st_dev;
        lock_inode = info.st_ino;
        lock_fd = fd;
    }
    sentinel_path = new_sentinel_path;
    sentinel_lock_path = new_sentinel_lock_path;
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

int dk_open_no_symlinks(const char *path, int flags, int mode) {
#if defined(__linux__) && defined(SYS_openat2)
    // struct open_how: flags, mode, resolve; RESOLVE_NO_SYMLINKS is 0x04 (Linux 5.6).
    struct {
        unsigned long long flags, mode, resolve;
    } how = {(unsigned long long)(unsigned)flags, (unsigned long long)(unsigned)mode, 0x04};
    long fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
    if (fd >= 0 || errno != ENOSYS) return (int)fd;
#endif
    return open(path, flags | O_NOFOLLOW, (mode_t)mode);
}

int dk_cleanup_add_log(const char *path, int target, int mode, int follow_links) {
    if (path == NULL) {
        errno = EINVAL;
        return -1;
    }
    struct dk_log *entry = malloc(sizeof(*entry));
    char *copy = strdup(path);
    if (entry == NULL || copy == NULL) {
        free(entry);
        free(copy);
        errno = ENOMEM;
        return -1;
    }
    entry->path = copy;
    entry->target = target;
    entry->mode = mode;
    entry->follow_links = follow_links;
    atomic_init(&entry->next, NULL);
    // Linked in at the end; a compare-and-swap, so that two threads adding at once both get in.
    struct dk_log *_Atomic *link = &logs;
    for (;;) {
        struct dk_log *last = NULL;
        if (atomic_compare_exchange_strong(link, &last, entry)) return 0;
        link = &last->next;
    }
}

int dk_notify_send_to(int fd, const void *address, unsigned length, const char *message, size_t size) {
    ssize_t sent = sendto(fd, message, size, MSG_NOSIGNAL, (const struct sockaddr *)address, length);
    return sent < 0 ? -1 : 0;
}

int dk_notify_send_fds(int fd, const void *address, unsigned length, const char *message, size_t size,
                       const int *fds, size_t count) {
    if (count == 0) return dk_notify_send_to(fd, address, length, message, size);
    if (count > 253) {
        errno = EINVAL;
        return -1;
    }
    size_t space = CMSG_SPACE(sizeof(int) * count);
    char *control = calloc(1, space);
    if (control == NULL) return -1;
    struct iovec data = {.iov_base = (void *)message, .iov_len = size};
    struct msghdr header = {0};
    header.msg_name = (void *)address;
    header.msg_namelen = (socklen_t)length;
    header.msg_iov = &data;
    header.msg_iovlen = 1;
    header.msg_control = control;
    header.msg_controllen = (socklen_t)space;
    struct cmsghdr *rights = CMSG_FIRSTHDR(&header);
    rights->cmsg_level = SOL_SOCKET;
    rights->cmsg_type = SCM_RIGHTS;
    rights->cmsg_len = CMSG_LEN(sizeof(int) * count);
    memcpy(CMSG_DATA(rights), fds, sizeof(int) * count);
    ssize_t sent = sendmsg(fd, &header, MSG_NOSIGNAL);
    int saved = errno;
    free(control);
    errno = saved;
    return sent < 0 ? -1 : 0;
}

int dk_notify(const char *message) {
    if (notify_fd < 0 || notify_length == 0 || owner_pid != getpid()) {
        errno = ENOTCONN;
        return -1;
    }
    return dk_notify_send_to(notify_fd, notify_address, notify_length, message, strlen(message));
}

void dk_notify_mark_ready(void) { service_ready = 1; }

int dk_notify_reloading(void) {
    // Before the daemon is ready there is nothing to reload, and the READY=1 that ends a reload
    // would tell the manager the start is done.
    if (!service_ready) {
        errno = EAGAIN;
        return -1;
    }
    // "RELOADING=1\nMONOTONIC_USEC=" and the clock in decimal, built without stdio.
    static const char prefix[] = "RELOADING=1\nMONOTONIC_USEC=";
    char message[sizeof(prefix) + 24];
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) return -1;
    unsigned long long usec =
        (unsigned long long)now.tv_sec * 1000000ULL + (unsigned long long)now.tv_nsec / 1000ULL;
    char digits[24];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + usec % 10);
        usec /= 10;
    } while (usec > 0 && count < sizeof(digits));
    memcpy(message, prefix, sizeof(prefix) - 1);
    size_t length = sizeof(prefix) - 1;
    while (count > 0) message[length++] = digits[--count];
    message[length] = '\0';
    return dk_notify(message);
}

void dk_cleanup_run(void) {
    if (owner_pid == 0 || getpid() != owner_pid || cleaned) return;
    cleaned = 1;
    int saved = errno;
    (void)dk_notify("STOPPING=1");
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
    for (struct dk_log *entry = atomic_load(&logs); entry != NULL; entry = atomic_load(&entry->next)) {
        int flags = O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC;
        int fd = entry->follow_links ? open(entry->path, flags, (mode_t)entry->mode)
                                     : dk_open_no_symlinks(entry->path, flags, entry->mode);
        if (fd < 0) continue;  // Keep writing to the old file rather than to nothing.
        (void)dup2(fd, entry->target);
        close(fd);
    }
    errno = saved;
}

#endif
