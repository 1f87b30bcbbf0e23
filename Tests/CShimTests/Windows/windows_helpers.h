// What the Windows tests need beside the harness (../check.h): the processes a test started,
// ended at the end if still running; starting this executable again through the shim's own
// spawn function; reading pipes and files with a deadline; names for kernel objects.
#ifndef DK_WINDOWS_HELPERS_H
#define DK_WINDOWS_HELPERS_H

static void ck_end_started_processes(void);
#define CK_BEFORE_FINISH ck_end_started_processes

#include "../check.h"

#include <wchar.h>

#include "daemoniker_shim.h"

// How long any wait in a test may take before it counts as a failure.
#define CK_DEADLINE_MS 20000u

// Processes a test started, ended at the end if still running (and counted as a failure).
#define CK_MAX_CHILDREN 16
static HANDLE ck_children[CK_MAX_CHILDREN];
static int ck_child_count = 0;

static inline void ck_track(HANDLE process) {
    if (ck_child_count < CK_MAX_CHILDREN) ck_children[ck_child_count++] = process;
}

// Any tracked process still running is a failure, and is ended (ck_finish runs this first).
static void ck_end_started_processes(void) {
    for (int i = 0; i < ck_child_count; i++) {
        if (WaitForSingleObject(ck_children[i], 0) == WAIT_TIMEOUT) {
            ck_failures++;
            ck_note("FAIL: process %lu still running at the end; ending it",
                    (unsigned long)GetProcessId(ck_children[i]));
            TerminateProcess(ck_children[i], 99);
            WaitForSingleObject(ck_children[i], CK_DEADLINE_MS);
        }
    }
}

// This executable's path.
static inline const wchar_t *ck_self(void) {
    static wchar_t path[MAX_PATH * 4];
    if (path[0] == L'\0') GetModuleFileNameW(NULL, path, MAX_PATH * 4);
    return path;
}

// Starts this executable again with `arguments` (ASCII, already quoted as needed), detached,
// through the shim, writing its pid frame to `report` first (0: no frame). Returns the process
// handle (tracked) or NULL.
static inline HANDLE ck_spawn_self_reporting(const char *arguments, const intptr_t *inherit,
                                             uint32_t inherit_count, intptr_t in, intptr_t out, intptr_t err,
                                             intptr_t report, uint32_t *pid) {
    static wchar_t command[8192];
    _snwprintf(command, 8191, L"\"%ls\" %hs", ck_self(), arguments);
    command[8191] = L'\0';
    intptr_t process = 0;
    uint32_t id = 0;
    if (dk_win_spawn_detached(ck_self(), command, NULL, inherit, inherit_count, in, out, err, 1, report,
                              &process, &id) != 0) {
        return NULL;
    }
    if (pid != NULL) *pid = id;
    ck_track((HANDLE)process);
    return (HANDLE)process;
}

// ck_spawn_self_reporting without a pid frame.
static inline HANDLE ck_spawn_self(const char *arguments, const intptr_t *inherit, uint32_t inherit_count,
                                   intptr_t in, intptr_t out, intptr_t err, uint32_t *pid) {
    return ck_spawn_self_reporting(arguments, inherit, inherit_count, in, out, err, 0, pid);
}

// Waits, polling PeekNamedPipe, until `pipe` has bytes to read or GetTickCount64() reaches
// `deadline`: how many bytes it has, or 0 at the deadline or on an error (the pipe closed).
static inline DWORD ck_wait_readable(HANDLE pipe, ULONGLONG deadline) {
    for (;;) {
        DWORD available = 0;
        if (!PeekNamedPipe(pipe, NULL, 0, NULL, &available, NULL)) return 0;
        if (available > 0) return available;
        if (GetTickCount64() >= deadline) return 0;
        Sleep(1);
    }
}

// Reads exactly `length` bytes from `pipe`. TRUE when all of them came within `timeout_ms`.
static inline BOOL ck_read_exact(HANDLE pipe, void *buffer, DWORD length, DWORD timeout_ms) {
    unsigned char *bytes = buffer;
    DWORD used = 0;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    while (used < length) {
        DWORD available = ck_wait_readable(pipe, deadline);
        if (available == 0) return FALSE;
        DWORD got = 0;
        DWORD wanted = length - used < available ? length - used : available;
        if (!ReadFile(pipe, bytes + used, wanted, &got, NULL) || got == 0) return FALSE;
        used += got;
    }
    return TRUE;
}

// Waits for `process` to end; its exit code, or 0xFFFFFFFF when it did not end in time.
static inline DWORD ck_wait_exit(HANDLE process, DWORD timeout_ms) {
    if (WaitForSingleObject(process, timeout_ms) != WAIT_OBJECT_0) return 0xFFFFFFFFu;
    DWORD code = 0xFFFFFFFEu;
    GetExitCodeProcess(process, &code);
    return code;
}

// A file's contents (NUL-terminated, caller frees), or NULL.
static inline char *ck_read_file(const char *path, DWORD *length) {
    HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                              NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return NULL;
    DWORD size = GetFileSize(file, NULL);
    char *buffer = malloc(size + 1);
    DWORD got = 0;
    if (buffer == NULL || !ReadFile(file, buffer, size, &got, NULL)) got = 0;
    CloseHandle(file);
    if (buffer != NULL) buffer[got] = '\0';
    if (length != NULL) *length = got;
    return buffer;
}

// Reads from `pipe` until a '\n' arrives. Returns the line without its '\n', or NULL at end
// of file, on error or after `timeout_ms`.
static inline const char *ck_read_line(HANDLE pipe, DWORD timeout_ms) {
    static char line[256];
    size_t used = 0;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    while (used < sizeof(line) - 1) {
        if (ck_wait_readable(pipe, deadline) == 0) return NULL;
        char byte;
        DWORD got = 0;
        if (!ReadFile(pipe, &byte, 1, &got, NULL) || got != 1) return NULL;
        if (byte == '\n') {
            line[used] = '\0';
            return line;
        }
        line[used++] = byte;
    }
    return NULL;
}

// Writes a line to `handle`. TRUE when all of it was written.
static inline BOOL ck_write_line(HANDLE handle, const char *text) {
    char line[256];
    int length = snprintf(line, sizeof(line), "%s\n", text);
    DWORD written = 0;
    return WriteFile(handle, line, (DWORD)length, &written, NULL) && written == (DWORD)length;
}

// A name unique to this run of this test, for named kernel objects.
static inline const wchar_t *ck_unique(const wchar_t *what, DWORD owner) {
    static wchar_t names[8][128];
    static int next = 0;
    wchar_t *name = names[next++ % 8];
    _snwprintf(name, 127, L"Local\\dk-wine-%ls-%lu", what, (unsigned long)owner);
    name[127] = L'\0';
    return name;
}
#endif
