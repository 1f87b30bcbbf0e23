// A file with no name, for the relaunch state: memfd_create where the kernel has it. Swift's
// Glibc module does not declare memfd_create (it needs _GNU_SOURCE), hence this one function.
#if !defined(_WIN32)
#define _GNU_SOURCE
#include "daemoniker_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

int dk_memfd_create(const char *name) {
#if defined(__linux__) && defined(MFD_CLOEXEC)
    return memfd_create(name, MFD_CLOEXEC);
#else
    (void)name;
    errno = ENOSYS;
    return -1;
#endif
}

int dk_make_temporary(char *path_template) {
    // Close-on-exec from the first instant: another thread's fork or spawn meanwhile must not
    // inherit the state (mkostemp: glibc, macOS 10.12, FreeBSD 10).
    return mkostemp(path_template, O_CLOEXEC);
}

#endif
