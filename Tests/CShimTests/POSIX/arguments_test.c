// dk_save_arguments (executable.c, compiled in so that the initializer can be called again and
// its allocations counted): a failed copy keeps nothing and leaks nothing.
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>

#define CK_ALLOCATIONS
#include "../check.h"

#include "executable.c"

static char *arguments[] = {"daemon", "--flag", "value with spaces", "", NULL};

// The initializer ran before main with this program's own arguments.
static void saved_at_start(void) {
    CHECK(dk_saved_argc() >= 1, "arguments saved at start (%d)", dk_saved_argc());
    CHECK(dk_saved_argv(0) != NULL && strstr(dk_saved_argv(0), "arguments_test") != NULL, "argv[0] is %s",
          dk_saved_argv(0) ? dk_saved_argv(0) : "(null)");
    CHECK(dk_saved_argv(dk_saved_argc()) == NULL && dk_saved_argv(-1) == NULL, "out of range is NULL");
}

// Each possible failure: the array, then each string in turn.
static void failed_copy_keeps_and_leaks_nothing(void) {
    int argc = dk_saved_argc();
    const char *first = dk_saved_argv(0);
    for (long failing = 0; failing <= 4; failing++) {
        long live = ck_live;
        ck_fail_after = failing;
        dk_save_arguments(4, arguments, NULL);
        ck_fail_after = -1;
        CHECK(ck_live == live, "allocation %ld fails: nothing is left allocated (%ld blocks are)",
              failing + 1, ck_live - live);
        CHECK(dk_saved_argc() == argc && dk_saved_argv(0) == first,
              "allocation %ld fails: what was saved before stays", failing + 1);
    }
}

// A copy that succeeds replaces what was saved, string for string.
static void copies_every_argument(void) {
    long live = ck_live;
    dk_save_arguments(4, arguments, NULL);
    CHECK(ck_live == live + 5, "the array and 4 strings (%ld blocks)", ck_live - live);
    CHECK(dk_saved_argc() == 4, "4 arguments (%d)", dk_saved_argc());
    for (int i = 0; i < 4; i++) {
        CHECK(dk_saved_argv(i) != NULL && strcmp(dk_saved_argv(i), arguments[i]) == 0 &&
                  dk_saved_argv(i) != arguments[i],
              "argument %d copied", i);
    }
}

int main(void) {
    ck_run("dk_save_arguments ran at start", saved_at_start);
    ck_run("dk_save_arguments: a failed copy keeps and leaks nothing", failed_copy_keeps_and_leaks_nothing);
    ck_run("dk_save_arguments copies every argument", copies_every_argument);
    return ck_finish("arguments_test");
}
