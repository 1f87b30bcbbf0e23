// dk_close_descriptors and its fallback dk_close_listed (process.c, compiled in so that the
// static dk_close_listed can be called and its allocations counted), on real descriptors, each
// test in a child process of its own.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>

#define CK_ALLOCATIONS
#include "../check.h"

#include "process.c"

// How many descriptors the tests keep: more than 256 (what a fixed table of that size would
// drop), and more than the 64 dk_close_listed starts its list with.
#define MANY 300

static int is_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

// Opens `count` descriptors (duplicates of a pipe end) into `fds`; false when it cannot.
static int open_many(int *fds, int count) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < (rlim_t)(count + 64)) {
        limit.rlim_cur = limit.rlim_max < (rlim_t)(count + 64) ? limit.rlim_max : (rlim_t)(count + 64);
        (void)setrlimit(RLIMIT_NOFILE, &limit);
    }
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return 0;
    for (int i = 0; i < count; i++) {
        fds[i] = dup(pipe_fds[0]);
        if (fds[i] < 0) return 0;
    }
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return 1;
}

static int ascending(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static int count_open(const int *fds, int count) {
    int open = 0;
    for (int i = 0; i < count; i++) open += is_open(fds[i]);
    return open;
}

// Every one of MANY kept descriptors survives; the ones not kept are closed.
static void keeps_any_number(void) {
    int kept[MANY], dropped[MANY];
    if (!CHECK(open_many(kept, MANY) && open_many(dropped, MANY), "open %d descriptors", 2 * MANY)) return;
    // Kept in reverse order, with repeats and with standard descriptors among them.
    int keep[MANY + 4];
    size_t n = 0;
    for (int i = MANY - 1; i >= 0; i--) keep[n++] = kept[i];
    keep[n++] = kept[0];
    keep[n++] = kept[MANY - 1];
    keep[n++] = 1;
    keep[n++] = 2;
    CHECK(dk_close_descriptors(keep, n) == 0, "dk_close_descriptors succeeds");
    CHECK(count_open(kept, MANY) == MANY, "all %d kept descriptors are open (%d are)", MANY,
          count_open(kept, MANY));
    CHECK(count_open(dropped, MANY) == 0, "no descriptor that was not kept is open (%d are)",
          count_open(dropped, MANY));
    CHECK(is_open(0) && is_open(1) && is_open(2), "the standard descriptors stay open");
}

// The same through the fallback that lists /proc/self/fd (or /dev/fd), which is what runs where
// the kernel has no close_range.
static void listed_keeps_any_number(void) {
    int kept[MANY], dropped[MANY];
    if (!CHECK(open_many(kept, MANY) && open_many(dropped, MANY), "open %d descriptors", 2 * MANY)) return;
    int sorted[MANY];
    memcpy(sorted, kept, sizeof(sorted));
    qsort(sorted, MANY, sizeof(int), ascending);
    long live = ck_live;
    CHECK(dk_close_listed(sorted, MANY, 0) == 0, "dk_close_listed succeeds");
    CHECK(count_open(kept, MANY) == MANY, "all %d kept descriptors are open (%d are)", MANY,
          count_open(kept, MANY));
    CHECK(count_open(dropped, MANY) == 0, "no descriptor that was not kept is open (%d are)",
          count_open(dropped, MANY));
    CHECK(ck_live == live, "nothing allocated is left (%ld blocks)", ck_live - live);
}

// The list outgrows its first 64 entries and growing it fails: dk_close_listed says so
// (-1, ENOMEM), closes nothing, and frees what it had.
static void listed_reports_a_failed_realloc(void) {
    int dropped[MANY];
    if (!CHECK(open_many(dropped, MANY), "open %d descriptors", MANY)) return;
    long live = ck_live;
    ck_fail_after = 1;  // The first allocation (the list) succeeds, the second (growing it) fails.
    errno = 0;
    int result = dk_close_listed(NULL, 0, 0);
    int error = errno;
    ck_fail_after = -1;
    CHECK(result == -1 && error == ENOMEM, "fails with ENOMEM (result %d, errno %d)", result, error);
    CHECK(ck_live == live, "the list is freed (%ld blocks left)", ck_live - live);
    CHECK(count_open(dropped, MANY) == MANY, "nothing was closed (%d of %d open)", count_open(dropped, MANY),
          MANY);
}

// No allocation at all: the same.
static void listed_reports_a_failed_malloc(void) {
    int dropped[8];
    if (!CHECK(open_many(dropped, 8), "open 8 descriptors")) return;
    ck_fail_after = 0;
    errno = 0;
    int result = dk_close_listed(NULL, 0, 0);
    int error = errno;
    ck_fail_after = -1;
    CHECK(result == -1 && error == ENOMEM, "fails with ENOMEM (result %d, errno %d)", result, error);
    CHECK(count_open(dropped, 8) == 8, "nothing was closed");
}

// More kept descriptors than the stack copy holds, and that copy cannot be allocated: -1 ENOMEM
// and nothing closed, rather than some kept descriptors closed.
static void reports_a_failed_copy(void) {
    int kept[MANY];
    if (!CHECK(open_many(kept, MANY), "open %d descriptors", MANY)) return;
    ck_fail_after = 0;
    errno = 0;
    int result = dk_close_descriptors(kept, MANY);
    int error = errno;
    ck_fail_after = -1;
    CHECK(result == -1 && error == ENOMEM, "fails with ENOMEM (result %d, errno %d)", result, error);
    CHECK(count_open(kept, MANY) == MANY, "nothing was closed (%d of %d open)", count_open(kept, MANY), MANY);
}

// In a relaunched daemon only what it inherited is closed: a descriptor without close-on-exec.
// One another thread (Dispatch, the runtime) opened is close-on-exec, and stays.
static void inherited_closes_only_what_exec_carried_over(void) {
    int inherited[MANY], own[MANY];
    if (!CHECK(open_many(inherited, MANY) && open_many(own, MANY), "open %d descriptors", 2 * MANY)) return;
    for (int i = 0; i < MANY; i++) {
        (void)fcntl(inherited[i], F_SETFD, 0);
        (void)fcntl(own[i], F_SETFD, FD_CLOEXEC);
    }
    int keep[1] = {inherited[0]};
    CHECK(dk_close_inherited_descriptors(keep, 1) == 0, "dk_close_inherited_descriptors succeeds");
    CHECK(count_open(own, MANY) == MANY, "all %d close-on-exec descriptors are open (%d are)", MANY,
          count_open(own, MANY));
    CHECK(count_open(inherited, MANY) == 1, "of the inherited, only the kept one is open (%d are)",
          count_open(inherited, MANY));
    CHECK(is_open(0) && is_open(1) && is_open(2), "the standard descriptors stay open");
}

int main(void) {
    ck_run_isolated("dk_close_descriptors keeps 300 descriptors", keeps_any_number);
    ck_run_isolated("dk_close_listed keeps 300 descriptors", listed_keeps_any_number);
    ck_run_isolated("dk_close_inherited_descriptors closes only what exec carried over",
                    inherited_closes_only_what_exec_carried_over);
    ck_run_isolated("dk_close_listed reports a failed realloc", listed_reports_a_failed_realloc);
    ck_run_isolated("dk_close_listed reports a failed malloc", listed_reports_a_failed_malloc);
    ck_run_isolated("dk_close_descriptors reports a failed copy", reports_a_failed_copy);
    return ck_finish("descriptors_test");
}
