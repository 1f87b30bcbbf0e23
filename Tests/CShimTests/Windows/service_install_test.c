// (h) Installing a service (windows_service_install.c) under Wine's service control manager:
// install with every field and read each back exactly (QueryServiceConfigW, QueryServiceConfig2W:
// description, delayed auto-start, recovery actions); an install over an installed name refused
// unless replacing, and a replace that rewrites every field; start and stop a real service (this
// executable with `service`: a minimal service main of its own), delete it; an unknown name is
// its own result.
#include "windows_helpers.h"

// The service side: this executable started by the service control manager.
static SERVICE_STATUS_HANDLE service_handle;
static HANDLE service_stop;
static SERVICE_STATUS service_status;

static void service_report(DWORD state) {
    service_status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    service_status.dwCurrentState = state;
    service_status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
    service_status.dwWin32ExitCode = NO_ERROR;
    SetServiceStatus(service_handle, &service_status);
}

static DWORD WINAPI service_control(DWORD control, DWORD type, void *data, void *context) {
    (void)type;
    (void)data;
    (void)context;
    if (control == SERVICE_CONTROL_STOP) {
        service_report(SERVICE_STOP_PENDING);
        SetEvent(service_stop);
        return NO_ERROR;
    }
    return control == SERVICE_CONTROL_INTERROGATE ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

static void WINAPI service_main(DWORD argc, wchar_t **argv) {
    (void)argc;
    service_handle = RegisterServiceCtrlHandlerExW(argv[0], service_control, NULL);
    if (service_handle == NULL) return;
    service_stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    service_report(SERVICE_RUNNING);
    WaitForSingleObject(service_stop, INFINITE);
    service_report(SERVICE_STOPPED);
}

static int run_as_service(void) {
    wchar_t empty[] = L"";
    SERVICE_TABLE_ENTRYW table[] = {{empty, service_main}, {NULL, NULL}};
    return StartServiceCtrlDispatcherW(table) ? 0 : 1;
}

// The test side.
static wchar_t name[64];
static wchar_t command[2048];

// Whether the double-NUL-terminated lists are the same.
static int same_list(const wchar_t *left, const wchar_t *right) {
    for (;;) {
        if (wcscmp(left, right) != 0) return 0;
        if (left[0] == L'\0') return 1;
        left += wcslen(left) + 1;
        right += wcslen(right) + 1;
    }
}

// What the shim gave ChangeServiceConfig2W, recorded on the way through (the call itself goes on to
// the real function unchanged): the arguments for the settings Wine's manager does not keep can be
// checked although they cannot be read back here.
static struct {
    int delayed_calls;
    BOOL delayed;
    int actions_calls;
    DWORD reset_period;
    DWORD action_count;
    SC_ACTION actions[DK_WIN_SERVICE_RESTARTS];
    int flag_calls;
    BOOL flag;
} recorded;
static ULONG_PTR real_change_config2;

static BOOL WINAPI recording_change_config2(SC_HANDLE service, DWORD level, LPVOID info) {
    if (level == SERVICE_CONFIG_DELAYED_AUTO_START_INFO) {
        recorded.delayed_calls++;
        recorded.delayed = ((SERVICE_DELAYED_AUTO_START_INFO *)info)->fDelayedAutostart;
    } else if (level == SERVICE_CONFIG_FAILURE_ACTIONS) {
        SERVICE_FAILURE_ACTIONSW *failure = (SERVICE_FAILURE_ACTIONSW *)info;
        recorded.actions_calls++;
        recorded.reset_period = failure->dwResetPeriod;
        recorded.action_count = failure->cActions;
        for (DWORD index = 0; index < failure->cActions && index < DK_WIN_SERVICE_RESTARTS; index++) {
            recorded.actions[index] = failure->lpsaActions[index];
        }
    } else if (level == SERVICE_CONFIG_FAILURE_ACTIONS_FLAG) {
        recorded.flag_calls++;
        recorded.flag = ((SERVICE_FAILURE_ACTIONS_FLAG *)info)->fFailureActionsOnNonCrashFailures;
    }
    BOOL(WINAPI * real)
    (SC_HANDLE, DWORD, LPVOID) = (BOOL(WINAPI *)(SC_HANDLE, DWORD, LPVOID))real_change_config2;
    return real(service, level, info);
}

// Points this executable's import of advapi32's ChangeServiceConfig2W (which the shim, linked in,
// calls through) at the recorder. Whether it was found.
static int record_change_config2(void) {
    BYTE *base = (BYTE *)GetModuleHandleW(NULL);
    IMAGE_NT_HEADERS *headers = (IMAGE_NT_HEADERS *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY directory = headers->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    for (IMAGE_IMPORT_DESCRIPTOR *module = (IMAGE_IMPORT_DESCRIPTOR *)(base + directory.VirtualAddress);
         module->Name != 0; module++) {
        if (_stricmp((const char *)(base + module->Name), "advapi32.dll") != 0) continue;
        IMAGE_THUNK_DATA *names = (IMAGE_THUNK_DATA *)(base + module->OriginalFirstThunk);
        IMAGE_THUNK_DATA *slots = (IMAGE_THUNK_DATA *)(base + module->FirstThunk);
        for (; names->u1.AddressOfData != 0; names++, slots++) {
            if (IMAGE_SNAP_BY_ORDINAL(names->u1.Ordinal)) continue;
            IMAGE_IMPORT_BY_NAME *named = (IMAGE_IMPORT_BY_NAME *)(base + names->u1.AddressOfData);
            if (strcmp((const char *)named->Name, "ChangeServiceConfig2W") != 0) continue;
            DWORD protection;
            if (!VirtualProtect(&slots->u1.Function, sizeof(slots->u1.Function), PAGE_READWRITE, &protection))
                return 0;
            real_change_config2 = (ULONG_PTR)slots->u1.Function;
            slots->u1.Function = (ULONG_PTR)recording_change_config2;
            VirtualProtect(&slots->u1.Function, sizeof(slots->u1.Function), protection, &protection);
            return 1;
        }
    }
    return 0;
}

// A setting Wine's manager does not know (ERROR_INVALID_LEVEL): the install asking for it must
// fail and leave nothing. Where the manager knows it, the install succeeds and `check` reads it
// back. Says which happened.
static void install_or_refused(const char *what, const dk_win_service_config *config,
                               void (*check)(const dk_win_service_info *)) {
    memset(&recorded, 0, sizeof(recorded));
    int result = dk_win_service_install(config);
    DWORD error = GetLastError();
    dk_win_service_info info;
    if (result == DK_WIN_SERVICE_DONE) {
        REQUIRE(dk_win_service_query(name, &info) == DK_WIN_SERVICE_DONE, "query: error %lu", GetLastError());
        check(&info);
        CHECK(dk_win_service_uninstall(name, CK_DEADLINE_MS) == DK_WIN_SERVICE_DONE, "uninstall: error %lu",
              GetLastError());
        ck_note("%s: installed and read back", what);
        return;
    }
    CHECK(result == DK_WIN_SERVICE_FAILED && error == ERROR_INVALID_LEVEL, "install: result %d, error %lu",
          result, error);
    CHECK(dk_win_service_query(name, &info) == DK_WIN_SERVICE_UNKNOWN, "a refused install left the service");
    ck_note("%s: this manager does not know the setting (ERROR_INVALID_LEVEL): refused, nothing left", what);
}

// The dependencies the manager stored for the service: what QueryServiceConfigW returned, or,
// when that is empty, the service's DependOnService registry value, where Wine's manager keeps them
// (its QueryServiceConfigW returns none). Says where they came from.
static const char *stored_dependencies(const dk_win_service_info *info, wchar_t *list, DWORD capacity) {
    if (info->dependencies[0] != L'\0') {
        memcpy(list, info->dependencies,
               sizeof(info->dependencies) < capacity * sizeof(wchar_t) ? sizeof(info->dependencies)
                                                                       : capacity * sizeof(wchar_t));
        return "QueryServiceConfigW";
    }
    memset(list, 0, capacity * sizeof(wchar_t));
    wchar_t key[128];
    _snwprintf(key, 127, L"System\\CurrentControlSet\\Services\\%ls", name);
    key[127] = L'\0';
    DWORD size = (capacity - 2) * sizeof(wchar_t);
    LSTATUS status =
        RegGetValueW(HKEY_LOCAL_MACHINE, key, L"DependOnService", RRF_RT_REG_MULTI_SZ, NULL, list, &size);
    if (status != ERROR_SUCCESS) list[0] = L'\0';
    return "the registry (DependOnService)";
}

static void check_delayed(const dk_win_service_info *info) {
    CHECK(info->start_type == SERVICE_AUTO_START, "start type %u", info->start_type);
    CHECK(info->known_delayed && info->delayed == 1, "delayed auto-start %d (known %d)", info->delayed,
          info->known_delayed);
}

static void check_recovery(const dk_win_service_info *info) {
    CHECK(info->known_actions && info->action_count == DK_WIN_SERVICE_RESTARTS,
          "recovery actions: %u (known %d)", info->action_count, info->known_actions);
    for (uint32_t index = 0; index < info->action_count && index < DK_WIN_SERVICE_RESTARTS; index++) {
        CHECK(info->action_type[index] == SC_ACTION_RESTART, "action %u type %u", index,
              info->action_type[index]);
        CHECK(info->action_delay_ms[index] == 7000, "action %u delay %u", index,
              info->action_delay_ms[index]);
    }
    CHECK(info->reset_period_s == DK_WIN_SERVICE_RESET_SECONDS, "reset period %u", info->reset_period_s);
    CHECK(info->known_actions_flag && info->actions_on_non_crash_failures == 1,
          "non-crash failures flag %d (known %d)", info->actions_on_non_crash_failures,
          info->known_actions_flag);
}

static void every_field_read_back(void) {
    ck_test = "delayed auto-start";
    dk_win_service_config config = {0};
    config.name = name;
    config.command_line = command;
    config.start_type = DK_WIN_SERVICE_START_DELAYED;
    install_or_refused("delayed auto-start", &config, check_delayed);
    CHECK(recorded.delayed_calls == 1 && recorded.delayed == TRUE, "given delayed auto-start: %d calls, %d",
          recorded.delayed_calls, recorded.delayed);

    ck_test = "recovery actions";
    config.start_type = DK_WIN_SERVICE_START_AUTO;
    config.restart_delay_ms = 7000;
    install_or_refused("recovery actions", &config, check_recovery);
    CHECK(recorded.actions_calls == 1 && recorded.action_count == DK_WIN_SERVICE_RESTARTS,
          "given recovery actions: %d calls, %lu actions", recorded.actions_calls, recorded.action_count);
    for (int index = 0; index < DK_WIN_SERVICE_RESTARTS; index++) {
        CHECK(recorded.actions[index].Type == SC_ACTION_RESTART && recorded.actions[index].Delay == 7000,
              "given action %d: type %d, delay %lu", index, (int)recorded.actions[index].Type,
              recorded.actions[index].Delay);
    }
    CHECK(recorded.reset_period == DK_WIN_SERVICE_RESET_SECONDS, "given reset period %lu",
          recorded.reset_period);
    CHECK(recorded.flag_calls == 1 && recorded.flag == TRUE, "given non-crash failures flag: %d calls, %d",
          recorded.flag_calls, recorded.flag);
    ck_note("the arguments given to ChangeServiceConfig2W for delayed auto-start and recovery actions are as "
            "asked");

    ck_test = "every field";
    config.display_name = L"Daemoniker install test \u00e9";
    config.description = L"described: \u00fcn\u00efcode, \"quotes\" & more";
    config.account = L"NT AUTHORITY\\LocalService";
    config.password = NULL;
    config.dependencies = L"dk-dependency-a\0dk-dependency-b\0";
    config.restart_delay_ms = 0;
    REQUIRE(dk_win_service_install(&config) == DK_WIN_SERVICE_DONE, "install: error %lu", GetLastError());
    dk_win_service_info info;
    REQUIRE(dk_win_service_query(name, &info) == DK_WIN_SERVICE_DONE, "query: error %lu", GetLastError());
    CHECK(info.service_type == SERVICE_WIN32_OWN_PROCESS, "service type %u", info.service_type);
    CHECK(info.start_type == SERVICE_AUTO_START, "start type %u", info.start_type);
    CHECK(wcscmp(info.command_line, command) == 0, "command line '%ls'", info.command_line);
    CHECK(wcscmp(info.display_name, config.display_name) == 0, "display name '%ls'", info.display_name);
    CHECK(wcscmp(info.description, config.description) == 0, "description '%ls'", info.description);
    CHECK(wcscmp(info.account, config.account) == 0, "account '%ls'", info.account);
    wchar_t dependencies[512];
    const char *source = stored_dependencies(&info, dependencies, 512);
    CHECK(same_list(dependencies, config.dependencies), "dependencies '%ls', ... from %s", dependencies,
          source);
    ck_note("dependencies read back from %s", source);
    CHECK(!info.known_delayed || info.delayed == 0, "delayed auto-start %d", info.delayed);
    CHECK(!info.known_actions || info.action_count == 0, "recovery actions: %u", info.action_count);
    CHECK(info.state == SERVICE_STOPPED, "state %u", info.state);
    ck_note("read back: command line, display name, description, account, dependencies, start type%s%s",
            info.known_delayed ? ", delayed auto-start" : "", info.known_actions ? ", recovery actions" : "");

    ck_test = "installed already";
    dk_win_service_config other = config;
    other.description = L"another";
    CHECK(dk_win_service_install(&other) == DK_WIN_SERVICE_EXISTS, "a second install was not refused");
    REQUIRE(dk_win_service_query(name, &info) == DK_WIN_SERVICE_DONE, "query: error %lu", GetLastError());
    CHECK(wcscmp(info.description, config.description) == 0, "refused install changed it: '%ls'",
          info.description);

    ck_test = "replace";
    dk_win_service_config replacing = {0};
    replacing.name = name;
    replacing.display_name = L"replaced";
    replacing.description = L"replaced description";
    replacing.command_line = L"\"C:\\windows\\system32\\cmd.exe\" /c exit 0";
    replacing.start_type = DK_WIN_SERVICE_START_MANUAL;
    replacing.replace = 1;
    REQUIRE(dk_win_service_install(&replacing) == DK_WIN_SERVICE_DONE, "replace: error %lu", GetLastError());
    REQUIRE(dk_win_service_query(name, &info) == DK_WIN_SERVICE_DONE, "query: error %lu", GetLastError());
    CHECK(info.start_type == SERVICE_DEMAND_START, "start type %u", info.start_type);
    CHECK(wcscmp(info.command_line, replacing.command_line) == 0, "command line '%ls'", info.command_line);
    CHECK(wcscmp(info.display_name, L"replaced") == 0, "display name '%ls'", info.display_name);
    CHECK(wcscmp(info.description, L"replaced description") == 0, "description '%ls'", info.description);
    CHECK(wcscmp(info.account, L"LocalSystem") == 0, "account '%ls'", info.account);
    source = stored_dependencies(&info, dependencies, 512);
    CHECK(dependencies[0] == L'\0', "dependencies left: '%ls' (from %s)", dependencies, source);
    CHECK(info.action_count == 0, "recovery actions left: %u", info.action_count);

    ck_test = "uninstall";
    CHECK(dk_win_service_uninstall(name, CK_DEADLINE_MS) == DK_WIN_SERVICE_DONE, "uninstall: error %lu",
          GetLastError());
    CHECK(dk_win_service_query(name, &info) == DK_WIN_SERVICE_UNKNOWN, "still there after uninstall");
    CHECK(dk_win_service_uninstall(name, CK_DEADLINE_MS) == DK_WIN_SERVICE_UNKNOWN,
          "uninstall of an unknown name: not DK_WIN_SERVICE_UNKNOWN");
    CHECK(dk_win_service_start_installed(name, CK_DEADLINE_MS) == DK_WIN_SERVICE_UNKNOWN,
          "start of an unknown name: not DK_WIN_SERVICE_UNKNOWN");
}

// The pid the service control manager reports for the service, or 0.
static DWORD service_pid(void) {
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (manager == NULL) return 0;
    SC_HANDLE service = OpenServiceW(manager, name, SERVICE_QUERY_STATUS);
    SERVICE_STATUS_PROCESS status = {0};
    DWORD needed = 0;
    if (service != NULL) {
        QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (LPBYTE)&status, sizeof(status), &needed);
        CloseServiceHandle(service);
    }
    CloseServiceHandle(manager);
    return status.dwProcessId;
}

static void start_stop_delete(void) {
    ck_test = "start, stop, delete";
    dk_win_service_config config = {0};
    config.name = name;
    config.command_line = command;
    config.start_type = DK_WIN_SERVICE_START_MANUAL;
    REQUIRE(dk_win_service_install(&config) == DK_WIN_SERVICE_DONE, "install: error %lu", GetLastError());
    REQUIRE(dk_win_service_start_installed(name, CK_DEADLINE_MS) == DK_WIN_SERVICE_DONE, "start: error %lu",
            GetLastError());
    dk_win_service_info info;
    REQUIRE(dk_win_service_query(name, &info) == DK_WIN_SERVICE_DONE, "query: error %lu", GetLastError());
    CHECK(info.state == SERVICE_RUNNING, "state after start %u", info.state);
    DWORD pid = service_pid();
    HANDLE process = pid != 0 ? OpenProcess(SYNCHRONIZE, FALSE, pid) : NULL;
    CHECK(process != NULL, "the service's process %lu: error %lu", pid, GetLastError());
    if (process != NULL) ck_track(process);
    CHECK(dk_win_service_start_installed(name, CK_DEADLINE_MS) == DK_WIN_SERVICE_DONE,
          "a second start: error %lu", GetLastError());
    CHECK(dk_win_service_uninstall(name, CK_DEADLINE_MS) == DK_WIN_SERVICE_DONE, "uninstall: error %lu",
          GetLastError());
    if (process != NULL) {
        CHECK(WaitForSingleObject(process, CK_DEADLINE_MS) == WAIT_OBJECT_0,
              "the service's process still runs");
    }
    CHECK(dk_win_service_query(name, &info) == DK_WIN_SERVICE_UNKNOWN, "still there after uninstall");
    ck_note("service process %lu started, stopped and deleted", pid);
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "service") == 0) return run_as_service();
    ck_test = "service install";
    _snwprintf(name, 63, L"dk-install-test-%lu", (unsigned long)GetCurrentProcessId());
    _snwprintf(command, 2047, L"\"%ls\" service", ck_self());
    REQUIRE(record_change_config2(),
            "advapi32's ChangeServiceConfig2W is not among this executable's imports");
    every_field_read_back();
    start_stop_delete();
    return ck_finish("service_install");
}
