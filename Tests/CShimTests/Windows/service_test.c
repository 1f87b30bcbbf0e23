// (h) Running as a service under Wine's service control manager (services.exe in the test's
// prefix). This executable is both the controller and, started by the SCM with "--service MODE",
// the service, which runs dk_win_service_start with a small program:
//  - cycle: ready at once; a terminate makes it exit 7 (SERVICE_STOPPED carries
//    ERROR_SERVICE_SPECIFIC_ERROR and 7). Created, started (RUNNING), queried, stopped, deleted,
//    DK_CYCLES times without a failure.
//  - slow MS: a start that takes MS milliseconds (the program's setup) before ready: the SCM
//    sees START_PENDING with a rising dwCheckPoint, then RUNNING; a stop ends it with 0.
//  - hangup: each PARAMCHANGE reaches the callback as 1; the terminate after them exits with
//    40 + the number of hangups received, so the exit code says what arrived.
//  - preshutdown: once running it runs the handler's path for SERVICE_CONTROL_PRESHUTDOWN on
//    itself (the SCM sends it only at system shutdown, and ControlService refuses it): the SCM
//    sees STOP_PENDING, then STOPPED with 0 (a terminate after a stop is the normal end).
//  - fail: the setup fails before ready: STOPPED with the program's code (3).
//  - race: ready; once the first hangup has arrived it exits 5 while the controller keeps sending
//    parameter changes: its STOPPED report meets controls in the handler (a lock held across
//    SetServiceStatus would deadlock here under Wine). 20 rounds.
//  - unattended: ready; the terminate's callback returns and main returns 0 without
//    dk_win_service_exit: the atexit handler reports STOPPED with 0.
// Outside the SCM dk_win_service_start says so and everything else is a no-op. Each service's
// process is tracked and must have ended by the end: Wine makes a service process a "system
// process", which wine.sh's final `wineserver -w` would not wait for.
#include "windows_helpers.h"

#ifndef DK_CYCLES
#define DK_CYCLES 50
#endif
#ifndef DK_SLOW_START_MS
#define DK_SLOW_START_MS 20000
#endif

// MARK: The service side

static HANDLE terminate_event = NULL;
static volatile LONG hangups = 0;
static volatile LONG unexpected = 0;

static void deliver(int signal) {
    if (signal == 1) {
        InterlockedIncrement(&hangups);
    } else if (signal == 15) {
        SetEvent(terminate_event);
    } else {
        InterlockedIncrement(&unexpected);
    }
}

// Waits for the terminate; returns `code` for the exit, reported first.
static int finish(int code) {
    if (WaitForSingleObject(terminate_event, 120000) != WAIT_OBJECT_0) code = 90;
    if (unexpected != 0) code = 91;
    dk_win_service_exit((uint32_t)code);
    return code;
}

static int service_main(const char *mode, const char *argument) {
    terminate_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (terminate_event == NULL) return 80;
    uint32_t hint = strcmp(mode, "slow") == 0 ? 2000 : 0;
    if (!dk_win_service_parent_is_scm()) return 85;
    if (dk_win_service_start(deliver, hint) != DK_WIN_SERVICE_STARTED) return 81;
    if (dk_win_service_state() != SERVICE_START_PENDING) {
        dk_win_service_exit(82);
        return 82;
    }
    if (strcmp(mode, "cycle") == 0) {
        dk_win_service_ready();
        return finish(7);
    }
    if (strcmp(mode, "slow") == 0) {
        Sleep((DWORD)strtoul(argument, NULL, 10));  // The program's long setup, on purpose.
        dk_win_service_ready();
        return finish(0);
    }
    if (strcmp(mode, "hangup") == 0) {
        dk_win_service_ready();
        if (WaitForSingleObject(terminate_event, 120000) != WAIT_OBJECT_0) return 90;
        int code = 40 + (int)hangups;
        dk_win_service_exit((uint32_t)code);
        return code;
    }
    if (strcmp(mode, "preshutdown") == 0) {
        dk_win_service_ready();
        if (dk_win_service_control(SERVICE_CONTROL_PRESHUTDOWN) != NO_ERROR) return 83;
        if (WaitForSingleObject(terminate_event, 120000) != WAIT_OBJECT_0) return 90;
        // Seen by the controller as STOP_PENDING for a moment.
        Sleep(1500);  // NOLINT: the stop's own work, on purpose.
        int code = (int)dk_win_service_signal_exit_code(15);
        dk_win_service_exit((uint32_t)code);
        return code;
    }
    if (strcmp(mode, "fail") == 0) {
        dk_win_service_exit(3);
        return 3;
    }
    if (strcmp(mode, "race") == 0) {
        dk_win_service_ready();
        ULONGLONG deadline = GetTickCount64() + CK_DEADLINE_MS;
        while (hangups == 0 && GetTickCount64() < deadline) Sleep(1);
        dk_win_service_exit(5);
        return 5;
    }
    if (strcmp(mode, "unattended") == 0) {
        dk_win_service_ready();
        if (WaitForSingleObject(terminate_event, 120000) != WAIT_OBJECT_0) return 90;
        return 0;  // The atexit handler reports SERVICE_STOPPED.
    }
    dk_win_service_exit(84);
    return 84;
}

// MARK: The controller side

static SC_HANDLE manager = NULL;
static int serial = 0;

// A service whose state is `status`, polled with QueryServiceStatusEx.
typedef struct {
    SC_HANDLE service;
    wchar_t name[64];
    HANDLE process;  // Opened once the SCM names the service's process (tracked).
} service_t;

static BOOL create_service(service_t *service, const char *mode, const char *argument) {
    memset(service, 0, sizeof(*service));
    _snwprintf(service->name, 63, L"dk-wine-%lu-%d", (unsigned long)GetCurrentProcessId(), serial++);
    wchar_t path[MAX_PATH * 4 + 64];
    _snwprintf(path, MAX_PATH * 4 + 63, L"\"%ls\" --service %hs %hs", ck_self(), mode, argument);
    path[MAX_PATH * 4 + 63] = L'\0';
    service->service =
        CreateServiceW(manager, service->name, service->name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                       SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE, path, NULL, NULL, NULL, NULL, NULL);
    return service->service != NULL;
}

static BOOL query(service_t *service, SERVICE_STATUS_PROCESS *status) {
    DWORD needed = 0;
    return QueryServiceStatusEx(service->service, SC_STATUS_PROCESS_INFO, (BYTE *)status, sizeof(*status),
                                &needed);
}

// Keeps a handle to the service's process, to see it end (and end it if it does not).
static void remember_process(service_t *service, const SERVICE_STATUS_PROCESS *status) {
    if (service->process != NULL || status->dwProcessId == 0) return;
    service->process = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE,
                                   status->dwProcessId);
    if (service->process != NULL) ck_track(service->process);
}

// Polls until the state is `wanted` or the deadline passes; the last status in *status.
static BOOL wait_state(service_t *service, DWORD wanted, DWORD timeout_ms, SERVICE_STATUS_PROCESS *status) {
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    for (;;) {
        if (!query(service, status)) return FALSE;
        remember_process(service, status);
        if (status->dwCurrentState == wanted) return TRUE;
        if (GetTickCount64() >= deadline) return FALSE;
        Sleep(5);
    }
}

// Deletes the service and waits for its process to end.
static BOOL delete_service(service_t *service) {
    BOOL deleted = DeleteService(service->service);
    CloseServiceHandle(service->service);
    service->service = NULL;
    BOOL ended =
        service->process == NULL || WaitForSingleObject(service->process, CK_DEADLINE_MS) == WAIT_OBJECT_0;
    return deleted && ended;
}

// Stops a service and checks that it stops with `win32` / `specific`. TRUE when all went well.
static BOOL stop_and_check(service_t *service, DWORD win32, DWORD specific, const char *what) {
    SERVICE_STATUS stopped;
    BOOL sent = ControlService(service->service, SERVICE_CONTROL_STOP, &stopped);
    SERVICE_STATUS_PROCESS status;
    BOOL reached = wait_state(service, SERVICE_STOPPED, CK_DEADLINE_MS, &status);
    return CHECK(sent, "%s: ControlService(STOP)", what) &&
           CHECK(reached, "%s: STOPPED (state %lu)", what, (unsigned long)status.dwCurrentState) &&
           CHECK(status.dwWin32ExitCode == win32 && status.dwServiceSpecificExitCode == specific,
                 "%s: exit code %lu/%lu, expected %lu/%lu", what, (unsigned long)status.dwWin32ExitCode,
                 (unsigned long)status.dwServiceSpecificExitCode, (unsigned long)win32,
                 (unsigned long)specific);
}

static void test_not_a_service(void) {
    CHECK(!dk_win_service_parent_is_scm(), "this process's parent is not the SCM");
    ULONGLONG started = GetTickCount64();
    int result = dk_win_service_start(deliver, 0);
    CHECK(result == DK_WIN_SERVICE_NOT_STARTED_BY_SCM, "outside the SCM: not started by it (got %d)", result);
    ck_note("outside the SCM the dispatcher answered in %llu ms", GetTickCount64() - started);
    CHECK(!dk_win_service_active() && dk_win_service_state() == 0 && dk_win_service_name() == NULL,
          "no service state");
    CHECK(dk_win_service_ready() == 0 && dk_win_service_exit(1) == 0, "ready and exit do nothing");
    CHECK(dk_win_service_control(SERVICE_CONTROL_STOP) == ERROR_SERVICE_NOT_ACTIVE, "no handler runs");
    CHECK(dk_win_service_signal(SERVICE_CONTROL_STOP) == 15 &&
              dk_win_service_signal(SERVICE_CONTROL_SHUTDOWN) == 15 &&
              dk_win_service_signal(SERVICE_CONTROL_PRESHUTDOWN) == 15 &&
              dk_win_service_signal(SERVICE_CONTROL_PARAMCHANGE) == 1 &&
              dk_win_service_signal(SERVICE_CONTROL_PAUSE) == 0,
          "the mapping");
    uint32_t win32 = 1, specific = 1;
    dk_win_service_exit_status(0, &win32, &specific);
    CHECK(win32 == NO_ERROR && specific == 0, "exit 0 is NO_ERROR");
    dk_win_service_exit_status(7, &win32, &specific);
    CHECK(win32 == ERROR_SERVICE_SPECIFIC_ERROR && specific == 7, "exit 7 is service-specific 7");
    CHECK(dk_win_service_signal_exit_code(15) == 143, "terminate without a stop: 143");
    CHECK(dk_win_service_interval(10000) == 2500 && dk_win_service_interval(40) == 50,
          "the progress interval");
}

static void test_cycles(void) {
    int good = 0;
    ULONGLONG started = GetTickCount64();
    for (int cycle = 0; cycle < DK_CYCLES; cycle++) {
        service_t service;
        if (!CHECK(create_service(&service, "cycle", "-"), "cycle %d: CreateServiceW", cycle)) break;
        BOOL ok = CHECK(StartServiceW(service.service, 0, NULL), "cycle %d: StartServiceW", cycle);
        SERVICE_STATUS_PROCESS status;
        ok = ok && CHECK(wait_state(&service, SERVICE_RUNNING, CK_DEADLINE_MS, &status),
                         "cycle %d: RUNNING (state %lu)", cycle, (unsigned long)status.dwCurrentState);
        ok = ok &&
             CHECK(status.dwProcessId != 0 &&
                       status.dwControlsAccepted == (SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN |
                                                     SERVICE_ACCEPT_PRESHUTDOWN | SERVICE_ACCEPT_PARAMCHANGE),
                   "cycle %d: a process, accepting stop, shutdown, pre-shutdown, paramchange (0x%lx)", cycle,
                   (unsigned long)status.dwControlsAccepted);
        ok = ok && stop_and_check(&service, ERROR_SERVICE_SPECIFIC_ERROR, 7, "cycle");
        ok = CHECK(delete_service(&service), "cycle %d: DeleteService, and its process ended", cycle) && ok;
        if (!ok) break;
        good++;
    }
    CHECK(good == DK_CYCLES, "%d of %d cycles", good, DK_CYCLES);
    ck_note("%d create/start/RUNNING/stop/STOPPED(7)/delete cycles in %llu ms", good,
            GetTickCount64() - started);
}

static void test_slow_start(void) {
    service_t service;
    char duration[16];
    snprintf(duration, sizeof(duration), "%d", DK_SLOW_START_MS);
    REQUIRE(create_service(&service, "slow", duration), "CreateServiceW");
    ULONGLONG started = GetTickCount64();
    CHECK(StartServiceW(service.service, 0, NULL), "StartServiceW");
    DWORD last = 0, rises = 0, hint = 0;
    BOOL pending_only = TRUE;
    SERVICE_STATUS_PROCESS status;
    ULONGLONG deadline = started + DK_SLOW_START_MS + CK_DEADLINE_MS;
    for (;;) {
        if (!CHECK(query(&service, &status), "QueryServiceStatusEx")) break;
        remember_process(&service, &status);
        if (status.dwCurrentState == SERVICE_RUNNING) break;
        if (status.dwCurrentState != SERVICE_START_PENDING) pending_only = FALSE;
        if (status.dwCurrentState == SERVICE_START_PENDING) {
            if (status.dwCheckPoint > last) rises++;
            if (status.dwCheckPoint < last) pending_only = FALSE;  // A checkpoint never falls.
            last = status.dwCheckPoint;
            hint = status.dwWaitHint;
        }
        if (GetTickCount64() >= deadline) break;
        Sleep(100);
    }
    ULONGLONG took = GetTickCount64() - started;
    CHECK(status.dwCurrentState == SERVICE_RUNNING, "RUNNING after the slow start (state %lu)",
          (unsigned long)status.dwCurrentState);
    CHECK(pending_only, "only START_PENDING before RUNNING, its checkpoint never falling");
    CHECK(took + 500 >= DK_SLOW_START_MS, "RUNNING only after the start's %d ms (%llu ms)", DK_SLOW_START_MS,
          took);
    DWORD expected = DK_SLOW_START_MS / dk_win_service_interval(2000) / 2;
    CHECK(rises >= expected && hint == 2000, "the checkpoint rose %lu times (at least %lu), wait hint %lu",
          (unsigned long)rises, (unsigned long)expected, (unsigned long)hint);
    ck_note("START_PENDING for %llu ms: checkpoint rose %lu times to %lu, wait hint %lu ms", took,
            (unsigned long)rises, (unsigned long)last, (unsigned long)hint);
    stop_and_check(&service, NO_ERROR, 0, "slow start");
    CHECK(delete_service(&service), "DeleteService, and its process ended");
}

static void test_hangup(void) {
    service_t service;
    REQUIRE(create_service(&service, "hangup", "-"), "CreateServiceW");
    CHECK(StartServiceW(service.service, 0, NULL), "StartServiceW");
    SERVICE_STATUS_PROCESS status;
    CHECK(wait_state(&service, SERVICE_RUNNING, CK_DEADLINE_MS, &status), "RUNNING");
    SERVICE_STATUS answer;
    int sent = 0;
    for (int i = 0; i < 3; i++) {
        if (CHECK(ControlService(service.service, SERVICE_CONTROL_PARAMCHANGE, &answer),
                  "ControlService(PARAMCHANGE)"))
            sent++;
    }
    CHECK(ControlService(service.service, SERVICE_CONTROL_PAUSE, &answer) == FALSE &&
              GetLastError() == ERROR_INVALID_SERVICE_CONTROL,
          "a pause, not accepted, is refused by the SCM");
    // The hangups are delivered in order before the terminate the stop queues after them.
    stop_and_check(&service, ERROR_SERVICE_SPECIFIC_ERROR, 40 + (DWORD)sent, "three hangups, then stop");
    CHECK(delete_service(&service), "DeleteService, and its process ended");
}

static void test_exit_under_controls(void) {
    int good = 0;
    for (int round = 0; round < 20; round++) {
        service_t service;
        if (!CHECK(create_service(&service, "race", "-"), "CreateServiceW")) break;
        BOOL ok = CHECK(StartServiceW(service.service, 0, NULL), "StartServiceW");
        SERVICE_STATUS_PROCESS status;
        ok = ok && CHECK(wait_state(&service, SERVICE_RUNNING, CK_DEADLINE_MS, &status), "RUNNING");
        // Parameter changes until the SCM refuses them: the service has stopped (or hangs).
        ULONGLONG deadline = GetTickCount64() + CK_DEADLINE_MS;
        SERVICE_STATUS answer;
        while (ok && GetTickCount64() < deadline &&
               ControlService(service.service, SERVICE_CONTROL_PARAMCHANGE, &answer)) {}
        ok = ok && CHECK(wait_state(&service, SERVICE_STOPPED, CK_DEADLINE_MS, &status) &&
                             status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR &&
                             status.dwServiceSpecificExitCode == 5,
                         "round %d: STOPPED with 5 amid controls (state %lu, %lu/%lu)", round,
                         (unsigned long)status.dwCurrentState, (unsigned long)status.dwWin32ExitCode,
                         (unsigned long)status.dwServiceSpecificExitCode);
        ok = CHECK(delete_service(&service), "round %d: DeleteService, and its process ended", round) && ok;
        if (!ok) break;
        good++;
    }
    CHECK(good == 20, "%d of 20 rounds", good);
}

static void test_preshutdown(void) {
    service_t service;
    REQUIRE(create_service(&service, "preshutdown", "-"), "CreateServiceW");
    CHECK(StartServiceW(service.service, 0, NULL), "StartServiceW");
    SERVICE_STATUS_PROCESS status;
    CHECK(wait_state(&service, SERVICE_STOP_PENDING, CK_DEADLINE_MS, &status),
          "STOP_PENDING after the pre-shutdown (state %lu)", (unsigned long)status.dwCurrentState);
    CHECK(wait_state(&service, SERVICE_STOPPED, CK_DEADLINE_MS, &status) &&
              status.dwWin32ExitCode == NO_ERROR && status.dwServiceSpecificExitCode == 0,
          "STOPPED with 0 (%lu/%lu)", (unsigned long)status.dwWin32ExitCode,
          (unsigned long)status.dwServiceSpecificExitCode);
    CHECK(delete_service(&service), "DeleteService, and its process ended");
}

static void test_fail(void) {
    service_t service;
    REQUIRE(create_service(&service, "fail", "-"), "CreateServiceW");
    StartServiceW(service.service, 0, NULL);  // Wine may report the failure here or only in the state.
    SERVICE_STATUS_PROCESS status;
    CHECK(wait_state(&service, SERVICE_STOPPED, CK_DEADLINE_MS, &status) &&
              status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR && status.dwServiceSpecificExitCode == 3,
          "a setup that fails: STOPPED with 3 (%lu/%lu)", (unsigned long)status.dwWin32ExitCode,
          (unsigned long)status.dwServiceSpecificExitCode);
    CHECK(delete_service(&service), "DeleteService, and its process ended");
}

static void test_unattended(void) {
    service_t service;
    REQUIRE(create_service(&service, "unattended", "-"), "CreateServiceW");
    CHECK(StartServiceW(service.service, 0, NULL), "StartServiceW");
    SERVICE_STATUS_PROCESS status;
    CHECK(wait_state(&service, SERVICE_RUNNING, CK_DEADLINE_MS, &status), "RUNNING");
    stop_and_check(&service, NO_ERROR, 0, "returned from main after a stop");
    CHECK(delete_service(&service), "DeleteService, and its process ended");
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "--service") == 0) return service_main(argv[2], argv[3]);
    ck_test = "service";
    manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    REQUIRE(manager != NULL, "OpenSCManagerW");
    ck_run("service: outside the SCM", test_not_a_service);
    ck_run("service: cycles", test_cycles);
    ck_run("service: paramchange is hangup", test_hangup);
    ck_run("service: pre-shutdown", test_preshutdown);
    ck_run("service: exit amid controls", test_exit_under_controls);
    ck_run("service: setup fails", test_fail);
    ck_run("service: ends without reporting", test_unattended);
    ck_run("service: slow start", test_slow_start);
    CloseServiceHandle(manager);
    return ck_finish("service");
}
