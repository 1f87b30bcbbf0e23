// (f) Console control events: the handler installed by dk_win_console_install writes 2 for
// Ctrl+C and Ctrl+Break and 15 for close, log-off and shutdown to the wake pipe. First through
// the console itself (GenerateConsoleCtrlEvent, in a console this process allocates if it has
// none); the result says whether Wine delivered the events. Then through the handler's own path
// (dk_win_console_deliver, exactly what the handler runs), including the wait that close /
// log-off / shutdown make until the process has cleaned up or the grace time is over.
#include "windows_helpers.h"

// Reads one byte from `pipe` within `timeout_ms`; -1 when none arrived.
static int read_byte(HANDLE pipe, DWORD timeout_ms) {
    if (ck_wait_readable(pipe, GetTickCount64() + timeout_ms) == 0) return -1;
    unsigned char byte = 0;
    DWORD got = 0;
    if (!ReadFile(pipe, &byte, 1, &got, NULL) || got != 1) return -1;
    return byte;
}

static DWORD WINAPI deliver_thread(LPVOID type) {
    return (DWORD)dk_win_console_deliver((uint32_t)(uintptr_t)type);
}

int main(void) {
    ck_test = "console";
    HANDLE read_end = NULL, wake = NULL;
    REQUIRE(CreatePipe(&read_end, &wake, NULL, 0), "wake pipe");
    CHECK(dk_win_console_deliver(CTRL_C_EVENT) == 0, "nothing is delivered before the handler is installed");
    REQUIRE(dk_win_console_install((intptr_t)wake, 20000) == 0, "install the handler");

    // 1. Real console events.
    BOOL had_console = GetConsoleWindow() != NULL || GetConsoleCP() != 0;
    BOOL console = had_console || AllocConsole();
    int from_break = -1, from_c = -1;
    if (console) {
        if (GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0)) from_break = read_byte(read_end, 5000);
        if (GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0)) from_c = read_byte(read_end, 5000);
    }
    CHECK(from_break == -1 || from_break == 2, "Ctrl+Break arrives as 2 (got %d)", from_break);
    CHECK(from_c == -1 || from_c == 2, "Ctrl+C arrives as 2 (got %d)", from_c);
    ck_note("GenerateConsoleCtrlEvent (console: %s): Ctrl+Break -> %d, Ctrl+C -> %d "
            "(2: delivered by the console to the handler; -1: not delivered here)",
            had_console ? "inherited"
            : console   ? "allocated"
                        : "none",
            from_break, from_c);

    // 2. The handler's own path.
    CHECK(dk_win_console_deliver(CTRL_C_EVENT) == 1 && read_byte(read_end, CK_DEADLINE_MS) == 2,
          "Ctrl+C -> 2");
    CHECK(dk_win_console_deliver(CTRL_BREAK_EVENT) == 1 && read_byte(read_end, CK_DEADLINE_MS) == 2,
          "Ctrl+Break -> 2");
    CHECK(dk_win_console_deliver(3) == 0, "an unknown event is not handled");
    CHECK(dk_win_console_signal(CTRL_CLOSE_EVENT) == 15 && dk_win_console_signal(CTRL_LOGOFF_EVENT) == 15 &&
              dk_win_console_signal(CTRL_SHUTDOWN_EVENT) == 15 && dk_win_console_signal(CTRL_C_EVENT) == 2,
          "the mapping");

    // Log-off with a short grace and no cleanup: the handler returns after the grace.
    REQUIRE(dk_win_console_install((intptr_t)wake, 300) == 0, "reinstall with a short grace");
    HANDLE thread = CreateThread(NULL, 0, deliver_thread, (LPVOID)(uintptr_t)CTRL_LOGOFF_EVENT, 0, NULL);
    CHECK(read_byte(read_end, CK_DEADLINE_MS) == 15, "log-off -> 15");
    DWORD result = 0;
    CHECK(WaitForSingleObject(thread, CK_DEADLINE_MS) == WAIT_OBJECT_0 &&
              GetExitCodeThread(thread, &result) && result == 1,
          "the log-off handler returns once the grace is over");
    CloseHandle(thread);

    // Close with a long grace: the handler holds on until the process says it has cleaned up.
    REQUIRE(dk_win_console_install((intptr_t)wake, CK_DEADLINE_MS * 3) == 0, "reinstall with a long grace");
    thread = CreateThread(NULL, 0, deliver_thread, (LPVOID)(uintptr_t)CTRL_CLOSE_EVENT, 0, NULL);
    CHECK(read_byte(read_end, CK_DEADLINE_MS) == 15, "close -> 15");
    CHECK(WaitForSingleObject(thread, 500) == WAIT_TIMEOUT, "the close handler waits for the cleanup");
    dk_win_console_cleanup_done();
    CHECK(WaitForSingleObject(thread, CK_DEADLINE_MS) == WAIT_OBJECT_0 &&
              GetExitCodeThread(thread, &result) && result == 1,
          "the close handler returns once the process has cleaned up");
    CloseHandle(thread);
    CHECK(read_byte(read_end, 0) == -1, "nothing else was written");
    return ck_finish(ck_test);
}
