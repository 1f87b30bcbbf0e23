// (b) The sentinel: a "daemon" child starts a sentinel (this executable again, through
// dk_win_spawn_sentinel); the sentinel's initializer runs before main, waits for the daemon,
// and ends with it (exit 0), whether the daemon exits or is killed. A sentinel whose variable
// holds no usable process handle exits 2 at once. If the initializer were not registered, the
// sentinel would reach main, which exits 98: the test tells the two apart.
//
// Built twice by wine.sh: with the GCC constructor (the MinGW registration) and with
// DK_SENTINEL_CRT_SECTION (a pointer in .CRT$XCU, the table MSVC's start-up code walks).
#include "windows_helpers.h"

// The daemon: starts its sentinel, reports the sentinel's pid on `report`, waits to be stopped.
static int daemon_main(DWORD owner, HANDLE report) {
    HANDLE stop = OpenEventW(SYNCHRONIZE, FALSE, ck_unique(L"stop", owner));
    if (stop == NULL) return 20;
    wchar_t command[MAX_PATH * 4 + 32];
    _snwprintf(command, MAX_PATH * 4 + 31, L"\"%ls\" sentinel-main", ck_self());
    command[MAX_PATH * 4 + 31] = L'\0';
    intptr_t sentinel = 0;
    uint32_t pid = 0;
    if (dk_win_spawn_sentinel(ck_self(), command, NULL, &sentinel, &pid) != 0) return 21;
    char text[32];
    snprintf(text, sizeof(text), "%lu", (unsigned long)pid);
    if (!ck_write_line(report, text)) return 22;
    CloseHandle(report);
    if (WaitForSingleObject(stop, CK_DEADLINE_MS * 2) != WAIT_OBJECT_0) return 23;
    return 0;
}

// Starts a daemon child and returns it; *sentinel receives its sentinel, opened here.
static HANDLE start_daemon(DWORD self, HANDLE *sentinel, DWORD *sentinel_pid) {
    HANDLE read_end = NULL, write_end = NULL;
    if (!CreatePipe(&read_end, &write_end, NULL, 0)) return NULL;
    char arguments[64];
    snprintf(arguments, sizeof(arguments), "daemon %lu %lld", (unsigned long)self,
             (long long)(intptr_t)write_end);
    intptr_t inherit = (intptr_t)write_end;
    HANDLE daemon = ck_spawn_self(arguments, &inherit, 1, 0, 0, 0, NULL);
    CloseHandle(write_end);
    if (daemon == NULL) return NULL;
    const char *line = ck_read_line(read_end, CK_DEADLINE_MS);
    CloseHandle(read_end);
    if (line == NULL) return daemon;
    *sentinel_pid = strtoul(line, NULL, 10);
    *sentinel = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, *sentinel_pid);
    if (*sentinel != NULL) ck_track(*sentinel);
    return daemon;
}

// Starts this executable with DAEMONIKER_SENTINEL=value; returns its exit code.
static DWORD bad_sentinel(const wchar_t *value) {
    SetEnvironmentVariableW(DK_WIN_SENTINEL_VARIABLE, value);
    HANDLE process = ck_spawn_self("sentinel-main", NULL, 0, 0, 0, 0, NULL);
    SetEnvironmentVariableW(DK_WIN_SENTINEL_VARIABLE, NULL);
    if (process == NULL) return 0xFFFFFFFDu;
    return ck_wait_exit(process, CK_DEADLINE_MS);
}

int main(int argc, char **argv) {
    // Reached in a sentinel only if the initializer did not run (or returned): a failure.
    if (GetEnvironmentVariableW(DK_WIN_SENTINEL_VARIABLE, NULL, 0) != 0) return 98;
    if (argc == 2 && strcmp(argv[1], "sentinel-main") == 0) return 97;
    if (argc == 4 && strcmp(argv[1], "daemon") == 0) {
        return daemon_main(strtoul(argv[2], NULL, 10), (HANDLE)(intptr_t)_strtoi64(argv[3], NULL, 10));
    }
#if defined(DK_SENTINEL_CRT_SECTION)
    ck_test = "sentinel (.CRT$XCU)";
#else
    ck_test = "sentinel (constructor)";
#endif
    DWORD self = GetCurrentProcessId();
    HANDLE stop = CreateEventW(NULL, TRUE, FALSE, ck_unique(L"stop", self));
    REQUIRE(stop != NULL, "event");

    // 1. The daemon exits: its sentinel waits until then, and ends with exit code 0.
    HANDLE sentinel = NULL;
    DWORD sentinel_pid = 0;
    HANDLE daemon = start_daemon(self, &sentinel, &sentinel_pid);
    REQUIRE(daemon != NULL, "start the daemon");
    REQUIRE(sentinel != NULL, "the daemon reports a sentinel that exists (daemon exit %lu)",
            (unsigned long)ck_wait_exit(daemon, 0));
    // Not a synchronisation: the sentinel must not end on its own (as with exit code 2 at once),
    // so it must still be there after a while.
    DWORD early = WaitForSingleObject(sentinel, 1500);
    CHECK(early == WAIT_TIMEOUT, "the sentinel waits while its daemon runs (exit %lu)",
          (unsigned long)ck_wait_exit(sentinel, 0));
    SetEvent(stop);
    CHECK(ck_wait_exit(daemon, CK_DEADLINE_MS) == 0, "the daemon exits 0");
    DWORD code = ck_wait_exit(sentinel, CK_DEADLINE_MS);
    CHECK(code == DK_WIN_SENTINEL_EXIT_DAEMON_GONE,
          "the sentinel ends with its daemon, exit 0 (got %lu; 98 = main ran: initializer not registered)",
          (unsigned long)code);
    ck_note("sentinel %lu ended with its daemon: exit %lu", (unsigned long)sentinel_pid, (unsigned long)code);
    ResetEvent(stop);

    // 2. The daemon is killed: the sentinel ends too.
    sentinel = NULL;
    daemon = start_daemon(self, &sentinel, &sentinel_pid);
    REQUIRE(daemon != NULL && sentinel != NULL, "start the second daemon and its sentinel");
    TerminateProcess(daemon, 7);
    CHECK(ck_wait_exit(daemon, CK_DEADLINE_MS) == 7, "the daemon is killed");
    code = ck_wait_exit(sentinel, CK_DEADLINE_MS);
    CHECK(code == DK_WIN_SENTINEL_EXIT_DAEMON_GONE, "the sentinel ends with a killed daemon (got %lu)",
          (unsigned long)code);

    // 3. Unusable values: exit 2 before main, never a second copy of the program.
    const wchar_t *bad[] = {L"abc", L"0", L"18446744073709551615", L"123456789012345678901234", L"12x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        DWORD exit_code = bad_sentinel(bad[i]);
        CHECK(exit_code == DK_WIN_SENTINEL_EXIT_BAD_HANDLE, "DAEMONIKER_SENTINEL=%ls exits 2 (got %lu)",
              bad[i], (unsigned long)exit_code);
    }
    return ck_finish(ck_test);
}
