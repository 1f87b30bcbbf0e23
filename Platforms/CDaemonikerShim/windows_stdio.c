// The daemon's standard streams on Windows. A program writes its output through three layers,
// and each must reach the log: the Win32 standard handles (GetStdHandle), the C runtime's
// descriptors 0, 1 and 2 (_write), and the C runtime's FILE streams stdin / stdout / stderr
// (printf; Swift's print writes to stdout). A process started without standard handles (every
// detached daemon) has FILE streams whose descriptor is -2 (no stream) for good, in msvcrt and
// the UCRT alike: _dup2 onto descriptor 1 does not change what stdout writes to. Such a stream is
// reopened on NUL first, which gives it a real descriptor, and that descriptor is pointed at the
// log as well. Wine's C runtime refuses to reopen such a stream; a process that is started with
// its log files as standard handles (dk_win_spawn_detached's std_* arguments) never has one, on
// any C runtime: that is how a daemon should be started.
#if defined(_WIN32)
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>

// The Win32 error behind a failed C runtime call, else a generic one.
static int dk_crt_failed(void) {
    unsigned long error = (unsigned long)_doserrno;
    SetLastError(error != 0 ? (DWORD)error : ERROR_INVALID_HANDLE);
    return -1;
}

static HANDLE dk_open_null(void) {
    return CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
}

// A new C runtime descriptor for a duplicate of `handle` (not inheritable), or -1.
static int dk_descriptor_for(HANDLE handle, int flags) {
    HANDLE current = GetCurrentProcess();
    HANDLE copy = NULL;
    if (!DuplicateHandle(current, handle, current, &copy, 0, FALSE, DUPLICATE_SAME_ACCESS)) return -1;
    int fd = _open_osfhandle((intptr_t)copy, flags);
    if (fd < 0) {
        CloseHandle(copy);
        dk_crt_failed();
    }
    return fd;
}

// Makes `fd` a descriptor for `handle`. 0 or -1.
static int dk_point_descriptor(int fd, HANDLE handle, int flags) {
    int temporary = dk_descriptor_for(handle, flags);
    if (temporary < 0) return -1;
    if (temporary != fd) {
        int moved = _dup2(temporary, fd);
        _close(temporary);
        if (moved != 0) return dk_crt_failed();
    }
    (void)_setmode(fd, _O_BINARY);
    return 0;
}

// Puts NUL on each of descriptors 0, 1 and 2 that has no handle, so that a descriptor opened
// later (by freopen below) is never one of them.
static int dk_fill_standard(void) {
    HANDLE null = NULL;
    for (int fd = 0; fd <= 2; fd++) {
        intptr_t handle = _get_osfhandle(fd);
        if (handle != -1 && handle != -2 && handle != 0) continue;
        if (null == NULL) {
            null = dk_open_null();
            if (null == INVALID_HANDLE_VALUE) return -1;
        }
        if (dk_point_descriptor(fd, null, _O_BINARY | (fd == 0 ? _O_RDONLY : _O_WRONLY)) != 0) {
            DWORD error = GetLastError();
            CloseHandle(null);
            SetLastError(error);
            return -1;
        }
    }
    if (null != NULL) CloseHandle(null);
    return 0;
}

int dk_win_open_log(const wchar_t *path, int append, intptr_t *handle) {
    // FILE_APPEND_DATA without FILE_WRITE_DATA: every write goes to the end, whoever else writes.
    DWORD access = append ? (FILE_APPEND_DATA | SYNCHRONIZE | FILE_READ_ATTRIBUTES) : GENERIC_WRITE;
    HANDLE file = CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              append ? OPEN_ALWAYS : CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return -1;
    *handle = (intptr_t)file;
    return 0;
}

int dk_win_redirect_standard(int which, intptr_t handle) {
    static const DWORD standard[3] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
    if (which < 0 || which > 2 || (HANDLE)handle == INVALID_HANDLE_VALUE) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return -1;
    }
    FILE *stream = which == 0 ? stdin : which == 1 ? stdout : stderr;
    const int flags = _O_BINARY | (which == 0 ? _O_RDONLY : _O_WRONLY);
    HANDLE null = NULL;
    HANDLE source = (HANDLE)handle;
    if (source == NULL) {
        null = dk_open_null();
        if (null == INVALID_HANDLE_VALUE) return -1;
        source = null;
    }
    int result = -1;
    if (which != 0) (void)fflush(stream);  // What was written so far goes where it was meant to.
    // 1. The C runtime descriptor.
    if (dk_point_descriptor(which, source, flags) != 0) goto done;
    // 2. The Win32 standard handle: the handle descriptor `which` owns.
    intptr_t installed = _get_osfhandle(which);
    if (installed == -1 || installed == -2) {
        SetLastError(ERROR_INVALID_HANDLE);
        goto done;
    }
    if (!SetStdHandle(standard[which], (HANDLE)installed)) goto done;
    // 3. The FILE stream, through a descriptor of its own if it has none (-2). The Microsoft C
    // runtimes reopen such a stream (the AllocConsole + freopen("CONOUT$") idiom); Wine's
    // refuses a stream whose descriptor is negative, and then only this step is missing.
    if (_fileno(stream) < 0) {
        if (dk_fill_standard() != 0) goto done;
        if (freopen("NUL", which == 0 ? "rb" : "wb", stream) == NULL || _fileno(stream) < 0) {
            SetLastError(ERROR_NOT_SUPPORTED);
            result = DK_WIN_STDIO_STREAM_UNBOUND;
            goto done;
        }
    }
    int own = _fileno(stream);
    if (own != which) {
        if (_dup2(which, own) != 0) {
            dk_crt_failed();
            goto done;
        }
        (void)_setmode(own, _O_BINARY);
    }
    // Unbuffered: nothing is lost when the daemon is ended from outside (TerminateProcess), and
    // the Windows C runtime has no line buffering (_IOLBF means full buffering there).
    if (which != 0 && setvbuf(stream, NULL, _IONBF, 0) != 0) {
        dk_crt_failed();
        goto done;
    }
    result = 0;
done:
    if (null != NULL) {
        DWORD error = GetLastError();
        CloseHandle(null);
        SetLastError(error);
    }
    return result;
}
#endif
