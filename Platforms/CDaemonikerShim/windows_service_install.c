// Installing and uninstalling a Windows service through the service control manager, for
// `daemoniker install --manager windows` and `uninstall`: every decision is here, so that the
// code Wine runs (Tests/CShimTests/Windows/service_install_test.c) is the code Windows runs.
#if defined(_WIN32)
#include "daemoniker_shim.h"

#include <string.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

// How often a wait for a state asks again.
#define DK_SERVICE_POLL_MS 50

// Closes both handles (either may be NULL), keeping the last error.
static void dk_service_close(SC_HANDLE service, SC_HANDLE manager) {
    DWORD error = GetLastError();
    if (service != NULL) CloseServiceHandle(service);
    if (manager != NULL) CloseServiceHandle(manager);
    SetLastError(error);
}

// Whether a ChangeServiceConfig2W that just failed may be passed over: the manager does not know
// the setting at all (ERROR_INVALID_LEVEL: Wine's has no delayed auto-start and no failure-actions
// flag) and `value` is its default, which such a manager has anyway. A setting asked for
// (`value` non-zero) that the manager cannot take fails the install instead.
static int dk_service_default_unsupported(BOOL value) {
    return !value && GetLastError() == ERROR_INVALID_LEVEL;
}

// The description, the delayed auto-start flag and the recovery actions. 0 or -1 (GetLastError).
static int dk_service_configure_more(SC_HANDLE service, const dk_win_service_config *config) {
    SERVICE_DESCRIPTIONW description;
    description.lpDescription = (LPWSTR)(config->description != NULL ? config->description : L"");
    if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_DESCRIPTION, &description)) return -1;
    // Delayed auto-start only means something for an automatic start; it is cleared otherwise,
    // so that a replaced service keeps nothing of the old setting.
    SERVICE_DELAYED_AUTO_START_INFO delayed;
    delayed.fDelayedAutostart = config->start_type == DK_WIN_SERVICE_START_DELAYED;
    if (config->start_type != DK_WIN_SERVICE_START_MANUAL &&
        !ChangeServiceConfig2W(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed) &&
        !dk_service_default_unsupported(delayed.fDelayedAutostart)) {
        return -1;
    }
    SC_ACTION actions[DK_WIN_SERVICE_RESTARTS];
    for (int index = 0; index < DK_WIN_SERVICE_RESTARTS; index++) {
        actions[index].Type = SC_ACTION_RESTART;
        actions[index].Delay = config->restart_delay_ms;
    }
    SERVICE_FAILURE_ACTIONSW failure;
    failure.dwResetPeriod = DK_WIN_SERVICE_RESET_SECONDS;
    failure.lpRebootMsg = NULL;
    failure.lpCommand = NULL;
    // No delay: no actions. An empty list with a non-NULL array deletes the ones a replaced
    // service had (ChangeServiceConfig2W's documentation).
    failure.cActions = config->restart_delay_ms == 0 ? 0 : DK_WIN_SERVICE_RESTARTS;
    failure.lpsaActions = actions;
    if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, &failure)) return -1;
    // The program's failure is reported as a stop with a non-zero exit code (the service itself
    // answers the manager): without this flag only a crash would count.
    SERVICE_FAILURE_ACTIONS_FLAG flag;
    flag.fFailureActionsOnNonCrashFailures = config->restart_delay_ms != 0;
    if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag) &&
        !dk_service_default_unsupported(flag.fFailureActionsOnNonCrashFailures)) {
        return -1;
    }
    return 0;
}

int dk_win_service_install(const dk_win_service_config *config) {
    if (config == NULL || config->name == NULL || config->command_line == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return DK_WIN_SERVICE_FAILED;
    }
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE);
    if (manager == NULL) return DK_WIN_SERVICE_FAILED;
    DWORD start =
        config->start_type == DK_WIN_SERVICE_START_MANUAL ? SERVICE_DEMAND_START : SERVICE_AUTO_START;
    const wchar_t *display = config->display_name != NULL ? config->display_name : config->name;
    SC_HANDLE service =
        CreateServiceW(manager, config->name, display, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS, start,
                       SERVICE_ERROR_NORMAL, config->command_line, NULL, NULL, config->dependencies,
                       config->account, config->password);
    int created = service != NULL;
    if (!created) {
        DWORD error = GetLastError();
        if (error != ERROR_SERVICE_EXISTS && error != ERROR_DUPLICATE_SERVICE_NAME) {
            dk_service_close(NULL, manager);
            return DK_WIN_SERVICE_FAILED;
        }
        if (!config->replace) {
            dk_service_close(NULL, manager);
            return DK_WIN_SERVICE_EXISTS;
        }
        service = OpenServiceW(manager, config->name, SERVICE_ALL_ACCESS);
        // Every setting is given again: an empty dependency list and LocalSystem replace the old
        // ones (NULL would keep them).
        if (service == NULL ||
            !ChangeServiceConfigW(service, SERVICE_WIN32_OWN_PROCESS, start, SERVICE_ERROR_NORMAL,
                                  config->command_line, NULL, NULL,
                                  config->dependencies != NULL ? config->dependencies : L"\0",
                                  config->account != NULL ? config->account : L"LocalSystem",
                                  config->password != NULL ? config->password : L"", display)) {
            dk_service_close(service, manager);
            return DK_WIN_SERVICE_FAILED;
        }
    }
    if (dk_service_configure_more(service, config) != 0) {
        // A service created here is not left half-configured.
        DWORD error = GetLastError();
        if (created) DeleteService(service);
        SetLastError(error);
        dk_service_close(service, manager);
        return DK_WIN_SERVICE_FAILED;
    }
    dk_service_close(service, manager);
    return DK_WIN_SERVICE_DONE;
}

// Opens the service `name` with `access`: DK_WIN_SERVICE_DONE, _UNKNOWN or _FAILED.
static int dk_service_open(const wchar_t *name, DWORD access, SC_HANDLE *manager, SC_HANDLE *service) {
    *service = NULL;
    *manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (*manager == NULL) return DK_WIN_SERVICE_FAILED;
    *service = OpenServiceW(*manager, name, access);
    if (*service != NULL) return DK_WIN_SERVICE_DONE;
    int result =
        GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST ? DK_WIN_SERVICE_UNKNOWN : DK_WIN_SERVICE_FAILED;
    dk_service_close(NULL, *manager);
    *manager = NULL;
    return result;
}

// Waits up to `timeout_ms` for the service to be in `wanted` (or, when `stop_on_stopped`, to
// have stopped instead). 0 once it is in `wanted`; -1 otherwise (GetLastError: ERROR_TIMEOUT, or
// for a service that stopped its exit code or ERROR_SERVICE_NOT_ACTIVE).
static int dk_service_wait(SC_HANDLE service, DWORD wanted, int stop_on_stopped, uint32_t timeout_ms) {
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    for (;;) {
        SERVICE_STATUS_PROCESS status;
        DWORD needed = 0;
        if (!QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (LPBYTE)&status, sizeof(status),
                                  &needed)) {
            return -1;
        }
        if (status.dwCurrentState == wanted) return 0;
        if (stop_on_stopped && status.dwCurrentState == SERVICE_STOPPED) {
            DWORD code = status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR
                             ? status.dwServiceSpecificExitCode
                             : status.dwWin32ExitCode;
            SetLastError(code != 0 ? code : ERROR_SERVICE_NOT_ACTIVE);
            return -1;
        }
        if (GetTickCount64() >= deadline) {
            SetLastError(ERROR_TIMEOUT);
            return -1;
        }
        Sleep(DK_SERVICE_POLL_MS);
    }
}

int dk_win_service_start_installed(const wchar_t *name, uint32_t timeout_ms) {
    SC_HANDLE manager;
    SC_HANDLE service;
    int opened = dk_service_open(name, SERVICE_START | SERVICE_QUERY_STATUS, &manager, &service);
    if (opened != DK_WIN_SERVICE_DONE) return opened;
    int result = DK_WIN_SERVICE_DONE;
    if (!StartServiceW(service, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
        result = DK_WIN_SERVICE_FAILED;
    } else if (dk_service_wait(service, SERVICE_RUNNING, 1, timeout_ms) != 0) {
        result = DK_WIN_SERVICE_FAILED;
    }
    dk_service_close(service, manager);
    return result;
}

int dk_win_service_uninstall(const wchar_t *name, uint32_t timeout_ms) {
    SC_HANDLE manager;
    SC_HANDLE service;
    int opened = dk_service_open(name, SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE, &manager, &service);
    if (opened != DK_WIN_SERVICE_DONE) return opened;
    SERVICE_STATUS status;
    // A stop that is not accepted because the service is stopped, or stopping already, is fine:
    // the wait decides.
    if (!ControlService(service, SERVICE_CONTROL_STOP, &status)) {
        DWORD error = GetLastError();
        if (error != ERROR_SERVICE_NOT_ACTIVE && error != ERROR_SERVICE_CANNOT_ACCEPT_CTRL) {
            dk_service_close(service, manager);
            return DK_WIN_SERVICE_FAILED;
        }
    }
    if (dk_service_wait(service, SERVICE_STOPPED, 0, timeout_ms) != 0 ||
        (!DeleteService(service) && GetLastError() != ERROR_SERVICE_MARKED_FOR_DELETE)) {
        dk_service_close(service, manager);
        return DK_WIN_SERVICE_FAILED;
    }
    dk_service_close(service, manager);
    return DK_WIN_SERVICE_DONE;
}

// Copies the NUL-terminated `from` (NULL: empty) into `to` of `capacity`, cut to fit.
static void dk_service_copy(wchar_t *to, size_t capacity, const wchar_t *from) {
    size_t index = 0;
    for (; from != NULL && from[index] != L'\0' && index + 1 < capacity; index++) to[index] = from[index];
    to[index] = L'\0';
}

// QueryServiceConfig2W's `level` into a buffer it allocates (the caller frees it); NULL on
// failure (GetLastError).
static BYTE *dk_service_config2(SC_HANDLE service, DWORD level) {
    DWORD needed = 0;
    // Asks for the size: fails with ERROR_INSUFFICIENT_BUFFER and sets `needed`, or with another
    // error and leaves it 0.
    if (!QueryServiceConfig2W(service, level, NULL, 0, &needed) && needed == 0) return NULL;
    if (needed == 0) {
        SetLastError(ERROR_INVALID_DATA);
        return NULL;
    }
    BYTE *buffer = (BYTE *)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, needed);
    if (buffer == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!QueryServiceConfig2W(service, level, buffer, needed, &needed)) {
        DWORD error = GetLastError();
        HeapFree(GetProcessHeap(), 0, buffer);
        SetLastError(error);
        return NULL;
    }
    return buffer;
}

// The first part of dk_win_service_query: QueryServiceConfigW. 0 or -1 (GetLastError).
static int dk_service_query_config(SC_HANDLE service, dk_win_service_info *info) {
    DWORD needed = 0;
    if (!QueryServiceConfigW(service, NULL, 0, &needed) && GetLastError() != ERROR_INSUFFICIENT_BUFFER)
        return -1;
    QUERY_SERVICE_CONFIGW *config =
        (QUERY_SERVICE_CONFIGW *)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, needed);
    if (config == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return -1;
    }
    if (!QueryServiceConfigW(service, config, needed, &needed)) {
        DWORD error = GetLastError();
        HeapFree(GetProcessHeap(), 0, config);
        SetLastError(error);
        return -1;
    }
    info->start_type = config->dwStartType;
    info->service_type = config->dwServiceType;
    dk_service_copy(info->command_line, sizeof(info->command_line) / sizeof(wchar_t),
                    config->lpBinaryPathName);
    dk_service_copy(info->display_name, sizeof(info->display_name) / sizeof(wchar_t), config->lpDisplayName);
    dk_service_copy(info->account, sizeof(info->account) / sizeof(wchar_t), config->lpServiceStartName);
    // The dependency list: NUL-separated names up to an empty one.
    size_t capacity = sizeof(info->dependencies) / sizeof(wchar_t);
    size_t at = 0;
    const wchar_t *name = config->lpDependencies;
    while (name != NULL && name[0] != L'\0' && at + 2 < capacity) {
        size_t length = wcslen(name);
        if (at + length + 2 > capacity) break;
        memcpy(info->dependencies + at, name, (length + 1) * sizeof(wchar_t));
        at += length + 1;
        name += length + 1;
    }
    info->dependencies[at] = L'\0';
    HeapFree(GetProcessHeap(), 0, config);
    return 0;
}

// The second part: QueryServiceConfig2W (description, delayed auto-start, recovery actions and
// their flag). 0 or -1 (GetLastError).
static int dk_service_query_more(SC_HANDLE service, dk_win_service_info *info) {
    BYTE *buffer = dk_service_config2(service, SERVICE_CONFIG_DESCRIPTION);
    if (buffer == NULL) return -1;
    dk_service_copy(info->description, sizeof(info->description) / sizeof(wchar_t),
                    ((SERVICE_DESCRIPTIONW *)buffer)->lpDescription);
    HeapFree(GetProcessHeap(), 0, buffer);
    // Each of the others may be unknown to the manager (ERROR_INVALID_LEVEL): then its `known_`
    // field stays 0.
    buffer = dk_service_config2(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO);
    if (buffer != NULL) {
        info->known_delayed = 1;
        info->delayed = ((SERVICE_DELAYED_AUTO_START_INFO *)buffer)->fDelayedAutostart != 0;
        HeapFree(GetProcessHeap(), 0, buffer);
    } else if (GetLastError() != ERROR_INVALID_LEVEL) {
        return -1;
    }
    buffer = dk_service_config2(service, SERVICE_CONFIG_FAILURE_ACTIONS);
    if (buffer != NULL) {
        SERVICE_FAILURE_ACTIONSW *failure = (SERVICE_FAILURE_ACTIONSW *)buffer;
        info->known_actions = 1;
        info->reset_period_s = failure->dwResetPeriod;
        info->action_count = failure->cActions;
        for (DWORD index = 0; index < failure->cActions && index < DK_WIN_SERVICE_RESTARTS; index++) {
            info->action_type[index] = (uint32_t)failure->lpsaActions[index].Type;
            info->action_delay_ms[index] = failure->lpsaActions[index].Delay;
        }
        HeapFree(GetProcessHeap(), 0, buffer);
    } else if (GetLastError() != ERROR_INVALID_LEVEL) {
        return -1;
    }
    buffer = dk_service_config2(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG);
    if (buffer != NULL) {
        info->known_actions_flag = 1;
        info->actions_on_non_crash_failures =
            ((SERVICE_FAILURE_ACTIONS_FLAG *)buffer)->fFailureActionsOnNonCrashFailures != 0;
        HeapFree(GetProcessHeap(), 0, buffer);
    } else if (GetLastError() != ERROR_INVALID_LEVEL) {
        return -1;
    }
    return 0;
}

int dk_win_service_query(const wchar_t *name, dk_win_service_info *info) {
    if (info == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return DK_WIN_SERVICE_FAILED;
    }
    memset(info, 0, sizeof(*info));
    SC_HANDLE manager;
    SC_HANDLE service;
    int opened = dk_service_open(name, SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS, &manager, &service);
    if (opened != DK_WIN_SERVICE_DONE) return opened;
    SERVICE_STATUS_PROCESS status;
    DWORD needed = 0;
    int failed =
        dk_service_query_config(service, info) != 0 || dk_service_query_more(service, info) != 0 ||
        !QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (LPBYTE)&status, sizeof(status), &needed);
    if (!failed) info->state = status.dwCurrentState;
    dk_service_close(service, manager);
    return failed ? DK_WIN_SERVICE_FAILED : DK_WIN_SERVICE_DONE;
}
#endif
