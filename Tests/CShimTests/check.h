// The harness of the shim's C tests, on every OS: checks that count failures (CHECK, REQUIRE),
// notes, a runner per test and the summary; on POSIX also a child process per test where a test
// closes descriptors or forks, and allocation counting with failure injection for the files a
// test compiles in (#include) rather than links. What only the Windows tests need is in
// Windows/windows_helpers.h.
//
// Each test program is one .c file that exits 0 only when every check passed: POSIX/*_test.c,
// built with the toolchain's clang and run by .ci/c-tests.sh, and Windows/*_test.c, built with
// MinGW and run under Wine by .ci/platform/wine.sh, each against the shim's own sources.
#ifndef DK_CHECK_H
#define DK_CHECK_H

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>
#endif

static int ck_failures = 0;
static const char *ck_test = "";

// Prints one line: the test's name, `indent`, and the formatted text.
static inline void ck_vnote(const char *indent, const char *format, va_list arguments) {
    printf("   %s: %s", ck_test, indent);
    vprintf(format, arguments);
    putchar('\n');
    fflush(stdout);
}

static inline void ck_note(const char *format, ...) __attribute__((format(printf, 1, 2)));
static inline void ck_note(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    ck_vnote("", format, arguments);
    va_end(arguments);
}

// The error a failed check reports beside its message: errno, or GetLastError() on Windows.
#if defined(_WIN32)
#define CK_ERROR_NAME "GetLastError"
static inline unsigned long ck_last_error(void) { return GetLastError(); }
#else
#define CK_ERROR_NAME "errno"
static inline unsigned long ck_last_error(void) { return (unsigned long)errno; }
#endif

static inline int ck_check(int passed, const char *file, int line, const char *text, const char *format, ...)
    __attribute__((format(printf, 5, 6)));
static inline int ck_check(int passed, const char *file, int line, const char *text, const char *format,
                           ...) {
    if (passed) return 1;
    unsigned long error = ck_last_error();
    ck_failures++;
    ck_note("FAIL %s:%d: %s (" CK_ERROR_NAME " %lu)", file, line, text, error);
    va_list arguments;
    va_start(arguments, format);
    ck_vnote("  ", format, arguments);
    va_end(arguments);
    return 0;
}

// Counts a failure, with the message, when `condition` (evaluated once) is false. Evaluates to
// the condition's truth.
#define CHECK(condition, ...) ck_check((condition) ? 1 : 0, __FILE__, __LINE__, #condition, __VA_ARGS__)

// Prints the summary line of `program` and returns its exit status: 0 when every check passed.
// A test program may define CK_BEFORE_FINISH as a function to run first (the Windows tests end
// the processes they started and left running).
static inline int ck_finish(const char *program) {
#if defined(CK_BEFORE_FINISH)
    CK_BEFORE_FINISH();
#endif
    printf("%s: %s (%d failed checks)\n", program, ck_failures == 0 ? "PASS" : "FAIL", ck_failures);
    fflush(stdout);
    return ck_failures == 0 ? 0 : 1;
}

// A check whose failure makes the rest of the test meaningless: the program ends there.
#define REQUIRE(condition, ...)                                       \
    do {                                                              \
        if (!CHECK(condition, __VA_ARGS__)) exit(ck_finish(ck_test)); \
    } while (0)

// Runs `test` in this process.
static inline void ck_run(const char *name, void (*test)(void)) {
    ck_test = name;
    int before = ck_failures;
    test();
    printf("%s %s\n", ck_failures == before ? "ok  " : "FAIL", name);
}

#if !defined(_WIN32)
// Runs `test` in a child process (it may close descriptors or fork without disturbing the
// others); the child's failed checks count here. A child that does not exit normally fails.
static inline void ck_run_isolated(const char *name, void (*test)(void)) {
    ck_test = name;
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        ck_failures = 0;
        test();
        fflush(stdout);
        _exit(ck_failures > 255 ? 255 : ck_failures);
    }
    int status = 0;
    if (!CHECK(child > 0 && waitpid(child, &status, 0) == child, "fork and wait for the test")) return;
    if (!CHECK(WIFEXITED(status), "the test's process ended normally (status 0x%x)", status)) return;
    ck_failures += WEXITSTATUS(status);
    printf("%s %s\n", WEXITSTATUS(status) == 0 ? "ok  " : "FAIL", name);
}
#endif

// MARK: Allocation counting and failure injection
//
// A test that needs them defines CK_ALLOCATIONS before including this file and then includes
// the shim's .c file under test, whose malloc, calloc, realloc, strdup and free calls the
// macros below route here (the C library's own allocations are not affected). ck_live counts
// the blocks the file under test holds; ck_fail_after = n makes the n+1-th allocation from now
// fail with ENOMEM, and -1 (the default) makes none fail.
#if defined(CK_ALLOCATIONS)
static long ck_live = 0;
static long ck_fail_after = -1;

static inline int ck_allocation_fails(void) {
    if (ck_fail_after < 0) return 0;
    if (ck_fail_after-- > 0) return 0;
    errno = ENOMEM;
    return 1;
}

static inline void *ck_malloc(size_t size) {
    if (ck_allocation_fails()) return NULL;
    void *block = malloc(size);
    if (block != NULL) ck_live++;
    return block;
}

static inline void *ck_calloc(size_t count, size_t size) {
    if (ck_allocation_fails()) return NULL;
    void *block = calloc(count, size);
    if (block != NULL) ck_live++;
    return block;
}

static inline void *ck_realloc(void *block, size_t size) {
    if (ck_allocation_fails()) return NULL;  // As realloc fails: `block` stays allocated.
    void *moved = realloc(block, size);
    if (moved != NULL && block == NULL) ck_live++;
    return moved;
}

static inline char *ck_strdup(const char *text) {
    if (ck_allocation_fails()) return NULL;
    char *copy = strdup(text);
    if (copy != NULL) ck_live++;
    return copy;
}

static inline void ck_free(void *block) {
    if (block != NULL) ck_live--;
    free(block);
}

#undef strdup
#define malloc ck_malloc
#define calloc ck_calloc
#define realloc ck_realloc
#define strdup ck_strdup
#define free ck_free
#endif

#endif
