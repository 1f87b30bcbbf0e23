// The keeper's child on Windows: COMMAND runs in a job object that ends with the keeper.
//
// The job has JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE and no breakaway: COMMAND and everything it
// starts belong to it, and when the job's last handle closes (the keeper closes it, or the keeper
// ends however it ends, since only the keeper holds it) the system ends them all. COMMAND is
// created suspended, put in the job, then resumed, so not even its first instruction runs outside
// it. Where the keeper has a console, COMMAND shares it in a process group of its own
// (CREATE_NEW_PROCESS_GROUP), so that Ctrl+C can be sent to COMMAND's tree alone (windows_stop.c);
// Windows starts such a group with Ctrl+C ignored, so COMMAND sees it only if it turns it back on
// (SetConsoleCtrlHandler(NULL, FALSE), as Daemoniker programs do). Where the keeper has none (a
// detached keeper, a service), COMMAND gets a console of its own without a window
// (CREATE_NO_WINDOW), Ctrl+C on, and the keeper sends Ctrl+C by attaching to it. It inherits only
// its three standard handles (copies made for the call; PROC_THREAD_ATTRIBUTE_HANDLE_LIST).
#if defined(_WIN32)
#if !defined(_WIN32_WINNT)
#define _WIN32_WINNT 0x0601
#endif
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

int dk_win_job_create(intptr_t *job) {
    HANDLE created = CreateJobObjectW(NULL, NULL);
    if (created == NULL) return -1;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    ZeroMemory(&limits, sizeof(limits));
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!SetInformationJobObject(created, JobObjectExtendedLimitInformation, &limits, sizeof(limits))) {
        DWORD error = GetLastError();
        CloseHandle(created);
        SetLastError(error);
        return -1;
    }
    *job = (intptr_t)created;
    return 0;
}

// An inheritable copy of `handle` for the child (NULL for none). FALSE (GetLastError) on failure.
static BOOL dk_inheritable_copy(intptr_t handle, HANDLE *copy) {
    *copy = NULL;
    if (handle == 0) return TRUE;
    return DuplicateHandle(GetCurrentProcess(), (HANDLE)handle, GetCurrentProcess(), copy, 0, TRUE,
                           DUPLICATE_SAME_ACCESS);
}

int dk_win_job_spawn(intptr_t job, const wchar_t *application, const wchar_t *command_line,
                     const wchar_t *environment, const wchar_t *directory, intptr_t std_input,
                     intptr_t std_output, intptr_t std_error, intptr_t *process, uint32_t *pid) {
    HANDLE standard[3] = {NULL, NULL, NULL};
    intptr_t given[3] = {std_input, std_output, std_error};
    HANDLE list[3];
    DWORD count = 0;
    int result = -1;
    DWORD error = NO_ERROR;
    wchar_t *line = NULL;
    LPPROC_THREAD_ATTRIBUTE_LIST attributes = NULL;
    PROCESS_INFORMATION info;
    ZeroMemory(&info, sizeof(info));
    for (int i = 0; i < 3; i++) {
        if (!dk_inheritable_copy(given[i], &standard[i])) goto done;
        if (standard[i] != NULL) list[count++] = standard[i];
    }
    size_t length = wcslen(command_line) + 1;
    line = HeapAlloc(GetProcessHeap(), 0, length * sizeof(wchar_t));
    if (line == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        goto done;
    }
    memcpy(line, command_line, length * sizeof(wchar_t));
    SIZE_T size = 0;
    (void)InitializeProcThreadAttributeList(NULL, 1, 0, &size);
    attributes = HeapAlloc(GetProcessHeap(), 0, size);
    if (attributes == NULL || !InitializeProcThreadAttributeList(attributes, 1, 0, &size)) {
        if (attributes != NULL) HeapFree(GetProcessHeap(), 0, attributes);
        attributes = NULL;
        goto done;
    }
    if (count > 0 && !UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, list,
                                                count * sizeof(HANDLE), NULL, NULL)) {
        goto done;
    }
    STARTUPINFOEXW startup;
    ZeroMemory(&startup, sizeof(startup));
    startup.StartupInfo.cb = sizeof(startup);
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = standard[0];
    startup.StartupInfo.hStdOutput = standard[1];
    startup.StartupInfo.hStdError = standard[2];
    startup.lpAttributeList = attributes;
    DWORD flags = CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT | EXTENDED_STARTUPINFO_PRESENT |
                  (dk_win_has_console() ? CREATE_NEW_PROCESS_GROUP : CREATE_NO_WINDOW);
    if (!CreateProcessW(application, line, NULL, NULL, count > 0, flags, (LPVOID)environment, directory,
                        &startup.StartupInfo, &info)) {
        goto done;
    }
    if (!AssignProcessToJobObject((HANDLE)job, info.hProcess)) {
        error = GetLastError();
        TerminateProcess(info.hProcess, 1);
        CloseHandle(info.hThread);
        CloseHandle(info.hProcess);
        SetLastError(error);
        goto done;
    }
    ResumeThread(info.hThread);
    CloseHandle(info.hThread);
    *process = (intptr_t)info.hProcess;
    *pid = info.dwProcessId;
    result = 0;
done:
    error = GetLastError();
    if (attributes != NULL) {
        DeleteProcThreadAttributeList(attributes);
        HeapFree(GetProcessHeap(), 0, attributes);
    }
    if (line != NULL) HeapFree(GetProcessHeap(), 0, line);
    for (int i = 0; i < 3; i++) {
        if (standard[i] != NULL) CloseHandle(standard[i]);
    }
    SetLastError(error);
    return result;
}

int dk_win_has_console(void) {
    DWORD processes[2];
    return GetConsoleProcessList(processes, 2) > 0;
}

int dk_win_job_wait(intptr_t process, uint32_t timeout_ms, uint32_t *exit_code) {
    DWORD waited = WaitForSingleObject((HANDLE)process, timeout_ms);
    if (waited == WAIT_TIMEOUT) return 0;
    if (waited != WAIT_OBJECT_0) return -1;
    DWORD code = 0;
    if (!GetExitCodeProcess((HANDLE)process, &code)) return -1;
    *exit_code = code;
    return 1;
}
#endif
