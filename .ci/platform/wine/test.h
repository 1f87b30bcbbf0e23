// Helpers shared by the Wine tests: checks that count failures, starting this executable again
// through the shim's own spawn function, and waiting for a condition with a deadline.
// Each test is one .c file compiled with the shim's Windows sources (Platforms/CDaemonikerShim)
// by .ci/platform/wine.sh; a test's main returns 0 only when every check passed.
#ifndef DK_WINE_TEST_H
#define DK_WINE_TEST_H

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "daemoniker_shim.h"

// How long any wait in a test may take before it counts as a failure.
#define DK_DEADLINE_MS 20000u

static int dk_failures = 0;
static const char *dk_test_name = "test";

static inline void dk_note(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    fprintf(stdout, "[%s] ", dk_test_name);
    vfprintf(stdout, format, arguments);
    fputc('\n', stdout);
    fflush(stdout);
    va_end(arguments);
}

// Counts a failure, with the message, when `condition` (evaluated once) is false. Evaluates to
// the condition's truth.
#define CHECK(condition, ...) dk_check((condition) ? 1 : 0, __FILE__, __LINE__, #condition, __VA_ARGS__)

// A check whose failure makes the rest of the test meaningless.
#define REQUIRE(condition, ...)                              \
    do {                                                     \
        if (!CHECK(condition, __VA_ARGS__)) dk_finish_now(); \
    } while (0)

static void dk_finish_now(void);

static inline int dk_check(int passed, const char *file, int line, const char *text, const char *format,
                           ...) {
    if (passed) return 1;
    DWORD error = GetLastError();
    dk_failures++;
    dk_note("FAIL %s:%d: %s (GetLastError %lu)", file, line, text, (unsigned long)error);
    va_list arguments;
    va_start(arguments, format);
    fprintf(stdout, "[%s]   ", dk_test_name);
    vfprintf(stdout, format, arguments);
    fputc('\n', stdout);
    fflush(stdout);
    va_end(arguments);
    return 0;
}

// Processes a test started, ended at the end if still running (and counted as a failure).
#define DK_MAX_CHILDREN 16
static HANDLE dk_children[DK_MAX_CHILDREN];
static int dk_child_count = 0;

static inline void dk_track(HANDLE process) {
    if (dk_child_count < DK_MAX_CHILDREN) dk_children[dk_child_count++] = process;
}

// Ends the test: any tracked process still running is a failure, and is ended.
static inline int dk_finish(void) {
    for (int i = 0; i < dk_child_count; i++) {
        if (WaitForSingleObject(dk_children[i], 0) == WAIT_TIMEOUT) {
            dk_failures++;
            dk_note("FAIL: process %lu still running at the end; ending it",
                    (unsigned long)GetProcessId(dk_children[i]));
            TerminateProcess(dk_children[i], 99);
            WaitForSingleObject(dk_children[i], DK_DEADLINE_MS);
        }
    }
    dk_note("%s (%d failed checks)", dk_failures == 0 ? "PASS" : "FAIL", dk_failures);
    return dk_failures == 0 ? 0 : 1;
}

static void dk_finish_now(void) {
    (void)dk_finish();
    exit(1);
}

// This executable's path.
static inline const wchar_t *dk_self(void) {
    static wchar_t path[MAX_PATH * 4];
    if (path[0] == L'\0') GetModuleFileNameW(NULL, path, MAX_PATH * 4);
    return path;
}

// Starts this executable again with `arguments` (ASCII, already quoted as needed), detached,
// through the shim, writing its pid frame to `report` first (0: no frame). Returns the process
// handle (tracked) or NULL.
static inline HANDLE dk_spawn_self_reporting(const char *arguments, const intptr_t *inherit,
                                             uint32_t inherit_count, intptr_t in, intptr_t out, intptr_t err,
                                             intptr_t report, uint32_t *pid) {
    static wchar_t command[8192];
    _snwprintf(command, 8191, L"\"%ls\" %hs", dk_self(), arguments);
    command[8191] = L'\0';
    intptr_t process = 0;
    uint32_t id = 0;
    if (dk_win_spawn_detached(dk_self(), command, NULL, inherit, inherit_count, in, out, err, 1, report,
                              &process, &id) != 0) {
        return NULL;
    }
    if (pid != NULL) *pid = id;
    dk_track((HANDLE)process);
    return (HANDLE)process;
}

// dk_spawn_self_reporting without a pid frame.
static inline HANDLE dk_spawn_self(const char *arguments, const intptr_t *inherit, uint32_t inherit_count,
                                   intptr_t in, intptr_t out, intptr_t err, uint32_t *pid) {
    return dk_spawn_self_reporting(arguments, inherit, inherit_count, in, out, err, 0, pid);
}

// Reads exactly `length` bytes from `pipe` (polling PeekNamedPipe, so a deadline applies). TRUE
// when all of them came within `timeout_ms`.
static inline BOOL dk_read_exact(HANDLE pipe, void *buffer, DWORD length, DWORD timeout_ms) {
    unsigned char *bytes = buffer;
    DWORD used = 0;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    while (used < length) {
        DWORD available = 0;
        if (!PeekNamedPipe(pipe, NULL, 0, NULL, &available, NULL)) return FALSE;
        if (available == 0) {
            if (GetTickCount64() >= deadline) return FALSE;
            Sleep(1);
            continue;
        }
        DWORD got = 0;
        DWORD wanted = length - used < available ? length - used : available;
        if (!ReadFile(pipe, bytes + used, wanted, &got, NULL) || got == 0) return FALSE;
        used += got;
    }
    return TRUE;
}

// Waits for `process` to end; its exit code, or 0xFFFFFFFF when it did not end in time.
static inline DWORD dk_wait_exit(HANDLE process, DWORD timeout_ms) {
    if (WaitForSingleObject(process, timeout_ms) != WAIT_OBJECT_0) return 0xFFFFFFFFu;
    DWORD code = 0xFFFFFFFEu;
    GetExitCodeProcess(process, &code);
    return code;
}

// A file's contents (NUL-terminated, caller frees), or NULL.
static inline char *dk_read_file(const char *path, DWORD *length) {
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

// Reads from `pipe` until a '\n' arrives (polling PeekNamedPipe, so a deadline applies).
// Returns the line without its '\n', or NULL at end of file, on error or after `timeout_ms`.
static inline const char *dk_read_line(HANDLE pipe, DWORD timeout_ms) {
    static char line[256];
    size_t used = 0;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    while (used < sizeof(line) - 1) {
        DWORD available = 0;
        if (!PeekNamedPipe(pipe, NULL, 0, NULL, &available, NULL)) return NULL;
        if (available == 0) {
            if (GetTickCount64() >= deadline) return NULL;
            Sleep(1);
            continue;
        }
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
static inline BOOL dk_write_line(HANDLE handle, const char *text) {
    char line[256];
    int length = snprintf(line, sizeof(line), "%s\n", text);
    DWORD written = 0;
    return WriteFile(handle, line, (DWORD)length, &written, NULL) && written == (DWORD)length;
}

// A name unique to this run of this test, for named kernel objects.
static inline const wchar_t *dk_unique(const wchar_t *what, DWORD owner) {
    static wchar_t names[8][128];
    static int next = 0;
    wchar_t *name = names[next++ % 8];
    _snwprintf(name, 127, L"Local\\dk-wine-%ls-%lu", what, (unsigned long)owner);
    name[127] = L'\0';
    return name;
}
#endif
