// A program started by the Windows service control manager (SCM) answers it itself.
//
// Threads. StartServiceCtrlDispatcherW blocks the thread that calls it until the service has
// reported SERVICE_STOPPED, and it is also the only way to learn whether the SCM started this
// process (it fails at once with ERROR_FAILED_SERVICE_CONTROLLER_CONNECT otherwise). So
// dk_win_service_start runs it on a thread of its own (the dispatcher thread, which also runs
// the control handler) and waits until either ServiceMain has registered the handler (a service)
// or the dispatcher has returned (not one): the program's main thread goes on running the
// program either way. Three threads in all, for the life of a service:
//  - the dispatcher thread: StartServiceCtrlDispatcherW, then ServiceMain, then the control
//    handler for every control; it never runs program code, so a control is answered at once;
//  - the progress thread: while the service is START_PENDING or STOP_PENDING it reports the
//    state again every quarter of the wait hint with a rising dwCheckPoint, so the SCM never
//    decides the service hung (Error 1053) however long the program's start or stop takes;
//  - the delivery thread: hands each signal the handler queued (15 for STOP, SHUTDOWN and
//    PRESHUTDOWN; 1 for PARAMCHANGE) to the program's callback, in order, one at a time.
// dk_win_service_ready reports SERVICE_RUNNING; dk_win_service_exit reports SERVICE_STOPPED
// with the exit code and waits (bounded) for the dispatcher to return, so that the SCM has it
// before the process ends. An atexit handler reports SERVICE_STOPPED for a program that ends
// without calling it.
#if defined(_WIN32)
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <stdlib.h>

#if defined(_MSC_VER)
#pragma comment(lib, "advapi32.lib")
#endif

#define DK_SIGHUP 1
#define DK_SIGTERM 15
#define DK_QUEUE_SIZE 64u

// Controls accepted while running; while starting only a shutdown is (the SCM refuses other
// controls to a pending service anyway).
#define DK_ACCEPTED_RUNNING \
    (SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_PRESHUTDOWN | SERVICE_ACCEPT_PARAMCHANGE)
#define DK_ACCEPTED_PENDING SERVICE_ACCEPT_SHUTDOWN

static INIT_ONCE dk_service_once = INIT_ONCE_STATIC_INIT;
// The state lock guards dk_service_status and the queue, and is never held across a call into the
// SCM: Wine's SetServiceStatus(SERVICE_STOPPED) takes the dispatcher's own lock, which the
// dispatcher holds while it runs the handler, and the handler takes the state lock. The report
// lock puts the reports in order, each carrying the state as it is when it is sent; the handler
// never takes it (the progress thread reports for it).
static CRITICAL_SECTION dk_service_lock;
static CRITICAL_SECTION dk_service_report_lock;
static SERVICE_STATUS_HANDLE dk_service_handle = NULL;
static SERVICE_STATUS dk_service_status;
static uint32_t dk_service_hint = 0;
static volatile LONG dk_service_active = 0;    // 1 once ServiceMain registered the handler.
static volatile LONG dk_service_stopping = 0;  // 1 once a stop, shutdown or pre-shutdown came.
static HANDLE dk_service_registered = NULL;    // Set by ServiceMain, registered or not.
static DWORD dk_service_register_error = 0;
static HANDLE dk_service_dispatcher = NULL;
static DWORD dk_service_dispatcher_id = 0;
static HANDLE dk_service_progress_wake = NULL;  // Auto-reset: the state changed.
static HANDLE dk_service_queue_ready = NULL;    // Auto-reset: the queue has a signal.
static int dk_service_queue[DK_QUEUE_SIZE];
static uint32_t dk_service_queue_head = 0, dk_service_queue_count = 0;
static dk_win_service_deliver_fn dk_service_deliver = NULL;
static wchar_t dk_service_name[257];

static BOOL CALLBACK dk_service_init(PINIT_ONCE once, PVOID parameter, PVOID *context) {
    (void)once;
    (void)parameter;
    (void)context;
    InitializeCriticalSection(&dk_service_lock);
    InitializeCriticalSection(&dk_service_report_lock);
    return TRUE;
}

// Reports the status as it is now, unless the service has stopped (`stopped_too`: the stop's own
// report). Called without the state lock.
static void dk_service_report(BOOL stopped_too) {
    EnterCriticalSection(&dk_service_report_lock);
    EnterCriticalSection(&dk_service_lock);
    SERVICE_STATUS status = dk_service_status;
    SERVICE_STATUS_HANDLE handle = dk_service_handle;
    LeaveCriticalSection(&dk_service_lock);
    if (handle != NULL && (stopped_too || status.dwCurrentState != SERVICE_STOPPED)) {
        (void)SetServiceStatus(handle, &status);
    }
    LeaveCriticalSection(&dk_service_report_lock);
}

// Sets the state, with the wait hint and the first checkpoint for a pending state, and wakes the
// progress thread. Called with the state lock held; the caller reports (or the progress thread).
static void dk_service_set_state(DWORD state) {
    dk_service_status.dwCurrentState = state;
    BOOL pending = state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
    dk_service_status.dwCheckPoint = pending ? 1 : 0;
    dk_service_status.dwWaitHint = pending ? dk_service_hint : 0;
    dk_service_status.dwControlsAccepted = state == SERVICE_RUNNING   ? DK_ACCEPTED_RUNNING
                                           : state == SERVICE_STOPPED ? 0
                                                                      : DK_ACCEPTED_PENDING;
    if (dk_service_progress_wake != NULL) SetEvent(dk_service_progress_wake);
}

uint32_t dk_win_service_interval(uint32_t wait_hint_ms) {
    uint32_t interval = wait_hint_ms / 4;
    return interval < 50 ? 50 : interval;
}

// The progress thread: a rising checkpoint while pending, and the report of a state the handler
// set (it wakes this thread), until the service has stopped.
static DWORD WINAPI dk_service_progress(LPVOID unused) {
    (void)unused;
    DWORD interval = dk_win_service_interval(dk_service_hint);
    for (;;) {
        BOOL woken = WaitForSingleObject(dk_service_progress_wake, interval) == WAIT_OBJECT_0;
        EnterCriticalSection(&dk_service_lock);
        DWORD state = dk_service_status.dwCurrentState;
        BOOL pending = state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
        if (pending && !woken) dk_service_status.dwCheckPoint++;
        LeaveCriticalSection(&dk_service_lock);
        if (state == SERVICE_STOPPED) return 0;
        if (pending || woken) dk_service_report(FALSE);
    }
}

// The delivery thread: the queued signals, in order, to the program's callback.
static DWORD WINAPI dk_service_delivery(LPVOID unused) {
    (void)unused;
    while (WaitForSingleObject(dk_service_queue_ready, INFINITE) == WAIT_OBJECT_0) {
        for (;;) {
            EnterCriticalSection(&dk_service_lock);
            int signal = 0;
            if (dk_service_queue_count > 0) {
                signal = dk_service_queue[dk_service_queue_head];
                dk_service_queue_head = (dk_service_queue_head + 1) % DK_QUEUE_SIZE;
                dk_service_queue_count--;
            }
            LeaveCriticalSection(&dk_service_lock);
            if (signal == 0) break;
            if (dk_service_deliver != NULL) dk_service_deliver(signal);
        }
    }
    return 0;
}

// Queues `signal` for the delivery thread. Called with the lock held. A full queue drops a
// hangup (another is queued already) but never a terminate.
static void dk_service_enqueue(int signal) {
    if (dk_service_queue_count == DK_QUEUE_SIZE) {
        if (signal == DK_SIGHUP) return;
        dk_service_queue_count--;  // The newest entry gives way to the terminate.
    }
    dk_service_queue[(dk_service_queue_head + dk_service_queue_count) % DK_QUEUE_SIZE] = signal;
    dk_service_queue_count++;
    SetEvent(dk_service_queue_ready);
}

int dk_win_service_signal(uint32_t control) {
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
    case SERVICE_CONTROL_PRESHUTDOWN:
        return DK_SIGTERM;
    case SERVICE_CONTROL_PARAMCHANGE:
        return DK_SIGHUP;
    default:
        return 0;
    }
}

uint32_t dk_win_service_control(uint32_t control) {
    if (control == SERVICE_CONTROL_INTERROGATE) return NO_ERROR;
    int signal = dk_win_service_signal(control);
    if (signal == 0) return ERROR_CALL_NOT_IMPLEMENTED;
    if (InterlockedCompareExchange(&dk_service_active, 0, 0) == 0) return ERROR_SERVICE_NOT_ACTIVE;
    EnterCriticalSection(&dk_service_lock);
    DWORD state = dk_service_status.dwCurrentState;
    DWORD result = NO_ERROR;
    if (state == SERVICE_STOPPED) {
        result = ERROR_SERVICE_NOT_ACTIVE;
    } else if (signal == DK_SIGTERM) {
        // One terminate, however many stop, shutdown and pre-shutdown controls come.
        if (InterlockedExchange(&dk_service_stopping, 1) == 0) {
            dk_service_set_state(SERVICE_STOP_PENDING);
            dk_service_enqueue(DK_SIGTERM);
        }
    } else if (state == SERVICE_RUNNING) {
        dk_service_enqueue(signal);
    } else {
        result = ERROR_SERVICE_CANNOT_ACCEPT_CTRL;
    }
    LeaveCriticalSection(&dk_service_lock);
    return result;
}

static DWORD WINAPI dk_service_handler(DWORD control, DWORD type, LPVOID data, LPVOID context) {
    (void)type;
    (void)data;
    (void)context;
    return dk_win_service_control(control);
}

// Reports SERVICE_STOPPED with `exit_code` (when not reported yet) at exit.
static void dk_service_atexit(void) {
    // Ended without dk_win_service_exit: after a stop that is the stop; before, the SCM would
    // say the process ended unexpectedly, and so does this.
    (void)dk_win_service_exit(InterlockedCompareExchange(&dk_service_stopping, 0, 0) ? 0
                                                                                     : ERROR_PROCESS_ABORTED);
}

static void WINAPI dk_service_main(DWORD argc, LPWSTR *argv) {
    if (argc > 0 && argv != NULL && argv[0] != NULL) {
        size_t length = 0;
        while (length < 256 && argv[0][length] != L'\0') {
            dk_service_name[length] = argv[0][length];
            length++;
        }
        dk_service_name[length] = L'\0';
    }
    SERVICE_STATUS_HANDLE handle = RegisterServiceCtrlHandlerExW(dk_service_name, dk_service_handler, NULL);
    if (handle == NULL) {
        dk_service_register_error = GetLastError();
        SetEvent(dk_service_registered);
        return;
    }
    EnterCriticalSection(&dk_service_lock);
    dk_service_handle = handle;
    ZeroMemory(&dk_service_status, sizeof(dk_service_status));
    dk_service_status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    dk_service_set_state(SERVICE_START_PENDING);
    LeaveCriticalSection(&dk_service_lock);
    dk_service_report(FALSE);
    InterlockedExchange(&dk_service_active, 1);
    HANDLE progress = CreateThread(NULL, 0, dk_service_progress, NULL, 0, NULL);
    if (progress != NULL) CloseHandle(progress);
    SetEvent(dk_service_registered);
}

static DWORD WINAPI dk_service_dispatch(LPVOID unused) {
    (void)unused;
    // For a SERVICE_WIN32_OWN_PROCESS service the name in the table is not used: the SCM passes
    // the service's name to ServiceMain (argv[0]).
    static wchar_t any_name[] = L"";
    SERVICE_TABLE_ENTRYW table[] = {{any_name, dk_service_main}, {NULL, NULL}};
    if (!StartServiceCtrlDispatcherW(table)) return GetLastError();
    return NO_ERROR;
}

int dk_win_service_parent_is_scm(void) {
    int32_t parent = 0, grandparent = 0;
    char name[MAX_PATH];
    if (dk_process_identity((int32_t)GetCurrentProcessId(), &parent, name, sizeof(name)) != 0) return 0;
    if (dk_process_identity(parent, &grandparent, name, sizeof(name)) != 0) return 0;
    return lstrcmpiA(name, "services.exe") == 0;
}

int dk_win_service_start(dk_win_service_deliver_fn deliver, uint32_t wait_hint_ms) {
    (void)InitOnceExecuteOnce(&dk_service_once, dk_service_init, NULL, NULL);
    // Only a child of the SCM can be its service. The dispatcher is not asked otherwise: Wine's
    // connects any process to the control pipe of the service being started, so a program
    // starting at the same moment as a service would take that service's start for its own.
    if (!dk_win_service_parent_is_scm()) return DK_WIN_SERVICE_NOT_STARTED_BY_SCM;
    if (InterlockedCompareExchange(&dk_service_active, 0, 0) != 0 || dk_service_dispatcher != NULL) {
        SetLastError(ERROR_SERVICE_ALREADY_RUNNING);
        return -1;
    }
    dk_service_deliver = deliver;
    dk_service_hint = wait_hint_ms == 0 ? DK_WIN_SERVICE_WAIT_HINT_MS : wait_hint_ms;
    if (dk_service_registered == NULL) dk_service_registered = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (dk_service_progress_wake == NULL) dk_service_progress_wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (dk_service_queue_ready == NULL) dk_service_queue_ready = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (dk_service_registered == NULL || dk_service_progress_wake == NULL || dk_service_queue_ready == NULL) {
        return -1;
    }
    ResetEvent(dk_service_registered);
    HANDLE dispatcher = CreateThread(NULL, 0, dk_service_dispatch, NULL, 0, &dk_service_dispatcher_id);
    if (dispatcher == NULL) return -1;
    HANDLE either[2] = {dk_service_registered, dispatcher};
    DWORD which = WaitForMultipleObjects(2, either, FALSE, INFINITE);
    if (which == WAIT_OBJECT_0 + 1) {
        // The dispatcher returned without starting a service.
        DWORD error = ERROR_GEN_FAILURE;
        (void)GetExitCodeThread(dispatcher, &error);
        CloseHandle(dispatcher);
        if (error == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) return DK_WIN_SERVICE_NOT_STARTED_BY_SCM;
        SetLastError(error == NO_ERROR ? ERROR_GEN_FAILURE : error);
        return -1;
    }
    if (which != WAIT_OBJECT_0) {
        DWORD error = GetLastError();
        CloseHandle(dispatcher);
        SetLastError(error);
        return -1;
    }
    dk_service_dispatcher = dispatcher;
    if (InterlockedCompareExchange(&dk_service_active, 0, 0) == 0) {
        SetLastError(dk_service_register_error);
        return -1;
    }
    HANDLE delivery = CreateThread(NULL, 0, dk_service_delivery, NULL, 0, NULL);
    if (delivery == NULL) {
        DWORD error = GetLastError();
        (void)dk_win_service_exit(ERROR_NOT_ENOUGH_MEMORY);
        SetLastError(error);
        return -1;
    }
    CloseHandle(delivery);
    atexit(dk_service_atexit);
    return DK_WIN_SERVICE_STARTED;
}

int dk_win_service_active(void) { return InterlockedCompareExchange(&dk_service_active, 0, 0) != 0; }

uint32_t dk_win_service_state(void) {
    if (!dk_win_service_active()) return 0;
    EnterCriticalSection(&dk_service_lock);
    DWORD state = dk_service_status.dwCurrentState;
    LeaveCriticalSection(&dk_service_lock);
    return state;
}

const wchar_t *dk_win_service_name(void) { return dk_win_service_active() ? dk_service_name : NULL; }

int dk_win_service_ready(void) {
    if (!dk_win_service_active()) return 0;
    EnterCriticalSection(&dk_service_lock);
    int reported = 0;
    if (dk_service_status.dwCurrentState == SERVICE_START_PENDING) {
        dk_service_set_state(SERVICE_RUNNING);
        reported = 1;
    }
    LeaveCriticalSection(&dk_service_lock);
    if (reported) dk_service_report(FALSE);
    return reported;
}

void dk_win_service_exit_status(uint32_t exit_code, uint32_t *win32_exit_code, uint32_t *specific_exit_code) {
    if (exit_code == 0) {
        *win32_exit_code = NO_ERROR;
        *specific_exit_code = 0;
    } else {
        *win32_exit_code = ERROR_SERVICE_SPECIFIC_ERROR;
        *specific_exit_code = exit_code;
    }
}

uint32_t dk_win_service_signal_exit_code(int signal) {
    // The terminate (or interrupt) that a stop asked for is the service's normal end.
    if ((signal == DK_SIGTERM || signal == 2) && InterlockedCompareExchange(&dk_service_stopping, 0, 0)) {
        return 0;
    }
    return 128u + (uint32_t)signal;
}

int dk_win_service_exit(uint32_t exit_code) {
    if (!dk_win_service_active()) return 0;
    EnterCriticalSection(&dk_service_lock);
    int reported = 0;
    if (dk_service_status.dwCurrentState != SERVICE_STOPPED) {
        uint32_t win32 = 0, specific = 0;
        dk_win_service_exit_status(exit_code, &win32, &specific);
        dk_service_status.dwWin32ExitCode = win32;
        dk_service_status.dwServiceSpecificExitCode = specific;
        dk_service_set_state(SERVICE_STOPPED);
        reported = 1;
    }
    LeaveCriticalSection(&dk_service_lock);
    if (reported) dk_service_report(TRUE);
    // The dispatcher returns once the SCM has taken the stop; not from within itself.
    if (reported && dk_service_dispatcher != NULL && GetCurrentThreadId() != dk_service_dispatcher_id) {
        (void)WaitForSingleObject(dk_service_dispatcher, DK_WIN_SERVICE_EXIT_WAIT_MS);
    }
    return reported;
}
#endif
