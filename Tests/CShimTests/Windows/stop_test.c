// (i) The keeper's child: COMMAND in a job object that ends with the keeper, and the stop that
// escalates Ctrl+C -> WM_CLOSE -> TerminateProcess. Run under a pseudo-terminal (wine.sh), so
// this process has a console and shares it with its children (Ctrl+C to COMMAND's process
// group); a "keeper" child started detached has none, and sends Ctrl+C by attaching to its
// child's own console. Children:
//  - ctrlc: turns Ctrl+C on (it starts ignored in a new process group) and exits 21 on it;
//  - window: ignores Ctrl+C, has a hidden top-level window and a message loop; exits 22 on WM_CLOSE;
//  - stubborn: ignores Ctrl+C, no window: only TerminateProcess ends it;
//  - tree: starts a stubborn grandchild (named on its output), then is stubborn itself.
#include "windows_helpers.h"

#define DK_WAIT_STEP_MS 3000u

static HANDLE handled = NULL;

static BOOL WINAPI on_ctrl(DWORD type) {
    if (type != CTRL_C_EVENT) return FALSE;
    SetEvent(handled);
    return TRUE;
}

static LRESULT CALLBACK window_procedure(HWND window, UINT message, WPARAM w, LPARAM l) {
    if (message == WM_CLOSE) {
        DestroyWindow(window);
        return 0;
    }
    if (message == WM_DESTROY) {
        PostQuitMessage(22);
        return 0;
    }
    return DefWindowProcW(window, message, w, l);
}

static void say(const char *line) {
    printf("%s\n", line);
    fflush(stdout);
}

static int child_main(const char *mode) {
    if (strcmp(mode, "ctrlc") == 0) {
        handled = CreateEventW(NULL, TRUE, FALSE, NULL);
        SetConsoleCtrlHandler(on_ctrl, TRUE);
        SetConsoleCtrlHandler(NULL, FALSE);
        say("ready");
        return WaitForSingleObject(handled, 60000) == WAIT_OBJECT_0 ? 21 : 29;
    }
    SetConsoleCtrlHandler(NULL, TRUE);
    if (strcmp(mode, "window") == 0) {
        WNDCLASSW class;
        ZeroMemory(&class, sizeof(class));
        class.lpfnWndProc = window_procedure;
        class.hInstance = GetModuleHandleW(NULL);
        class.lpszClassName = L"dk-stop-test";
        if (RegisterClassW(&class) == 0) return 27;
        HWND window = CreateWindowExW(0, L"dk-stop-test", L"dk", WS_OVERLAPPEDWINDOW, 0, 0, 10, 10, NULL,
                                      NULL, class.hInstance, NULL);
        if (window == NULL) return 28;
        SetTimer(NULL, 0, 60000, NULL);
        say("ready");
        MSG message;
        while (GetMessageW(&message, NULL, 0, 0) > 0) {
            if (message.message == WM_TIMER) return 29;
            TranslateMessage(&message);
            DispatchMessageW(&message);
        }
        return (int)message.wParam;
    }
    if (strcmp(mode, "tree") == 0) {
        wchar_t command[MAX_PATH * 4 + 32];
        _snwprintf(command, MAX_PATH * 4 + 31, L"\"%ls\" child stubborn", ck_self());
        command[MAX_PATH * 4 + 31] = L'\0';
        STARTUPINFOW startup;
        ZeroMemory(&startup, sizeof(startup));
        startup.cb = sizeof(startup);
        PROCESS_INFORMATION info;
        if (!CreateProcessW(ck_self(), command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info)) return 26;
        printf("G %lu\n", (unsigned long)info.dwProcessId);
        fflush(stdout);
    }
    say("ready");
    Sleep(60000);
    return 29;
}

// Starts `mode` in `job` with its standard output on a pipe; waits for its "ready".
static HANDLE start_child(intptr_t job, const char *mode, uint32_t *pid, HANDLE *output) {
    HANDLE read_end = NULL, write_end = NULL;
    if (!CreatePipe(&read_end, &write_end, NULL, 0)) return NULL;
    wchar_t command[MAX_PATH * 4 + 32];
    _snwprintf(command, MAX_PATH * 4 + 31, L"\"%ls\" child %hs", ck_self(), mode);
    command[MAX_PATH * 4 + 31] = L'\0';
    intptr_t process = 0;
    int started =
        dk_win_job_spawn(job, ck_self(), command, NULL, NULL, 0, (intptr_t)write_end, 0, &process, pid);
    CloseHandle(write_end);
    if (started != 0) {
        CloseHandle(read_end);
        return NULL;
    }
    ck_track((HANDLE)process);
    *output = read_end;
    return (HANDLE)process;
}

// Reads lines until "ready"; a "G <pid>" line before it names the grandchild.
static BOOL wait_ready(HANDLE output, DWORD *grandchild) {
    for (;;) {
        const char *line = ck_read_line(output, CK_DEADLINE_MS);
        if (line == NULL) return FALSE;
        if (strncmp(line, "G ", 2) == 0 && grandchild != NULL) *grandchild = strtoul(line + 2, NULL, 10);
        if (strncmp(line, "ready", 5) == 0) return TRUE;  // "ready\r": the C runtime's text mode.
    }
}

// One escalation on a child of `mode`: the step that ended it and its exit code.
static int stop_one(const char *mode, DWORD *exit_code) {
    intptr_t job = 0;
    if (dk_win_job_create(&job) != 0) return -10;
    uint32_t pid = 0;
    HANDLE output = NULL;
    HANDLE child = start_child(job, mode, &pid, &output);
    if (child == NULL) return -11;
    int step = wait_ready(output, NULL) ? dk_win_stop_escalate((intptr_t)child, pid, job, DK_WAIT_STEP_MS,
                                                               DK_WAIT_STEP_MS, CK_DEADLINE_MS, 77)
                                        : -12;
    *exit_code = ck_wait_exit(child, CK_DEADLINE_MS);
    CloseHandle(output);
    CloseHandle((HANDLE)job);
    return step;
}

// The detached keeper: no console; stops a ctrlc child (Ctrl+C through the child's own console)
// and exits 100 + step when the child ended by its Ctrl+C handler, 110 + step when it ended
// otherwise, 90 + something when it could not be run.
static int keeper_main(void) {
    if (dk_win_has_console()) return 90;
    DWORD code = 0;
    int step = stop_one("ctrlc", &code);
    if (step < 0) return 91;
    return code == 21 ? 100 + step : 110 + step;
}

// A keeper that starts a tree (child and grandchild) in its job and then waits to be ended.
static int tree_keeper_main(HANDLE report) {
    intptr_t job = 0;
    if (dk_win_job_create(&job) != 0) return 93;
    uint32_t pid = 0;
    HANDLE output = NULL;
    if (start_child(job, "tree", &pid, &output) == NULL) return 94;
    DWORD grandchild = 0;
    if (!wait_ready(output, &grandchild) || grandchild == 0) return 95;
    char line[64];
    snprintf(line, sizeof(line), "%lu %lu", (unsigned long)pid, (unsigned long)grandchild);
    if (!ck_write_line(report, line)) return 96;
    Sleep(60000);  // Ended from outside by the test.
    return 97;
}

static void test_escalation_with_console(void) {
    CHECK(dk_win_has_console(), "this test runs with a console (under a pseudo-terminal)");
    DWORD code = 0;
    int step = stop_one("ctrlc", &code);
    CHECK(step == DK_WIN_STOP_CTRL_C && code == 21,
          "Ctrl+C to its group ends a child that handles it (step %d, exit %lu)", step, (unsigned long)code);
    step = stop_one("window", &code);
    CHECK(step == DK_WIN_STOP_CLOSE && code == 22,
          "WM_CLOSE ends a child that ignores Ctrl+C but has a window (step %d, exit %lu)", step,
          (unsigned long)code);
    step = stop_one("stubborn", &code);
    CHECK(step == DK_WIN_STOP_TERMINATE && code == 77,
          "a child that ignores both is terminated (step %d, exit %lu)", step, (unsigned long)code);
}

static void test_escalation_without_console(void) {
    HANDLE keeper = ck_spawn_self("keeper", NULL, 0, 0, 0, 0, NULL);
    REQUIRE(keeper != NULL, "start a detached keeper");
    DWORD code = ck_wait_exit(keeper, CK_DEADLINE_MS * 2);
    // On Windows the Ctrl+C step ends it (101). Wine 8 gives a child of a detached process no
    // console to attach to, so there the step is skipped and TerminateProcess ends it (113):
    // either way the escalation goes on until the child has ended.
    CHECK(code == 100 + DK_WIN_STOP_CTRL_C || code == 110 + DK_WIN_STOP_TERMINATE,
          "a keeper without a console stops its child (exit %lu)", (unsigned long)code);
    ck_note("without a console: %s",
            code == 100 + DK_WIN_STOP_CTRL_C      ? "Ctrl+C through the child's console ended it"
            : code == 110 + DK_WIN_STOP_TERMINATE ? "no console to attach to here; TerminateProcess ended it"
                                                  : "failed");
}

static void test_tree_ends_with_keeper(void) {
    HANDLE read_end = NULL, write_end = NULL;
    REQUIRE(CreatePipe(&read_end, &write_end, NULL, 0), "pipe");
    char arguments[64];
    snprintf(arguments, sizeof(arguments), "tree-keeper %lld", (long long)(intptr_t)write_end);
    intptr_t inherit = (intptr_t)write_end;
    HANDLE keeper = ck_spawn_self(arguments, &inherit, 1, 0, 0, 0, NULL);
    CloseHandle(write_end);
    REQUIRE(keeper != NULL, "start the keeper");
    const char *line = ck_read_line(read_end, CK_DEADLINE_MS);
    REQUIRE(line != NULL, "the keeper names its child and grandchild");
    unsigned long child_pid = 0, grandchild_pid = 0;
    REQUIRE(sscanf(line, "%lu %lu", &child_pid, &grandchild_pid) == 2, "two pids (%s)", line);
    HANDLE child = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE, FALSE, child_pid);
    HANDLE grandchild = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE, FALSE, grandchild_pid);
    REQUIRE(child != NULL && grandchild != NULL, "open both");
    ck_track(child);
    ck_track(grandchild);
    CHECK(WaitForSingleObject(grandchild, 200) == WAIT_TIMEOUT, "the grandchild runs");
    TerminateProcess(keeper, 1);  // The keeper dies; its job handle closes with it.
    CHECK(WaitForSingleObject(child, CK_DEADLINE_MS) == WAIT_OBJECT_0, "the child ended with the keeper");
    CHECK(WaitForSingleObject(grandchild, CK_DEADLINE_MS) == WAIT_OBJECT_0,
          "the grandchild ended with the keeper");
    CloseHandle(read_end);
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "child") == 0) return child_main(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "keeper") == 0) return keeper_main();
    if (argc >= 3 && strcmp(argv[1], "tree-keeper") == 0) {
        return tree_keeper_main((HANDLE)(intptr_t)_strtoi64(argv[2], NULL, 10));
    }
    ck_test = "stop";
    ck_run("stop: escalation with a shared console", test_escalation_with_console);
    ck_run("stop: Ctrl+C without a console", test_escalation_without_console);
    ck_run("job: the tree ends with the keeper", test_tree_ends_with_keeper);
    return ck_finish("stop");
}
