// (d) Standard streams. Two children write through every layer a program writes through: C stdio
// (printf, puts, fputs, fwrite: Swift's print writes to the stdout FILE), the C runtime's
// descriptors (_write) and the Win32 handles (WriteFile on GetStdHandle); then they rename the
// log and redirect again (rotation), write again, and end themselves with TerminateProcess, so
// no C runtime buffer is flushed at exit: everything must already be in the files.
//
// "std": started (as the launcher starts the daemon) with the log files as its standard handles;
// it redirects onto them again with dk_win_redirect_standard, as the daemon does. Every layer
// must reach the logs.
// "none": started with no standard handles at all, then redirected. Descriptors and Win32 handles
// must reach the logs; the FILE streams must too, unless the C runtime refuses to reopen a stream
// that has no descriptor, which Wine's does (dk_win_redirect_standard then says so, and the test
// checks that it says so only under Wine).
#include "windows_helpers.h"

#include <io.h>

static void win32_write(DWORD which, const char *text) {
    DWORD written = 0;
    WriteFile(GetStdHandle(which), text, (DWORD)strlen(text), &written, NULL);
}

static void write_everywhere(const char *tag) {
    printf("printf-out %s\n", tag);
    puts("puts-out");
    fputs("fputs-out\n", stdout);
    fwrite("fwrite-out\n", 1, 11, stdout);
    fprintf(stderr, "fprintf-err %s\n", tag);
    fputs("fputs-err\n", stderr);
    (void)!_write(1, "write1-out\n", 11);
    (void)!_write(2, "write2-err\n", 11);
    win32_write(STD_OUTPUT_HANDLE, "win32-out\n");
    win32_write(STD_ERROR_HANDLE, "win32-err\n");
}

static BOOL under_wine(void) {
    return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != NULL;
}

static int child(BOOL inherited) {
    // What the process starts with (reported in the log below).
    int initial_fileno = _fileno(stdout);
    HANDLE initial_handle = GetStdHandle(STD_OUTPUT_HANDLE);
    intptr_t out = (intptr_t)initial_handle, err = (intptr_t)GetStdHandle(STD_ERROR_HANDLE), in = 0;
    if (inherited) {
        in = (intptr_t)GetStdHandle(STD_INPUT_HANDLE);
    } else if (dk_win_open_log(L"out.log", 1, &out) != 0 || dk_win_open_log(L"err.log", 0, &err) != 0) {
        return 40;
    }
    int results[3] = {dk_win_redirect_standard(0, in), dk_win_redirect_standard(1, out),
                      dk_win_redirect_standard(2, err)};
    for (int i = 0; i < 3; i++) {
        if (results[i] != 0 && results[i] != DK_WIN_STDIO_STREAM_UNBOUND) return 41 + i;
    }
    if (!inherited) {
        CloseHandle((HANDLE)out);
        CloseHandle((HANDLE)err);
    }
    char line[256];
    int length =
        snprintf(line, sizeof(line),
                 "initial fileno(stdout)=%d GetStdHandle(STD_OUTPUT_HANDLE)=%p now fileno(stdout)=%d "
                 "results=%d,%d,%d wine=%d\n",
                 initial_fileno, (void *)initial_handle, _fileno(stdout), results[0], results[1], results[2],
                 (int)under_wine());
    (void)!_write(1, line, (unsigned)length);
    write_everywhere("one");
    char byte;
    DWORD got = 99;
    int c = results[0] == 0 ? fgetc(stdin) : -1;
    int r = _read(0, &byte, 1);
    BOOL w = ReadFile(GetStdHandle(STD_INPUT_HANDLE), &byte, 1, &got, NULL);
    length = snprintf(line, sizeof(line), "stdin fgetc=%d _read=%d ReadFile=%d/%lu\n", c, r, (int)w,
                      (unsigned long)got);
    (void)!_write(1, line, (unsigned)length);

    // Rotation: the old file keeps what was written; the new one gets what follows.
    if (!MoveFileW(L"out.log", L"out.1.log")) return 44;
    if (dk_win_open_log(L"out.log", 1, &out) != 0) return 45;
    int again = dk_win_redirect_standard(1, out);
    if (again != results[1]) return 46;
    CloseHandle((HANDLE)out);
    write_everywhere("two");
    TerminateProcess(GetCurrentProcess(), 0);  // No exit-time flush.
    return 47;
}

// Checks that `needles` occur in `text` in this order.
static void expect_in_order(const char *what, const char *text, const char *const *needles, size_t count) {
    const char *at = text == NULL ? "" : text;
    for (size_t i = 0; i < count; i++) {
        if (needles[i] == NULL) continue;
        const char *found = strstr(at, needles[i]);
        CHECK(found != NULL, "%s holds \"%s\" (in order); it holds:\n%s", what, needles[i],
              text ? text : "(nothing)");
        if (found == NULL) return;
        at = found + strlen(needles[i]);
    }
}

static void run(BOOL inherited) {
    const char *mode = inherited ? "std" : "none";
    const wchar_t *files[] = {L"out.log", L"out.1.log", L"err.log"};
    for (int i = 0; i < 3; i++) {
        CHECK(DeleteFileW(files[i]) || GetLastError() == ERROR_FILE_NOT_FOUND, "delete %ls", files[i]);
    }
    intptr_t in = 0, out = 0, err = 0;
    if (inherited) {
        in = (intptr_t)CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                                   OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        REQUIRE((HANDLE)in != INVALID_HANDLE_VALUE, "open NUL");
        REQUIRE(dk_win_open_log(L"out.log", 1, &out) == 0 && dk_win_open_log(L"err.log", 0, &err) == 0,
                "open logs");
    }
    char arguments[32];
    snprintf(arguments, sizeof(arguments), "child %s", mode);
    HANDLE process = ck_spawn_self(arguments, NULL, 0, in, out, err, NULL);
    REQUIRE(process != NULL, "start the child");
    if (inherited) {
        CloseHandle((HANDLE)in);
        CloseHandle((HANDLE)out);
        CloseHandle((HANDLE)err);
    }
    DWORD code = ck_wait_exit(process, CK_DEADLINE_MS);
    CHECK(code == 0, "%s: the child ran to its end (exit %lu)", mode, (unsigned long)code);

    char *first = ck_read_file("out.1.log", NULL), *second = ck_read_file("out.log", NULL);
    char *errors = ck_read_file("err.log", NULL);
    int results[3] = {-9, -9, -9}, wine = -1;
    const char *report = first == NULL ? NULL : strstr(first, "results=");
    if (report != NULL) {
        sscanf(report, "results=%d,%d,%d wine=%d", &results[0], &results[1], &results[2], &wine);
    }
    CHECK(results[1] == 0 || (results[1] == DK_WIN_STDIO_STREAM_UNBOUND && wine == 1 && !inherited),
          "%s: stdout's FILE stream is bound (only Wine may refuse, and only without standard handles): %d",
          mode, results[1]);
    CHECK(results[2] == 0 || (results[2] == DK_WIN_STDIO_STREAM_UNBOUND && wine == 1 && !inherited),
          "%s: stderr's FILE stream is bound: %d", mode, results[2]);
    BOOL out_stdio = results[1] == 0, err_stdio = results[2] == 0;
    const char *out_one[] = {inherited ? "initial fileno(stdout)=1 " : "initial fileno(stdout)=-2 ",
                             out_stdio ? "printf-out one\n" : NULL,
                             out_stdio ? "puts-out\n" : NULL,
                             out_stdio ? "fputs-out\n" : NULL,
                             out_stdio ? "fwrite-out\n" : NULL,
                             "write1-out\n",
                             "win32-out\n",
                             results[0] == 0 ? "stdin fgetc=-1 _read=0 ReadFile=1/0\n"
                                             : "_read=0 ReadFile=1/0\n"};
    const char *out_two[] = {out_stdio ? "printf-out two\n" : NULL,
                             out_stdio ? "puts-out\n" : NULL,
                             out_stdio ? "fputs-out\n" : NULL,
                             out_stdio ? "fwrite-out\n" : NULL,
                             "write1-out\n",
                             "win32-out\n"};
    const char *err_all[] = {err_stdio ? "fprintf-err one\n" : NULL,
                             err_stdio ? "fputs-err\n" : NULL,
                             "write2-err\n",
                             "win32-err\n",
                             err_stdio ? "fprintf-err two\n" : NULL,
                             err_stdio ? "fputs-err\n" : NULL,
                             "write2-err\n",
                             "win32-err\n"};
    char what[64];
    snprintf(what, sizeof(what), "%s: out.1.log", mode);
    expect_in_order(what, first, out_one, sizeof(out_one) / sizeof(out_one[0]));
    snprintf(what, sizeof(what), "%s: out.log", mode);
    expect_in_order(what, second, out_two, sizeof(out_two) / sizeof(out_two[0]));
    snprintf(what, sizeof(what), "%s: err.log", mode);
    expect_in_order(what, errors, err_all, sizeof(err_all) / sizeof(err_all[0]));
    CHECK(second == NULL || strstr(second, " one") == NULL,
          "%s: nothing before the rotation lands in the new log", mode);
    if (first != NULL) {
        char *end = strchr(first, '\n');
        if (end != NULL) *end = '\0';
        ck_note("%s: %s", mode, first);
        if (results[1] == DK_WIN_STDIO_STREAM_UNBOUND) {
            ck_note("%s: Wine's C runtime refused to reopen the stdout FILE that has no descriptor: "
                    "C stdio not checked here (descriptors and Win32 handles were)",
                    mode);
        }
    }
    free(first);
    free(second);
    free(errors);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "child") == 0) return child(strcmp(argv[2], "std") == 0);
#if defined(_UCRT)
    ck_test = "stdio (UCRT)";
#else
    ck_test = "stdio (msvcrt)";
#endif
    run(TRUE);
    run(FALSE);
    return ck_finish(ck_test);
}
