// What the tool's keeper needs to supervise a whole tree of processes: to become the reaper of
// its descendants' orphans (Linux's child subreaper, FreeBSD's reaper), and to list its children,
// so that it can end every process its program left behind.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <dirent.h>
#include <sys/prctl.h>
#endif
#if defined(__FreeBSD__)
#include <sys/procctl.h>
#endif

int dk_become_child_subreaper(void) {
#if defined(__linux__)
    return prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) == 0 ? 0 : -1;
#elif defined(__FreeBSD__)
    if (procctl(P_PID, getpid(), PROC_REAP_ACQUIRE, NULL) == 0) return 0;
    // EBUSY: this process is a reaper already (init is one).
    return errno == EBUSY ? 0 : -1;
#else
    errno = ENOSYS;
    return -1;
#endif
}

#if defined(__linux__)
// Adds `pid` to the list: stored while it fits in `capacity`, counted either way.
static void dk_add_child(int32_t *pids, size_t capacity, size_t *count, long pid) {
    if (pid <= 0) return;
    if (*count < capacity) pids[*count] = (int32_t)pid;
    *count += 1;
}

// Whether /proc is this process's pid namespace's: a /proc mounted for another namespace (a pid
// namespace entered without --mount-proc) numbers processes differently.
static int dk_proc_is_ours(void) {
    char target[32];
    ssize_t length = readlink("/proc/self", target, sizeof(target) - 1);
    if (length <= 0) return 0;
    target[length] = '\0';
    return strtol(target, NULL, 10) == (long)getpid();
}

// Every thread's /proc/self/task/TID/children (an orphan is given to one of the reaper's
// threads). 0, or -1 with errno (ENOENT on a kernel without CONFIG_PROC_CHILDREN).
static int dk_children_from_tasks(int32_t *pids, size_t capacity, size_t *count) {
    DIR *tasks = opendir("/proc/self/task");
    if (tasks == NULL) return -1;
    int result = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        char path[96];
        snprintf(path, sizeof(path), "/proc/self/task/%s/children", entry->d_name);
        FILE *file = fopen(path, "re");
        if (file == NULL) {
            // A thread that has just ended has no entry any more; a kernel without the file
            // has none for any thread.
            if (errno == ENOENT && *count == 0) result = -1;
            continue;
        }
        result = 0;
        long pid;
        while (fscanf(file, "%ld", &pid) == 1) dk_add_child(pids, capacity, count, pid);
        fclose(file);
    }
    closedir(tasks);
    if (result != 0) errno = ENOENT;
    return result;
}

// Every process in /proc whose parent is this process (`dk_process_identity`, the one reader of
// /proc/PID/stat): the slow way, for a kernel without the children files. 0, or -1 with errno.
static int dk_children_from_stat(int32_t *pids, size_t capacity, size_t *count) {
    DIR *proc = opendir("/proc");
    if (proc == NULL) return -1;
    int32_t me = (int32_t)getpid();
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL) {
        long pid = strtol(entry->d_name, NULL, 10);
        int32_t parent = 0;
        char name[32];
        if (pid <= 0 || dk_process_identity((int32_t)pid, &parent, name, sizeof(name)) != 0) continue;
        if (parent == me) dk_add_child(pids, capacity, count, pid);
    }
    closedir(proc);
    return 0;
}
#endif

long dk_child_processes(int32_t *pids, size_t capacity) {
    size_t count = 0;
#if defined(__linux__)
    if (!dk_proc_is_ours()) {
        errno = ENOSYS;
        return -1;
    }
    if (dk_children_from_tasks(pids, capacity, &count) != 0) {
        count = 0;
        if (dk_children_from_stat(pids, capacity, &count) != 0) return -1;
    }
#elif defined(__APPLE__) || defined(__FreeBSD__)
    return dk_kernel_children(pids, capacity);
#else
    (void)pids;
    (void)capacity;
    errno = ENOSYS;
    return -1;
#endif
    return (long)count;
}
#endif
