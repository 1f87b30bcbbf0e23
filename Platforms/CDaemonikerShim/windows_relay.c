// The Windows signal relay. A sender ends the daemon's sentinel with the exit code
// DK_WIN_RELAY_TAG | signal; the daemon's watcher sees the sentinel end, reads the code, starts and
// records a new sentinel, then dispatches the signal. Neither side relies on what TerminateProcess
// reports for a process that is already ending (Windows and Wine differ): both read the exit code
// of the ended process.
#if defined(_WIN32)
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

int dk_win_relay_decode(uint32_t exit_code) {
    if ((exit_code & 0xFFFFFF00u) != DK_WIN_RELAY_TAG) return 0;
    return (int)(exit_code & 0xFFu);
}

int dk_win_relay_send(uint32_t sentinel_pid, int signal, uint32_t timeout_ms) {
    if (signal < 1 || signal > 0xFF) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return -1;
    }
    HANDLE sentinel =
        OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, sentinel_pid);
    if (sentinel == NULL) {
        // No process has that id (any more).
        if (GetLastError() == ERROR_INVALID_PARAMETER) return DK_WIN_RELAY_NOT_OURS;
        return -1;
    }
    int result = DK_WIN_RELAY_NOT_OURS;
    DWORD code = DK_WIN_RELAY_TAG | (DWORD)signal;
    if (WaitForSingleObject(sentinel, 0) == WAIT_TIMEOUT) {
        // Its result says nothing reliable when the sentinel is ending anyway; the exit code does.
        (void)TerminateProcess(sentinel, code);
        DWORD waited = WaitForSingleObject(sentinel, timeout_ms);
        DWORD exit_code = 0;
        if (waited != WAIT_OBJECT_0) {
            result = -1;
            if (waited == WAIT_TIMEOUT) SetLastError(ERROR_TIMEOUT);
        } else if (!GetExitCodeProcess(sentinel, &exit_code)) {
            result = -1;
        } else if (exit_code == code) {
            result = DK_WIN_RELAY_DELIVERED;
        }
    }
    DWORD error = GetLastError();
    CloseHandle(sentinel);
    SetLastError(error);
    return result;
}

int dk_win_relay_wait(intptr_t sentinel, uint32_t timeout_ms, int *signal, uint32_t *exit_code) {
    *signal = 0;
    *exit_code = 0;
    DWORD waited = WaitForSingleObject((HANDLE)sentinel, timeout_ms);
    if (waited == WAIT_TIMEOUT) return DK_WIN_SENTINEL_RUNNING;
    if (waited != WAIT_OBJECT_0) return -1;
    DWORD code = 0;
    if (!GetExitCodeProcess((HANDLE)sentinel, &code)) return -1;
    *exit_code = code;
    *signal = dk_win_relay_decode(code);
    return *signal != 0 ? DK_WIN_SENTINEL_RELAYED : DK_WIN_SENTINEL_OTHER;
}
#endif
