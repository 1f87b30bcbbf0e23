// Stopping the keeper's child on Windows as NSSM does: Ctrl+C, then WM_CLOSE to its windows, then
// TerminateProcess, each step given its time to work before the next.
//
// Ctrl+C: where this process shares a console with COMMAND (which then runs in a process group of
// its own, windows_job.c), GenerateConsoleCtrlEvent(CTRL_C_EVENT, COMMAND's group); where it has
// none, it attaches to COMMAND's console for the moment, ignoring Ctrl+C itself meanwhile, sends
// Ctrl+C to that console's processes (group 0) and detaches again. WM_CLOSE: posted to every
// top-level window (visible or not) whose thread belongs to COMMAND. The last step ends the job
// (COMMAND's whole tree) when one is given, else COMMAND alone.
#if defined(_WIN32)
#if !defined(_WIN32_WINNT)
#define _WIN32_WINNT 0x0601
#endif
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#if defined(_MSC_VER)
#pragma comment(lib, "user32.lib")
#endif

int dk_win_send_ctrl_c(uint32_t pid) {
    if (dk_win_has_console()) return GenerateConsoleCtrlEvent(CTRL_C_EVENT, pid) ? 0 : -1;
    // Wine counts a process started without a console as attached to one (AttachConsole fails
    // with ERROR_ACCESS_DENIED there); letting go of it first is harmless where there is none.
    (void)FreeConsole();
    if (!AttachConsole(pid)) return -1;
    // Ctrl+C to group 0 reaches every process on the console, this one included for now.
    (void)SetConsoleCtrlHandler(NULL, TRUE);
    BOOL sent = GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
    DWORD error = GetLastError();
    // The event is delivered by the console in threads of their own; give it a moment to leave
    // before detaching, as detaching at once can drop it for this process's handler only.
    Sleep(10);
    (void)FreeConsole();
    (void)SetConsoleCtrlHandler(NULL, FALSE);
    SetLastError(error);
    return sent ? 0 : -1;
}

typedef struct {
    DWORD pid;
    int posted;
} dk_close_search;

static BOOL CALLBACK dk_close_window(HWND window, LPARAM parameter) {
    dk_close_search *search = (dk_close_search *)parameter;
    DWORD owner = 0;
    if (GetWindowThreadProcessId(window, &owner) != 0 && owner == search->pid) {
        if (PostMessageW(window, WM_CLOSE, 0, 0)) search->posted++;
    }
    return TRUE;
}

int dk_win_close_windows(uint32_t pid) {
    dk_close_search search = {pid, 0};
    if (!EnumWindows(dk_close_window, (LPARAM)&search) && search.posted == 0) return -1;
    return search.posted;
}

int dk_win_stop_escalate(intptr_t process, uint32_t pid, intptr_t job, uint32_t ctrl_c_ms, uint32_t close_ms,
                         uint32_t terminate_ms, uint32_t exit_code) {
    HANDLE child = (HANDLE)process;
    if (WaitForSingleObject(child, 0) == WAIT_OBJECT_0) return DK_WIN_STOP_ENDED_ALREADY;
    if (dk_win_send_ctrl_c(pid) == 0 && WaitForSingleObject(child, ctrl_c_ms) == WAIT_OBJECT_0) {
        return DK_WIN_STOP_CTRL_C;
    }
    if (dk_win_close_windows(pid) > 0 && WaitForSingleObject(child, close_ms) == WAIT_OBJECT_0) {
        return DK_WIN_STOP_CLOSE;
    }
    if (WaitForSingleObject(child, 0) == WAIT_OBJECT_0) return DK_WIN_STOP_CLOSE;
    BOOL ended = job != 0 ? TerminateJobObject((HANDLE)job, exit_code) : TerminateProcess(child, exit_code);
    if (!ended && WaitForSingleObject(child, 0) != WAIT_OBJECT_0) return -1;
    DWORD waited = WaitForSingleObject(child, terminate_ms);
    if (waited == WAIT_OBJECT_0) return DK_WIN_STOP_TERMINATE;
    if (waited == WAIT_TIMEOUT) SetLastError(ERROR_TIMEOUT);
    return -1;
}
#endif
