// Who a process is, as a supervisor check needs it: its parent's pid and its name (the kernel's
// short command name: Linux comm, BSD p_comm; on Windows the executable's file name); and
// whether it has ended, as the relay's sender needs it. One reader of the kernel per OS.
#if defined(_WIN32)
#if !defined(_WIN32_WINNT)
#define _WIN32_WINNT 0x0601
#endif
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <tlhelp32.h>

int dk_process_identity(int32_t pid, int32_t *parent, char *name, size_t size) {
    if (size == 0) return -1;
    name[0] = '\0';
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE) return -1;
    PROCESSENTRY32W entry;
    entry.dwSize = sizeof(entry);
    int result = -1;
    for (BOOL more = Process32FirstW(snapshot, &entry); more; more = Process32NextW(snapshot, &entry)) {
        if (entry.th32ProcessID != (DWORD)pid) continue;
        *parent = (int32_t)entry.th32ParentProcessID;
        int written = WideCharToMultiByte(CP_UTF8, 0, entry.szExeFile, -1, name, (int)size, NULL, NULL);
        if (written <= 0) name[0] = '\0';
        result = 0;
        break;
    }
    CloseHandle(snapshot);
    return result;
}
#else
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <poll.h>
#endif
#if defined(__APPLE__) || defined(__FreeBSD__)
#include <sys/param.h>
#include <sys/sysctl.h>
#include <sys/types.h>
#endif
#if defined(__FreeBSD__)
#include <sys/user.h>
#endif

#if !defined(__linux__)
// What this file reads of the kernel's record of a process, named the same whatever the kernel
// calls each field.
struct dk_kernel_record {
    int32_t parent;
    char command[32];  // The short name, NUL-terminated (at most 19 bytes on FreeBSD, 16 on macOS).
    int ended;         // Ended but not yet reaped.
    uint32_t uid;      // The effective user.
    int64_t start;     // When it started, in seconds since 1970.
};

// The kernel's record of process `pid` (sysctl KERN_PROC_PID). 0, or -1 with errno (ESRCH when
// there is no such process, ENOSYS on a system whose record this file does not know).
static int dk_kernel_process(pid_t pid, struct dk_kernel_record *record) {
#if defined(__APPLE__) || defined(__FreeBSD__)
    struct kinfo_proc info;
    int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, (int)pid};
    size_t length = sizeof(info);
    if (sysctl(mib, 4, &info, &length, NULL, 0) != 0) return -1;
    if (length < sizeof(info)) {
        errno = ESRCH;  // No such process: the kernel returned nothing.
        return -1;
    }
#if defined(__FreeBSD__)
    record->parent = (int32_t)info.ki_ppid;
    const char *command = info.ki_comm;
    record->ended = info.ki_stat == SZOMB;
    record->uid = (uint32_t)info.ki_uid;
    record->start = (int64_t)info.ki_start.tv_sec;
#else
    record->parent = (int32_t)info.kp_eproc.e_ppid;
    const char *command = info.kp_proc.p_comm;
    record->ended = info.kp_proc.p_stat == SZOMB;
    record->uid = (uint32_t)info.kp_eproc.e_ucred.cr_uid;
    record->start = (int64_t)info.kp_proc.p_starttime.tv_sec;
#endif
    size_t copied = strnlen(command, sizeof(record->command) - 1);
    memcpy(record->command, command, copied);
    record->command[copied] = '\0';
    return 0;
#else
    (void)pid;
    (void)record;
    errno = ENOSYS;
    return -1;
#endif
}
#endif

#if defined(__linux__)
// Opens /proc/PID/ENTRY for reading. NULL with errno (ESRCH when there is no such process).
static FILE *dk_open_proc(pid_t pid, const char *entry) {
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, entry);
    FILE *file = fopen(path, "re");
    if (file == NULL && errno == ENOENT) errno = ESRCH;
    return file;
}

// /proc/PID/stat ("pid (comm) state ppid ...") into `text`, NUL-terminated and cut to `size`.
// 0, or -1 with errno.
static int dk_read_proc_stat(pid_t pid, char *text, size_t size) {
    FILE *file = dk_open_proc(pid, "stat");
    if (file == NULL) return -1;
    size_t got = fread(text, 1, size - 1, file);
    fclose(file);
    text[got] = '\0';
    return 0;
}
#endif

// What the kernel says about process `pid`: its parent, its name (NUL-terminated, cut to
// `size`) and whether it has ended but is not yet reaped. 0, or -1 (errno; ESRCH when there is
// no such process).
static int dk_read_process(pid_t pid, int32_t *parent, char *name, size_t size, int *ended) {
    name[0] = '\0';
#if defined(__linux__)
    // "pid (comm) state ppid ...": the name may hold spaces and parentheses, so the last ')'
    // ends it.
    char text[512];
    if (dk_read_proc_stat(pid, text, sizeof(text)) != 0) return -1;
    char *open = strchr(text, '(');
    char *close = strrchr(text, ')');
    int parent_pid = 0;
    char state = 0;
    if (open == NULL || close == NULL || close < open ||
        sscanf(close + 1, " %c %d", &state, &parent_pid) != 2) {
        errno = EINVAL;
        return -1;
    }
    size_t length = (size_t)(close - open - 1);
    if (length >= size) length = size - 1;
    memcpy(name, open + 1, length);
    name[length] = '\0';
    *parent = parent_pid;
    *ended = state == 'Z' || state == 'X';
    return 0;
#else
    struct dk_kernel_record record;
    if (dk_kernel_process(pid, &record) != 0) return -1;
    *parent = record.parent;
    *ended = record.ended;
    size_t copied = strnlen(record.command, size - 1);
    memcpy(name, record.command, copied);
    name[copied] = '\0';
    return 0;
#endif
}

int dk_process_identity(int32_t pid, int32_t *parent, char *name, size_t size) {
    if (size == 0) {
        errno = EINVAL;
        return -1;
    }
    int ended = 0;
    return dk_read_process((pid_t)pid, parent, name, size, &ended);
}

int dk_process_owner(int32_t pid, uint32_t *uid) {
#if defined(__linux__)
    // The effective user from /proc/PID/status ("Uid:\treal\teffective\tsaved\tfs"): the owner
    // of /proc/PID itself is root for a process that switched users and is not dumpable.
    FILE *file = dk_open_proc((pid_t)pid, "status");
    if (file == NULL) return -1;
    char line[256];
    int found = 0;
    while (fgets(line, sizeof(line), file) != NULL) {
        unsigned real = 0, effective = 0;
        if (sscanf(line, "Uid: %u %u", &real, &effective) == 2) {
            *uid = effective;
            found = 1;
            break;
        }
    }
    fclose(file);
    if (!found) errno = EINVAL;
    return found ? 0 : -1;
#else
    struct dk_kernel_record record;
    if (dk_kernel_process((pid_t)pid, &record) != 0) return -1;
    *uid = record.uid;
    return 0;
#endif
}

int dk_process_start_time(int32_t pid, int64_t *seconds) {
#if defined(__linux__)
    // /proc/PID/stat's field 22 (clock ticks after boot), plus /proc/stat's "btime".
    char text[1024];
    if (dk_read_proc_stat((pid_t)pid, text, sizeof(text)) != 0) return -1;
    const char *field = strrchr(text, ')');
    unsigned long long ticks = 0;
    // After ")": state (field 3) ... starttime (field 22), the 20th field from here.
    if (field == NULL ||
        sscanf(field + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
               &ticks) != 1) {
        errno = EINVAL;
        return -1;
    }
    FILE *file = fopen("/proc/stat", "re");
    if (file == NULL) return -1;
    long long boot = -1;
    char line[256];
    while (fgets(line, sizeof(line), file) != NULL) {
        if (sscanf(line, "btime %lld", &boot) == 1) break;
    }
    fclose(file);
    long per_second = sysconf(_SC_CLK_TCK);
    if (boot < 0 || per_second <= 0) {
        errno = EINVAL;
        return -1;
    }
    *seconds = (int64_t)boot + (int64_t)(ticks / (unsigned long long)per_second);
    return 0;
#else
    struct dk_kernel_record record;
    if (dk_kernel_process((pid_t)pid, &record) != 0) return -1;
    *seconds = record.start;
    return 0;
#endif
}

int dk_process_has_ended(pid_t pid) {
#if defined(__linux__)
    int pidfd = dk_pidfd_open(pid);
    if (pidfd >= 0) {
        // A pidfd is readable once its process has ended (zombie or reaped).
        struct pollfd poll_fd = {.fd = pidfd, .events = POLLIN, .revents = 0};
        int ready = poll(&poll_fd, 1, 0);
        close(pidfd);
        return ready > 0 ? 1 : 0;
    }
    if (errno == ESRCH) return 1;
#endif
#if defined(__linux__) || defined(__FreeBSD__) || defined(__APPLE__)
    // The kernel's record says whether the process is a zombie; kill(pid, 0) would not.
    int32_t parent = 0;
    char name[32];
    int ended = 0;
    if (dk_read_process(pid, &parent, name, sizeof(name), &ended) != 0) return errno == ESRCH ? 1 : 0;
    return ended;
#else
    return kill(pid, 0) != 0 && errno == ESRCH;
#endif
}

#if defined(__APPLE__) || defined(__FreeBSD__)
// Every process the kernel lists (sysctl KERN_PROC) whose parent is this process: how many
// (those that fit in `capacity` stored in `pids`), or -1 with errno.
long dk_kernel_children(int32_t *pids, size_t capacity) {
    size_t count = 0;
#if defined(__FreeBSD__)
    int mib[3] = {CTL_KERN, KERN_PROC, KERN_PROC_PROC};
#else
    int mib[3] = {CTL_KERN, KERN_PROC, KERN_PROC_ALL};
#endif
    for (int attempt = 0; attempt < 8; attempt++) {
        size_t length = 0;
        if (sysctl(mib, 3, NULL, &length, NULL, 0) != 0) return -1;
        // Room for processes started between the two calls.
        length += length / 8 + 16 * sizeof(struct kinfo_proc);
        struct kinfo_proc *all = malloc(length);
        if (all == NULL) return -1;
        if (sysctl(mib, 3, all, &length, NULL, 0) != 0) {
            int saved = errno;
            free(all);
            if (saved == ENOMEM) continue;
            errno = saved;
            return -1;
        }
        pid_t me = getpid();
        for (size_t index = 0; index < length / sizeof(struct kinfo_proc); index++) {
#if defined(__FreeBSD__)
            if (all[index].ki_ppid == me) {
                if (count < capacity) pids[count] = (int32_t)all[index].ki_pid;
                count += 1;
            }
#else
            if (all[index].kp_eproc.e_ppid == me) {
                if (count < capacity) pids[count] = (int32_t)all[index].kp_proc.p_pid;
                count += 1;
            }
#endif
        }
        free(all);
        return (long)count;
    }
    errno = ENOMEM;
    return -1;
}
#endif
#endif
