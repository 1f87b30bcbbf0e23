// Console control events as signals: Ctrl+C and Ctrl+Break arrive as interrupt (2), closing the
// console, logging off and shutting down as terminate (15), through the same wake pipe that
// relayed signals use, so the Swift dispatcher handles both alike. Windows runs the handler in a
// thread of its own and ends the process as soon as the handler returns from a close, log-off or
// shutdown event, so for those it waits until the process says it has cleaned up (or exits), or
// until the grace time is up.
#if defined(_WIN32)
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#define DK_SIGINT 2
#define DK_SIGTERM 15

static volatile LONG_PTR dk_console_wake = 0;
static volatile LONG dk_console_grace = 0;
static HANDLE dk_console_done = NULL;  // Manual-reset event: the process has cleaned up.
static volatile LONG dk_console_installed = 0;

int dk_win_console_signal(uint32_t control_type) {
    switch (control_type) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
        return DK_SIGINT;
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        return DK_SIGTERM;
    default:
        return 0;
    }
}

int dk_win_console_deliver(uint32_t control_type) {
    int signal = dk_win_console_signal(control_type);
    HANDLE wake = (HANDLE)InterlockedCompareExchangePointer((PVOID volatile *)&dk_console_wake, NULL, NULL);
    if (signal == 0 || wake == NULL) return 0;
    unsigned char byte = (unsigned char)signal;
    DWORD written = 0;
    if (!WriteFile(wake, &byte, 1, &written, NULL) || written != 1) return 0;
    if (signal == DK_SIGTERM && dk_console_done != NULL) {
        // Returning lets Windows end the process: give the dispatcher its chance to clean up.
        (void)WaitForSingleObject(dk_console_done, (DWORD)dk_console_grace);
    }
    return 1;
}

static BOOL WINAPI dk_console_handler(DWORD control_type) {
    return dk_win_console_deliver(control_type) ? TRUE : FALSE;
}

int dk_win_console_install(intptr_t wake, uint32_t grace_ms) {
    if (wake == 0 || (HANDLE)wake == INVALID_HANDLE_VALUE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return -1;
    }
    if (dk_console_done == NULL) {
        HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (done == NULL) return -1;
        if (InterlockedCompareExchangePointer((PVOID volatile *)&dk_console_done, done, NULL) != NULL) {
            CloseHandle(done);
        }
    }
    InterlockedExchange(&dk_console_grace, (LONG)(grace_ms > 0x7FFFFFFFu ? 0x7FFFFFFFu : grace_ms));
    InterlockedExchangePointer((PVOID volatile *)&dk_console_wake, (PVOID)wake);
    if (InterlockedExchange(&dk_console_installed, 1) == 0) {
        if (!SetConsoleCtrlHandler(dk_console_handler, TRUE)) {
            InterlockedExchange(&dk_console_installed, 0);
            return -1;
        }
    }
    // CREATE_NEW_PROCESS_GROUP leaves the process ignoring Ctrl+C; the handler wants it. Fails
    // harmlessly in a process that has no console.
    (void)SetConsoleCtrlHandler(NULL, FALSE);
    return 0;
}

void dk_win_console_cleanup_done(void) {
    if (dk_console_done != NULL) SetEvent(dk_console_done);
}
#endif
