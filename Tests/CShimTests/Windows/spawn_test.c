// (e) No handle leaks into children: a child started through dk_win_spawn_detached gets the
// handles it is given and nothing else, even handles this process marked inheritable. The child
// probes handle values this process had open (one inheritable, one not) and reports over the
// one handle it was given. A control child started with a plain CreateProcessW(bInheritHandles
// = TRUE) must see the inheritable one, which shows that the probe can see a leak.
// (f) The launcher writes the daemon's pid frame ('P', 4-byte big-endian length, the pid in decimal)
// to the readiness pipe before the child runs: the frame is the first thing on the pipe, ahead of
// the child's own report, and names the pid CreateProcess gave.
#include "windows_helpers.h"

// Whether `value` names the event called `name` in this process: it must be a valid handle,
// unsignalled, and signalled once the named event is set.
static int same_event(HANDLE value, const wchar_t *name) {
    DWORD flags = 0;
    if (!GetHandleInformation(value, &flags)) return 0;
    HANDLE named = OpenEventW(EVENT_MODIFY_STATE, FALSE, name);
    if (named == NULL) return 0;
    int same = WaitForSingleObject(value, 0) == WAIT_TIMEOUT;
    SetEvent(named);
    same = same && WaitForSingleObject(value, 0) == WAIT_OBJECT_0;
    ResetEvent(named);
    CloseHandle(named);
    return same;
}

static int child(DWORD owner, HANDLE inheritable, HANDLE private_handle, HANDLE report) {
    DWORD flags = 0;
    char line[128];
    snprintf(line, sizeof(line), "inheritable=%d private=%d stdout=%d",
             same_event(inheritable, ck_unique(L"a", owner)),
             same_event(private_handle, ck_unique(L"b", owner)),
             GetStdHandle(STD_OUTPUT_HANDLE) != NULL &&
                 GetHandleInformation(GetStdHandle(STD_OUTPUT_HANDLE), &flags));
    return ck_write_line(report, line) ? 0 : 50;
}

int main(int argc, char **argv) {
    if (argc == 6 && strcmp(argv[1], "child") == 0) {
        return child(strtoul(argv[2], NULL, 10), (HANDLE)(intptr_t)_strtoi64(argv[3], NULL, 10),
                     (HANDLE)(intptr_t)_strtoi64(argv[4], NULL, 10),
                     (HANDLE)(intptr_t)_strtoi64(argv[5], NULL, 10));
    }
    ck_test = "spawn";
    DWORD self = GetCurrentProcessId();
    // Some handles first, so that the probed values are well above what a new process uses.
    for (int i = 0; i < 48; i++) (void)CreateEventW(NULL, TRUE, FALSE, NULL);
    SECURITY_ATTRIBUTES inherit = {sizeof(inherit), NULL, TRUE};
    HANDLE inheritable = CreateEventW(&inherit, TRUE, FALSE, ck_unique(L"a", self));
    HANDLE private_handle = CreateEventW(NULL, TRUE, FALSE, ck_unique(L"b", self));
    HANDLE read_end = NULL, write_end = NULL;
    REQUIRE(inheritable && private_handle && CreatePipe(&read_end, &write_end, NULL, 0), "handles");

    char arguments[128];
    snprintf(arguments, sizeof(arguments), "child %lu %lld %lld %lld", (unsigned long)self,
             (long long)(intptr_t)inheritable, (long long)(intptr_t)private_handle,
             (long long)(intptr_t)write_end);
    intptr_t listed = (intptr_t)write_end;
    uint32_t pid = 0;
    HANDLE process = ck_spawn_self_reporting(arguments, &listed, 1, 0, 0, 0, (intptr_t)write_end, &pid);
    REQUIRE(process != NULL, "start the child through the shim");
    DWORD flags = 0;
    CHECK(GetHandleInformation(write_end, &flags) && (flags & HANDLE_FLAG_INHERIT) == 0,
          "the listed handle is not left inheritable in the parent");
    unsigned char header[5];
    char digits[16] = {0};
    BOOL framed = ck_read_exact(read_end, header, 5, CK_DEADLINE_MS);
    DWORD length =
        framed ? ((DWORD)header[1] << 24 | (DWORD)header[2] << 16 | (DWORD)header[3] << 8 | header[4]) : 0;
    CHECK(framed && header[0] == 'P' && length > 0 && length < sizeof(digits),
          "the first thing on the pipe is a pid frame's header (kind %d, length %lu)",
          framed ? header[0] : -1, (unsigned long)length);
    if (framed && length > 0 && length < sizeof(digits)) {
        CHECK(ck_read_exact(read_end, digits, length, CK_DEADLINE_MS), "read the pid frame's payload");
        char expected[16];
        snprintf(expected, sizeof(expected), "%ld", (long)(int32_t)pid);
        CHECK(strcmp(digits, expected) == 0, "the pid frame names the child (frame %s, CreateProcess %s)",
              digits, expected);
        ck_note("pid frame ahead of the child's report: P %s", digits);
    }
    const char *line = ck_read_line(read_end, CK_DEADLINE_MS);
    CHECK(line != NULL && strcmp(line, "inheritable=0 private=0 stdout=0") == 0,
          "the shim's child sees only the listed handle (report: %s)", line ? line : "(none)");
    ck_note("child started through the shim: %s", line ? line : "(none)");
    CHECK(ck_wait_exit(process, CK_DEADLINE_MS) == 0, "the child exits 0");

    // Control: the same child through plain CreateProcessW with every inheritable handle.
    SetHandleInformation(write_end, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    wchar_t command[MAX_PATH * 4 + 160];
    _snwprintf(command, MAX_PATH * 4 + 159, L"\"%ls\" %hs", ck_self(), arguments);
    command[MAX_PATH * 4 + 159] = L'\0';
    STARTUPINFOW startup;
    ZeroMemory(&startup, sizeof(startup));
    startup.cb = sizeof(startup);
    PROCESS_INFORMATION information;
    REQUIRE(CreateProcessW(ck_self(), command, NULL, NULL, TRUE, DETACHED_PROCESS, NULL, NULL, &startup,
                           &information),
            "start the control child");
    SetHandleInformation(write_end, HANDLE_FLAG_INHERIT, 0);
    CloseHandle(information.hThread);
    ck_track(information.hProcess);
    line = ck_read_line(read_end, CK_DEADLINE_MS);
    CHECK(line != NULL && strncmp(line, "inheritable=1 private=0", 23) == 0,
          "the control child does inherit the inheritable handle (report: %s)", line ? line : "(none)");
    ck_note("control child (plain CreateProcessW, inherit all): %s", line ? line : "(none)");
    CHECK(ck_wait_exit(information.hProcess, CK_DEADLINE_MS) == 0, "the control child exits 0");
    return ck_finish(ck_test);
}
