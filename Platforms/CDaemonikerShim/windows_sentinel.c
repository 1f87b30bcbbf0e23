// Starting processes on Windows, and the sentinel: the daemon's own executable started again with
// DAEMONIKER_SENTINEL=<handle>, which becomes a process that only waits on its daemon.
//
// The sentinel's entry point runs as a C initializer, before main (so before the Swift runtime
// calls any user code), and never returns when the variable is set: the sentinel costs no CPU
// while it waits and exits 0 when its daemon ends, however it ended. A relayed signal ends it
// from outside with TerminateProcess(sentinel, DK_WIN_RELAY_TAG | signal) (windows_relay.c).
//
// The initializer is registered for every Windows toolchain: MSVC and clang in MSVC mode put a
// pointer in the C runtime's .CRT$XCU table (and tell the linker to keep it); GCC and clang for
// MinGW use __attribute__((constructor)), because GCC ignores #pragma section and
// __declspec(allocate). Defining DK_SENTINEL_CRT_SECTION makes GCC use the .CRT$XCU table too
// (MinGW's C runtime walks the same table), which is how .ci/platform/wine.sh runs the MSVC
// mechanism under Wine.
#if defined(_WIN32)
#if !defined(_WIN32_WINNT)
#define _WIN32_WINNT 0x0601
#endif
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

// MARK: Starting processes

#define DK_DETACHED_FLAGS \
    (DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT)

// The handles a child inherits, each made inheritable for the one CreateProcessW call.
typedef struct {
    HANDLE *handles;
    BOOL *made_inheritable;
    DWORD count;
} dk_handle_list;

static void dk_handle_list_restore(dk_handle_list *list) {
    for (DWORD i = 0; i < list->count; i++) {
        if (list->made_inheritable[i]) SetHandleInformation(list->handles[i], HANDLE_FLAG_INHERIT, 0);
    }
    HeapFree(GetProcessHeap(), 0, list->handles);
    HeapFree(GetProcessHeap(), 0, list->made_inheritable);
}

// Adds `handle` once (0 is skipped); makes it inheritable. FALSE (GetLastError) for a bad handle.
static BOOL dk_handle_list_add(dk_handle_list *list, HANDLE handle) {
    if (handle == NULL) return TRUE;
    if (handle == INVALID_HANDLE_VALUE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    for (DWORD i = 0; i < list->count; i++) {
        if (list->handles[i] == handle) return TRUE;  // A duplicate entry fails CreateProcessW.
    }
    DWORD flags = 0;
    if (!GetHandleInformation(handle, &flags)) return FALSE;
    BOOL made = FALSE;
    if ((flags & HANDLE_FLAG_INHERIT) == 0) {
        if (!SetHandleInformation(handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)) return FALSE;
        made = TRUE;
    }
    list->handles[list->count] = handle;
    list->made_inheritable[list->count] = made;
    list->count++;
    return TRUE;
}

// Writes the DK_FRAME_PID frame for `pid` to `report`. FALSE (GetLastError) unless all of it went.
static BOOL dk_write_pid_frame(HANDLE report, DWORD pid) {
    unsigned char frame[DK_FRAME_NUMBER_MAX_SIZE];
    // Swift holds a Windows process id as Int32(bitPattern:): the same number in decimal.
    size_t size = dk_frame_encode_number(DK_FRAME_PID, (long)(int32_t)pid, frame, sizeof(frame));
    DWORD done = 0;
    while (done < (DWORD)size) {
        DWORD wrote = 0;
        if (!WriteFile(report, frame + done, (DWORD)size - done, &wrote, NULL)) return FALSE;
        if (wrote == 0) {
            SetLastError(ERROR_WRITE_FAULT);
            return FALSE;
        }
        done += wrote;
    }
    return TRUE;
}

// CreateProcessW, tried again (three times in all, 10 ms apart) when it fails with
// ERROR_INTERNAL_ERROR: Wine's process creation does so now and then under load, and a relay that
// could not re-arm its sentinel would lose the next signal. Other errors are returned at once.
static BOOL dk_create_process(const wchar_t *application, wchar_t *command, BOOL inherit, DWORD flags,
                              const wchar_t *environment, STARTUPINFOW *startup,
                              PROCESS_INFORMATION *information) {
    for (int attempt = 1;; attempt++) {
        if (CreateProcessW(application, command, NULL, NULL, inherit, flags, (LPVOID)environment, NULL,
                           startup, information)) {
            return TRUE;
        }
        if (GetLastError() != ERROR_INTERNAL_ERROR || attempt == 3) return FALSE;
        Sleep(10);
    }
}

int dk_win_spawn_detached(const wchar_t *application, const wchar_t *command_line, const wchar_t *environment,
                          const intptr_t *inherit, uint32_t inherit_count, intptr_t std_input,
                          intptr_t std_output, intptr_t std_error, int breakaway, intptr_t report,
                          intptr_t *process, uint32_t *pid) {
    HANDLE heap = GetProcessHeap();
    DWORD capacity = inherit_count + 3;
    dk_handle_list list = {HeapAlloc(heap, 0, capacity * sizeof(HANDLE)),
                           HeapAlloc(heap, 0, capacity * sizeof(BOOL)), 0};
    size_t command_length = command_line == NULL ? 0 : wcslen(command_line);
    wchar_t *command = HeapAlloc(heap, 0, (command_length + 1) * sizeof(wchar_t));
    LPPROC_THREAD_ATTRIBUTE_LIST attributes = NULL;
    BOOL attributes_ready = FALSE;
    int result = -1;
    DWORD error = ERROR_SUCCESS;
    if (list.handles == NULL || list.made_inheritable == NULL || command == NULL) {
        error = ERROR_NOT_ENOUGH_MEMORY;
        goto done;
    }
    // CreateProcessW may write into the command line: it gets a copy.
    if (command_length > 0) CopyMemory(command, command_line, command_length * sizeof(wchar_t));
    command[command_length] = L'\0';

    HANDLE standard[3] = {(HANDLE)std_input, (HANDLE)std_output, (HANDLE)std_error};
    for (DWORD i = 0; i < 3; i++) {
        if (!dk_handle_list_add(&list, standard[i])) goto failed;
    }
    for (uint32_t i = 0; i < inherit_count; i++) {
        if (!dk_handle_list_add(&list, (HANDLE)inherit[i])) goto failed;
    }

    STARTUPINFOEXW startup;
    ZeroMemory(&startup, sizeof(startup));
    startup.StartupInfo.cb = sizeof(startup.StartupInfo);
    // Always set: without it a child may be handed this process's standard handle values.
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = standard[0];
    startup.StartupInfo.hStdOutput = standard[1];
    startup.StartupInfo.hStdError = standard[2];
    DWORD flags = DK_DETACHED_FLAGS;
    // Held until its pid is on the readiness channel, so the frame comes before anything it writes.
    if (report != 0) flags |= CREATE_SUSPENDED;
    if (list.count > 0) {
        SIZE_T size = 0;
        (void)InitializeProcThreadAttributeList(NULL, 1, 0, &size);
        attributes = HeapAlloc(heap, 0, size);
        if (attributes == NULL) {
            error = ERROR_NOT_ENOUGH_MEMORY;
            goto done;
        }
        if (!InitializeProcThreadAttributeList(attributes, 1, 0, &size)) goto failed;
        attributes_ready = TRUE;
        if (!UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, list.handles,
                                       list.count * sizeof(HANDLE), NULL, NULL)) {
            goto failed;
        }
        startup.StartupInfo.cb = sizeof(startup);
        startup.lpAttributeList = attributes;
        flags |= EXTENDED_STARTUPINFO_PRESENT;
    }

    PROCESS_INFORMATION information;
    ZeroMemory(&information, sizeof(information));
    BOOL created = dk_create_process(application, command, list.count > 0,
                                     flags | (breakaway ? CREATE_BREAKAWAY_FROM_JOB : 0), environment,
                                     &startup.StartupInfo, &information);
    if (!created && breakaway && GetLastError() == ERROR_ACCESS_DENIED) {
        // The job this process runs in forbids breaking away: stay in it.
        created = dk_create_process(application, command, list.count > 0, flags, environment,
                                    &startup.StartupInfo, &information);
    }
    if (!created) goto failed;
    if (report != 0 && (!dk_write_pid_frame((HANDLE)report, information.dwProcessId) ||
                        ResumeThread(information.hThread) == (DWORD)-1)) {
        // Nobody could tell which process this is: it must not run. It has run no code of its own.
        error = GetLastError();
        (void)TerminateProcess(information.hProcess, 127);
        CloseHandle(information.hThread);
        CloseHandle(information.hProcess);
        goto done;
    }
    CloseHandle(information.hThread);
    *process = (intptr_t)information.hProcess;
    *pid = information.dwProcessId;
    result = 0;
    goto done;
failed:
    error = GetLastError();
done:
    if (attributes_ready) DeleteProcThreadAttributeList(attributes);
    if (attributes != NULL) HeapFree(heap, 0, attributes);
    if (command != NULL) HeapFree(heap, 0, command);
    if (list.handles != NULL && list.made_inheritable != NULL) {
        dk_handle_list_restore(&list);
    } else {
        if (list.handles != NULL) HeapFree(heap, 0, list.handles);
        if (list.made_inheritable != NULL) HeapFree(heap, 0, list.made_inheritable);
    }
    if (result != 0) SetLastError(error);
    return result;
}

// MARK: The sentinel, daemon side

// The length of an environment entry's name: up to the first '=' after the first character
// ("=C:=C:\work" is named "=C:").
static size_t dk_name_length(const wchar_t *entry) {
    size_t length = 1;
    while (entry[length] != L'\0' && entry[length] != L'=') length++;
    return entry[0] == L'\0' ? 0 : length;
}

// `environment` without DK_WIN_SENTINEL_VARIABLE, plus `entry`, kept in the order Windows keeps
// (names compared without regard to case). NULL when out of memory.
static wchar_t *dk_sentinel_environment(const wchar_t *environment, const wchar_t *entry) {
    static const wchar_t name[] = DK_WIN_SENTINEL_VARIABLE;
    const int name_length = (int)(sizeof(name) / sizeof(name[0])) - 1;
    size_t total = 0;
    for (const wchar_t *p = environment; *p != L'\0'; p += wcslen(p) + 1) total += wcslen(p) + 1;
    size_t entry_length = wcslen(entry) + 1;
    wchar_t *block = HeapAlloc(GetProcessHeap(), 0, (total + entry_length + 1) * sizeof(wchar_t));
    if (block == NULL) return NULL;
    wchar_t *out = block;
    BOOL placed = FALSE;
    for (const wchar_t *p = environment; *p != L'\0'; p += wcslen(p) + 1) {
        size_t length = wcslen(p) + 1;
        int order = CompareStringOrdinal(p, (int)dk_name_length(p), name, name_length, TRUE);
        if (order == CSTR_EQUAL) continue;
        if (!placed && order == CSTR_GREATER_THAN) {
            CopyMemory(out, entry, entry_length * sizeof(wchar_t));
            out += entry_length;
            placed = TRUE;
        }
        CopyMemory(out, p, length * sizeof(wchar_t));
        out += length;
    }
    if (!placed) {
        CopyMemory(out, entry, entry_length * sizeof(wchar_t));
        out += entry_length;
    }
    *out = L'\0';
    return block;
}

int dk_win_spawn_sentinel(const wchar_t *application, const wchar_t *command_line, const wchar_t *environment,
                          intptr_t *process, uint32_t *pid) {
    HANDLE current = GetCurrentProcess();
    HANDLE own = NULL;
    // GetProcessId in the sentinel needs PROCESS_QUERY_LIMITED_INFORMATION; waiting, SYNCHRONIZE.
    // Created inheritable (the handle list passes it to the sentinel alone). Creating it
    // non-inheritable and letting the list toggle it for the call made CreateProcessW fail
    // now and then under Wine (ERROR_INTERNAL_ERROR), so a process that another thread starts
    // with bInheritHandles in this instant may inherit it too.
    if (!DuplicateHandle(current, current, current, &own, SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION,
                         TRUE, 0)) {
        return -1;
    }
    // "DAEMONIKER_SENTINEL=<decimal handle value>"
    static const wchar_t name[] = DK_WIN_SENTINEL_VARIABLE L"=";
    wchar_t entry[sizeof(name) / sizeof(name[0]) + 24];
    size_t at = sizeof(name) / sizeof(name[0]) - 1;
    CopyMemory(entry, name, at * sizeof(wchar_t));
    wchar_t digits[24];
    size_t count = 0;
    for (ULONG_PTR value = (ULONG_PTR)own; count == 0 || value != 0; value /= 10) {
        digits[count++] = (wchar_t)(L'0' + value % 10);
    }
    while (count > 0) entry[at++] = digits[--count];
    entry[at] = L'\0';
    wchar_t *inherited = NULL;
    if (environment == NULL) {
        inherited = GetEnvironmentStringsW();
        environment = inherited;
    }
    wchar_t *block = environment == NULL ? NULL : dk_sentinel_environment(environment, entry);
    if (inherited != NULL) FreeEnvironmentStringsW(inherited);
    if (block == NULL) {
        CloseHandle(own);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return -1;
    }
    intptr_t list[1] = {(intptr_t)own};
    int result =
        dk_win_spawn_detached(application, command_line, block, list, 1, 0, 0, 0, 0, 0, process, pid);
    DWORD error = GetLastError();
    HeapFree(GetProcessHeap(), 0, block);
    CloseHandle(own);
    SetLastError(error);
    return result;
}

int dk_win_sentinel_stop(intptr_t sentinel, uint32_t timeout_ms) {
    HANDLE handle = (HANDLE)sentinel;
    // The result is not consulted: a sentinel that has ended already is what is wanted.
    (void)TerminateProcess(handle, DK_WIN_SENTINEL_EXIT_STOPPED);
    DWORD waited = WaitForSingleObject(handle, timeout_ms);
    if (waited == WAIT_OBJECT_0) return 0;
    if (waited == WAIT_TIMEOUT) SetLastError(ERROR_TIMEOUT);
    return -1;
}

// MARK: The sentinel's entry point

static void __cdecl dk_sentinel_entry(void) {
    WCHAR value[32];
    DWORD length = GetEnvironmentVariableW(DK_WIN_SENTINEL_VARIABLE, value, 32);
    if (length == 0) return;  // Not a sentinel: the program runs as usual.
    // Set but unusable: end here rather than run the program as a second copy of the daemon.
    if (length > 20) ExitProcess(DK_WIN_SENTINEL_EXIT_BAD_HANDLE);
    ULONG_PTR number = 0;
    for (DWORD i = 0; i < length; i++) {
        if (value[i] < L'0' || value[i] > L'9') ExitProcess(DK_WIN_SENTINEL_EXIT_BAD_HANDLE);
        ULONG_PTR digit = (ULONG_PTR)(value[i] - L'0');
        if (number > (((ULONG_PTR)-1) - digit) / 10) ExitProcess(DK_WIN_SENTINEL_EXIT_BAD_HANDLE);
        number = number * 10 + digit;
    }
    HANDLE daemon = (HANDLE)number;
    // Not a process handle (or a pseudo-handle to this very process, which would never end).
    DWORD daemon_id = GetProcessId(daemon);
    if (daemon_id == 0 || daemon_id == GetCurrentProcessId()) ExitProcess(DK_WIN_SENTINEL_EXIT_BAD_HANDLE);
    if (WaitForSingleObject(daemon, INFINITE) != WAIT_OBJECT_0) ExitProcess(DK_WIN_SENTINEL_EXIT_BAD_HANDLE);
    ExitProcess(DK_WIN_SENTINEL_EXIT_DAEMON_GONE);
}

#if defined(_MSC_VER)
// The C runtime calls every function pointer in .CRT$XCU during start-up, before main. The pointer
// has external linkage and the linker is told to keep it, so that /OPT:REF does not drop it.
#pragma section(".CRT$XCU", read)
__declspec(allocate(".CRT$XCU")) void(__cdecl *const dk_sentinel_initializer)(void) = dk_sentinel_entry;
#if defined(_M_IX86)
#pragma comment(linker, "/include:_dk_sentinel_initializer")
#else
#pragma comment(linker, "/include:dk_sentinel_initializer")
#endif
#elif defined(__GNUC__) && defined(DK_SENTINEL_CRT_SECTION)
// The same table through GCC's section attribute (MinGW's start-up code walks .CRT$XC* too).
typedef void(__cdecl *dk_initializer)(void);
__attribute__((section(".CRT$XCU"), used)) dk_initializer const dk_sentinel_initializer = dk_sentinel_entry;
#elif defined(__GNUC__)
__attribute__((constructor)) static void dk_sentinel_constructor(void) { dk_sentinel_entry(); }
#else
#error "no way to run the sentinel's entry point before main with this compiler"
#endif
#endif
