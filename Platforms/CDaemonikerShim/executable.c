// The running executable's real path and its arguments exactly as the C runtime received them.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif
#if defined(__FreeBSD__)
#include <sys/sysctl.h>
#endif

static int saved_argc = 0;
static char **saved_argv = NULL;

// glibc, Darwin and FreeBSD pass (argc, argv, envp) to initializers. The strings are copied so
// that a program rewriting its argv (to set its process title) does not change what a relaunch
// passes on.
__attribute__((constructor)) static void dk_save_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    if (argc <= 0 || argv == NULL) return;
    char **copy = calloc((size_t)argc + 1, sizeof(char *));
    if (copy == NULL) return;
    for (int i = 0; i < argc; i++) {
        copy[i] = strdup(argv[i] != NULL ? argv[i] : "");
        if (copy[i] == NULL) {
            // Out of memory before main: no arguments are saved (dk_saved_argc says 0), and
            // nothing is kept of the partial copy.
            for (int j = 0; j < i; j++) free(copy[j]);
            free(copy);
            return;
        }
    }
    saved_argv = copy;
    saved_argc = argc;
}

int dk_saved_argc(void) { return saved_argc; }

const char *dk_saved_argv(int index) {
    if (index < 0 || index >= saved_argc || saved_argv == NULL) return NULL;
    return saved_argv[index];
}

long dk_executable_path(char *buffer, size_t size) {
    if (size == 0) {
        errno = EINVAL;
        return -1;
    }
#if defined(__linux__)
    ssize_t length = readlink("/proc/self/exe", buffer, size - 1);
    if (length < 0) return -1;
    if ((size_t)length >= size - 1) {
        errno = ENAMETOOLONG;
        return -1;
    }
    buffer[length] = 0;
    return (long)length;
#elif defined(__APPLE__)
    char raw[PATH_MAX];
    uint32_t rawSize = sizeof(raw);
    if (_NSGetExecutablePath(raw, &rawSize) != 0) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char resolved[PATH_MAX];
    if (realpath(raw, resolved) == NULL) return -1;
    size_t length = strlen(resolved);
    if (length >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buffer, resolved, length + 1);
    return (long)length;
#elif defined(__FreeBSD__)
    int name[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, -1};
    size_t length = size;
    if (sysctl(name, 4, buffer, &length, NULL, 0) != 0) return -1;
    return (long)strlen(buffer);
#else
    errno = ENOSYS;
    return -1;
#endif
}
#endif
