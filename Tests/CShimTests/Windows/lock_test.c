// (a) The pid-file lock survives the launcher: a launcher process locks the pid file, hands the
// lock over to the daemon it starts (with the pid file's handle inherited), and exits. A second
// starter then loses, a starter during the handover loses, and once the daemon ends a third
// starter wins. Also: the pid text stays readable under the lock, and the probe (status) says
// starting / running / free at each step.
#include "windows_helpers.h"

#define PID_FILE L"lock.pid"

static HANDLE open_event(const wchar_t *what, DWORD owner) {
    return OpenEventW(SYNCHRONIZE | EVENT_MODIFY_STATE, FALSE, ck_unique(what, owner));
}

// The launcher: lock, hand over, wait for the go-ahead, start the daemon, wait until it holds the
// lock, let go of the starting byte, exit. Exit codes name the step that failed.
static int launcher(DWORD owner) {
    HANDLE handover = open_event(L"handover", owner), proceed = open_event(L"proceed", owner);
    if (handover == NULL || proceed == NULL) return 10;
    intptr_t file = 0;
    if (dk_win_pidlock_open(PID_FILE, &file) != 0) return 11;
    if (dk_win_pidlock_acquire(file, 5000) != DK_WIN_PIDLOCK_FREE) return 12;
    if (dk_win_pidlock_hand_over(file) != 0) return 13;
    SetEvent(handover);
    if (WaitForSingleObject(proceed, CK_DEADLINE_MS) != WAIT_OBJECT_0) return 14;
    char arguments[128];
    snprintf(arguments, sizeof(arguments), "daemon %lu %lld", (unsigned long)owner, (long long)file);
    HANDLE daemon = ck_spawn_self(arguments, &file, 1, 0, 0, 0, NULL);
    if (daemon == NULL) return 15;
    if (dk_win_pidlock_wait_taken(file, (intptr_t)daemon, CK_DEADLINE_MS) != 0) return 16;
    if (dk_win_pidlock_finish_start(file) != 0) return 17;
    CloseHandle(daemon);
    CloseHandle((HANDLE)file);
    return 0;  // The lock is the daemon's now; nothing of it is released by this exit.
}

// The daemon: take the main byte through the inherited handle, write the pid, wait to be stopped,
// and exit without unlocking (the lock must end with the process).
static int daemon_main(DWORD owner, intptr_t file) {
    HANDLE stop = open_event(L"stop", owner);
    if (stop == NULL) return 20;
    if (dk_win_pidlock_take_over(file, 5000) != 0) return 21;
    char text[32];
    int length = snprintf(text, sizeof(text), "%lu\n", (unsigned long)GetCurrentProcessId());
    DWORD written = 0;
    if (SetFilePointer((HANDLE)file, 0, NULL, FILE_BEGIN) != 0) return 22;
    if (!WriteFile((HANDLE)file, text, (DWORD)length, &written, NULL) || written != (DWORD)length) return 23;
    if (!SetEndOfFile((HANDLE)file)) return 24;
    if (WaitForSingleObject(stop, CK_DEADLINE_MS * 2) != WAIT_OBJECT_0) return 25;
    return 0;
}

// A starter in this process: opens the pid file, tries to lock it, releases what it got.
static int starter(void) {
    intptr_t file = 0;
    if (dk_win_pidlock_open(PID_FILE, &file) != 0) return -1;
    int result = dk_win_pidlock_acquire(file, 2000);
    if (result == DK_WIN_PIDLOCK_FREE) dk_win_pidlock_release(file);
    CloseHandle((HANDLE)file);
    return result;
}

static int probe(void) {
    intptr_t file = 0;
    if (dk_win_pidlock_open(PID_FILE, &file) != 0) return -1;
    int result = dk_win_pidlock_probe(file);
    CloseHandle((HANDLE)file);
    return result;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "launcher") == 0) return launcher(strtoul(argv[2], NULL, 10));
    if (argc == 4 && strcmp(argv[1], "daemon") == 0) {
        return daemon_main(strtoul(argv[2], NULL, 10), (intptr_t)_strtoi64(argv[3], NULL, 10));
    }
    ck_test = "lock";
    DWORD self = GetCurrentProcessId();
    DeleteFileW(PID_FILE);
    HANDLE handover = CreateEventW(NULL, TRUE, FALSE, ck_unique(L"handover", self));
    HANDLE proceed = CreateEventW(NULL, TRUE, FALSE, ck_unique(L"proceed", self));
    HANDLE stop = CreateEventW(NULL, TRUE, FALSE, ck_unique(L"stop", self));
    REQUIRE(handover && proceed && stop, "events");

    char arguments[64];
    snprintf(arguments, sizeof(arguments), "launcher %lu", (unsigned long)self);
    HANDLE launcher_process = ck_spawn_self(arguments, NULL, 0, 0, 0, 0, NULL);
    REQUIRE(launcher_process != NULL, "start the launcher");
    HANDLE either[2] = {handover, launcher_process};
    DWORD woke = WaitForMultipleObjects(2, either, FALSE, CK_DEADLINE_MS);
    REQUIRE(woke == WAIT_OBJECT_0, "the launcher reaches the handover (woke %lu, exit %lu)",
            (unsigned long)woke, (unsigned long)ck_wait_exit(launcher_process, 0));

    // During the handover: main byte free, starting byte held by the launcher.
    CHECK(probe() == DK_WIN_PIDLOCK_STARTING, "status during the handover is 'starting'");
    int during = starter();
    CHECK(during == DK_WIN_PIDLOCK_STARTING, "a starter during the handover loses (got %d)", during);
    ck_note("starter during the handover: %d (2 = starting: lost)", during);
    SetEvent(proceed);

    DWORD launcher_exit = ck_wait_exit(launcher_process, CK_DEADLINE_MS);
    REQUIRE(launcher_exit == 0, "the launcher hands over and exits 0 (exit %lu)",
            (unsigned long)launcher_exit);

    // The daemon writes its pid after taking the lock; wait for the text.
    unsigned long daemon_pid = 0;
    ULONGLONG deadline = GetTickCount64() + CK_DEADLINE_MS;
    while (daemon_pid == 0 && GetTickCount64() < deadline) {
        char *text = ck_read_file("lock.pid", NULL);
        if (text != NULL && strchr(text, '\n') != NULL) daemon_pid = strtoul(text, NULL, 10);
        free(text);
        if (daemon_pid == 0) Sleep(5);
    }
    REQUIRE(daemon_pid != 0, "the pid text is readable while the daemon holds the lock");
    HANDLE daemon = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, daemon_pid);
    REQUIRE(daemon != NULL, "open the daemon %lu", daemon_pid);
    ck_track(daemon);

    // The launcher is gone: the lock must be the daemon's own.
    CHECK(WaitForSingleObject(daemon, 0) == WAIT_TIMEOUT, "the daemon runs");
    CHECK(probe() == DK_WIN_PIDLOCK_RUNNING, "status after the launcher exited is 'running'");
    int second = starter();
    CHECK(second == DK_WIN_PIDLOCK_RUNNING, "a second starter loses after the launcher exited (got %d)",
          second);
    ck_note("second starter after the launcher exited: %d (1 = running: lost)", second);

    SetEvent(stop);
    DWORD daemon_exit = ck_wait_exit(daemon, CK_DEADLINE_MS);
    CHECK(daemon_exit == 0, "the daemon ends cleanly (exit %lu)", (unsigned long)daemon_exit);

    CHECK(probe() == DK_WIN_PIDLOCK_FREE, "status after the daemon ended is 'free' (stale file)");
    intptr_t file = 0;
    REQUIRE(dk_win_pidlock_open(PID_FILE, &file) == 0, "open the pid file");
    int third = dk_win_pidlock_acquire(file, 2000);
    CHECK(third == DK_WIN_PIDLOCK_FREE, "a third starter wins once the daemon ended (got %d)", third);
    ck_note("third starter after the daemon ended: %d (0 = locked: won)", third);
    CHECK(probe() == DK_WIN_PIDLOCK_RUNNING, "status while a starter holds both bytes is 'running'");
    CHECK(dk_win_pidlock_release(file) == 0, "release");
    CHECK(probe() == DK_WIN_PIDLOCK_FREE, "status after release is 'free'");
    CloseHandle((HANDLE)file);
    return ck_finish(ck_test);
}
