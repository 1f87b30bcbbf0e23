// Process-level primitives: thread count, fork, descriptor closing, signal reset.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/syscall.h>
#endif
#if defined(__APPLE__)
#include <mach/mach.h>
#endif
#if defined(__FreeBSD__)
#include <sys/param.h>
#include <sys/sysctl.h>
#include <sys/user.h>
#endif

int dk_thread_count(void) {
#if defined(__linux__)
    DIR *dir = opendir("/proc/self/task");
    if (dir == NULL) return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] != '.') count += 1;
    }
    closedir(dir);
    return count;
#elif defined(__APPLE__)
    thread_act_array_t threads;
    mach_msg_type_number_t count = 0;
    if (task_threads(mach_task_self(), &threads, &count) != KERN_SUCCESS) return -1;
    for (mach_msg_type_number_t i = 0; i < count; i++) mach_port_deallocate(mach_task_self(), threads[i]);
    vm_deallocate(mach_task_self(), (vm_address_t)threads, sizeof(thread_t) * count);
    return (int)count;
#elif defined(__FreeBSD__)
    int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, (int)getpid()};
    struct kinfo_proc info;
    size_t size = sizeof(info);
    if (sysctl(mib, 4, &info, &size, NULL, 0) != 0 || size < sizeof(info)) return -1;
    return (int)info.ki_numthreads;
#else
    return -1;
#endif
}

int dk_start_thread(void *(*start)(void *), void *context) {
    pthread_attr_t attributes;
    int result = pthread_attr_init(&attributes);
    if (result != 0) return result;
    result = pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    if (result == 0) result = pthread_create(&thread, &attributes, start, context);
    (void)pthread_attr_destroy(&attributes);
    return result;
}

int dk_pipe_cloexec(int fds[2]) {
#if defined(__linux__) || defined(__FreeBSD__)
    return pipe2(fds, O_CLOEXEC);
#else
    if (pipe(fds) != 0) return -1;
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}

int dk_write_all_nosigpipe(int fd, const void *buffer, size_t length) {
    sigset_t pipe_only, old;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    int was_pending = 0;
    sigset_t pending;
    if (sigpending(&pending) == 0) was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
    const char *cursor = buffer;
    int result = 0;
    while (length > 0) {
        ssize_t wrote = write(fd, cursor, length);
        if (wrote < 0) {
            if (errno == EINTR) continue;
            result = -1;
            break;
        }
        cursor += wrote;
        length -= (size_t)wrote;
    }
    int saved = errno;
    if (result != 0 && saved == EPIPE && !was_pending) {
        // Discard the SIGPIPE this write raised (and only that one).
#if defined(__linux__) || defined(__FreeBSD__)
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_only, NULL, &zero) < 0 && errno == EINTR) {}
#else
        if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE)) {
            int taken;
            sigwait(&pipe_only, &taken);
        }
#endif
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return result;
}

int dk_fill_standard_descriptors(void) {
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
        int opened = open("/dev/null", O_RDWR);
        if (opened < 0) return -1;
        if (opened != fd) {  // A lower one was closed too and took it; the loop fills that.
            if (dup2(opened, fd) < 0) return -1;
            close(opened);
        }
    }
    return 0;
}

int dk_pidfd_open(pid_t pid) {
#if defined(__linux__)
#if defined(SYS_pidfd_open)
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    return (int)syscall(434, pid, 0);  // The same number on every Linux architecture.
#endif
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

void dk_line_buffer_stdio(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    setvbuf(stderr, NULL, _IONBF, 0);
}

// close_range(first, last) where the kernel has it. Returns 0, or -1 with errno (ENOSYS when the
// call does not exist). Async-signal-safe.
static int dk_close_range(unsigned first, unsigned last) {
    if (first > last) return 0;
#if defined(__linux__) && defined(SYS_close_range)
    return (int)syscall(SYS_close_range, first, last, 0);
#elif defined(__FreeBSD__)
    return close_range(first, last, 0);
#else
    (void)first;
    (void)last;
    errno = ENOSYS;
    return -1;
#endif
}

static int dk_compare_descriptors(const void *a, const void *b) {
    int left = *(const int *)a;
    int right = *(const int *)b;
    return (left > right) - (left < right);
}

// Whether `fd` is in `sorted` (ascending).
static int dk_is_kept(int fd, const int *sorted, size_t count) {
    size_t low = 0, high = count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (sorted[middle] == fd) return 1;
        if (sorted[middle] < fd) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return 0;
}

// The list of this process's open descriptors (/proc/self/fd on Linux, else /dev/fd), for
// dk_next_descriptor; closedir it after.
static DIR *dk_open_descriptor_list(void) {
#if defined(__linux__)
    return opendir("/proc/self/fd");
#else
    return opendir("/dev/fd");
#endif
}

// The next open descriptor >= 3 in `dir` (never the listing's own), or -1 at the end.
static int dk_next_descriptor(DIR *dir) {
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') continue;
        int fd = atoi(entry->d_name);
        if (fd >= 3 && fd != dirfd(dir)) return fd;
    }
    return -1;
}

// Closes the open descriptors >= 3 not in `sorted` (ascending) by listing the ones that are open,
// so the cost follows the number of open descriptors, never RLIMIT_NOFILE. The whole list is
// taken before anything is closed (closing while the directory is read may skip entries).
// Returns 0, or -1 with errno, having closed nothing, when the directory cannot be read or the
// list cannot be allocated.
static int dk_close_listed(const int *sorted, size_t count, int only_inherited) {
    DIR *dir = dk_open_descriptor_list();
    if (dir == NULL) return -1;
    size_t capacity = 64, found_count = 0;
    int *found = malloc(capacity * sizeof(int));
    if (found == NULL) {
        closedir(dir);
        errno = ENOMEM;
        return -1;
    }
    for (int fd = dk_next_descriptor(dir); fd >= 0; fd = dk_next_descriptor(dir)) {
        if (dk_is_kept(fd, sorted, count)) continue;
        if (only_inherited) {
            // Close-on-exec: this process image opened it (exec never carries one over).
            int flags = fcntl(fd, F_GETFD);
            if (flags < 0 || (flags & FD_CLOEXEC)) continue;
        }
        if (found_count == capacity) {
            int *grown =
                capacity <= SIZE_MAX / 2 / sizeof(int) ? realloc(found, capacity * 2 * sizeof(int)) : NULL;
            if (grown == NULL) {
                free(found);
                closedir(dir);
                errno = ENOMEM;
                return -1;
            }
            found = grown;
            capacity *= 2;
        }
        found[found_count++] = fd;
    }
    closedir(dir);
    for (size_t i = 0; i < found_count; i++) close(found[i]);
    free(found);
    return 0;
}

// Closes every descriptor >= 3 but those in `sorted` (ascending, all >= 3, repeats allowed): the
// gaps between them as ranges, or by listing where the kernel has no close_range.
static int dk_close_gaps(const int *sorted, size_t count) {
    unsigned next = 3;
    for (size_t i = 0; i <= count; i++) {
        if (i < count && (unsigned)sorted[i] < next) continue;  // A repeat.
        unsigned last = (i < count) ? (unsigned)sorted[i] - 1 : ~0U;
        if (dk_close_range(next, last) != 0) {
            if (errno == ENOSYS || errno == EINVAL) return dk_close_listed(sorted, count, 0);
            return -1;
        }
        if (i < count) next = (unsigned)sorted[i] + 1;
    }
    return 0;
}

static int dk_close_except(const int *keep, size_t keep_count, int only_inherited) {
    // A sorted copy of the kept descriptors >= 3: on the stack for the usual few, else allocated.
    int small[64];
    int *sorted = small;
    if (keep_count > sizeof(small) / sizeof(small[0])) {
        sorted = keep_count <= SIZE_MAX / sizeof(int) ? malloc(keep_count * sizeof(int)) : NULL;
        if (sorted == NULL) {
            errno = ENOMEM;
            return -1;
        }
    }
    size_t count = 0;
    for (size_t i = 0; i < keep_count; i++) {
        if (keep[i] >= 3) sorted[count++] = keep[i];
    }
    qsort(sorted, count, sizeof(int), dk_compare_descriptors);
    int result = only_inherited ? dk_close_listed(sorted, count, 1) : dk_close_gaps(sorted, count);
    if (sorted != small) {
        int saved = errno;
        free(sorted);
        errno = saved;
    }
    return result;
}

int dk_close_descriptors(const int *keep, size_t keep_count) { return dk_close_except(keep, keep_count, 0); }

int dk_close_inherited_descriptors(const int *keep, size_t keep_count) {
    return dk_close_except(keep, keep_count, 1);
}

#if defined(__linux__)
// The kernel's struct sigaction, for the signals glibc reserves (32 and 33) and refuses to let
// sigaction() touch. glibc's posix_spawn leaves them *ignored* in a child of a threaded parent,
// so a daemon would otherwise inherit them ignored. Async-signal-safe (a plain system call).
struct dk_kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    unsigned long mask;
};

static void dk_reset_reserved_signal(int signo) {
    struct dk_kernel_sigaction current;
    memset(&current, 0, sizeof(current));
    if (syscall(SYS_rt_sigaction, signo, NULL, &current, sizeof(current.mask)) != 0) return;
    if (current.handler != (void *)SIG_IGN) return;  // Leave a handler the C library installed.
    struct dk_kernel_sigaction reset;
    memset(&reset, 0, sizeof(reset));
    reset.handler = (void *)SIG_DFL;
    (void)syscall(SYS_rt_sigaction, signo, &reset, NULL, sizeof(reset.mask));
}
#endif

void dk_reset_signals(int in_place) {
    if (in_place) dk_forget_plain_original_actions();
    struct sigaction action;
    action.sa_handler = SIG_DFL;
    action.sa_flags = 0;
    sigemptyset(&action.sa_mask);
    for (int signo = 1; signo < dk_signal_limit(); signo++) {
        if (signo == SIGKILL || signo == SIGSTOP) continue;
        // In the daemon itself: a handler (a function) is never carried over by exec, so this
        // program installed it before daemonizing (Dispatch signal sources, the Swift runtime's
        // crash reporter, Daemoniker's own), and so it did an ignore that was not there when the
        // process started (swift-service-lifecycle ignores SIGTERM for its Dispatch source):
        // both stay. Only an ignore inherited at exec is reset, and an ignored SIGCHLD always
        // (the kernel would reap the daemon's children, its sentinel among them, unseen).
        if (in_place && (dk_is_handled(signo) || (signo != SIGCHLD && dk_ignored_by_program(signo))))
            continue;
        if (sigaction(signo, &action, NULL) != 0 && errno == EINVAL) {
#if defined(__linux__)
            dk_reset_reserved_signal(signo);
#endif
        }
    }
    sigset_t empty;
    sigemptyset(&empty);
    (void)sigprocmask(SIG_SETMASK, &empty, NULL);
}

int dk_raise_in_process(int signo) {
    // The OS hands a process-directed signal to any thread that does not block it, perhaps one
    // that takes it only later, and a second one sent while the first is still pending merges
    // with it. Blocked here while it is sent, then unblocked: POSIX delivers a pending unblocked
    // signal before pthread_sigmask returns, so by then some thread has taken it (unless this
    // thread blocked it already, as the OS would leave it).
    sigset_t only, old;
    sigemptyset(&only);
    sigaddset(&only, signo);
    if (pthread_sigmask(SIG_BLOCK, &only, &old) != 0) return kill(getpid(), signo);
    int result = kill(getpid(), signo);
    int saved = errno;
    (void)pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return result;
}

int dk_signal_limit(void) {
#if defined(SIGRTMAX)
    return SIGRTMAX + 1 > NSIG ? SIGRTMAX + 1 : NSIG;
#else
    return NSIG;
#endif
}

#if defined(__linux__)
// 1 if process `pid` has the file (device, inode) open, 0 if not, -1 if that cannot be told (its
// descriptors are another user's to list).
static int dk_holds_file(pid_t pid, uint64_t device, uint64_t inode) {
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
    DIR *dir = opendir(path);
    if (dir == NULL) return -1;
    int found = 0;
    struct dirent *entry;
    while (!found && (entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') continue;
        char link[96];
        snprintf(link, sizeof(link), "/proc/%d/fd/%s", (int)pid, entry->d_name);
        struct stat info;
        if (stat(link, &info) == 0 && (uint64_t)info.st_dev == device && (uint64_t)info.st_ino == inode)
            found = 1;
    }
    closedir(dir);
    return found;
}
#endif

int dk_signal_file_holder(pid_t pid, uint64_t device, uint64_t inode, int signo) {
#if defined(__linux__) && defined(SYS_pidfd_send_signal)
    // The pidfd pins the process: while it is alive its pid cannot be given to another, so what
    // is checked is what is signalled.
    int pidfd = dk_pidfd_open(pid);
    if (pidfd >= 0) {
        if (dk_holds_file(pid, device, inode) == 0) {
            close(pidfd);
            return 1;
        }
        long result = syscall(SYS_pidfd_send_signal, pidfd, signo, NULL, 0);
        int saved = errno;
        close(pidfd);
        errno = saved;
        if (result == 0) return 0;
        if (errno != ENOSYS) return -1;
    } else if (errno != ENOSYS) {
        return -1;
    }
#else
    (void)device;
    (void)inode;
#endif
    return kill(pid, signo) == 0 ? 0 : -1;
}
#endif
