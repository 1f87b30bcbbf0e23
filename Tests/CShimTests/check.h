// What the C tests of the shim share: checks that count failures, a test runner, a child process
// per test where a test closes descriptors or forks, and allocation counting with failure
// injection for the files a test compiles in (#include) rather than links.
//
// Each test program is one .c file, built and run by .ci/c-tests.sh with the toolchain's clang
// against the shim's own sources; it exits 0 only when every check passed.
#ifndef DK_CHECK_H
#define DK_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int ck_failures = 0;
static const char *ck_test = "";

static inline void ck_note(const char *format, ...) __attribute__((format(printf, 1, 2)));
static inline void ck_note(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    printf("   %s: ", ck_test);
    vprintf(format, arguments);
    putchar('\n');
    fflush(stdout);
    va_end(arguments);
}

static inline int ck_check(int passed, const char *file, int line, const char *text, const char *format, ...)
    __attribute__((format(printf, 5, 6)));
static inline int ck_check(int passed, const char *file, int line, const char *text, const char *format,
                           ...) {
    if (passed) return 1;
    int saved = errno;
    ck_failures++;
    printf("   %s: FAIL %s:%d: %s (errno %d)\n   %s:   ", ck_test, file, line, text, saved, ck_test);
    va_list arguments;
    va_start(arguments, format);
    vprintf(format, arguments);
    va_end(arguments);
    putchar('\n');
    fflush(stdout);
    return 0;
}

// Counts a failure, with the message, when `condition` (evaluated once) is false. Evaluates to
// the condition's truth.
#define CHECK(condition, ...) ck_check((condition) ? 1 : 0, __FILE__, __LINE__, #condition, __VA_ARGS__)

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

// Runs `test` in this process.
static inline void ck_run(const char *name, void (*test)(void)) {
    ck_test = name;
    int before = ck_failures;
    test();
    printf("%s %s\n", ck_failures == before ? "ok  " : "FAIL", name);
}

static inline int ck_finish(const char *program) {
    printf("%s: %s (%d failed checks)\n", program, ck_failures == 0 ? "PASS" : "FAIL", ck_failures);
    return ck_failures == 0 ? 0 : 1;
}

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
