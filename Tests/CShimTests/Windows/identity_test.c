// (g) Who a process is (identity.c): a process's name is its executable's file name, a child
// started by this process names it as its parent, and a process id that names nothing is an
// error, not a guess.
#include "windows_helpers.h"

int main(int argc, char **argv) {
    ck_test = "identity";
    int32_t parent = 0;
    char name[260];
    if (argc == 3 && strcmp(argv[1], "child") == 0) {
        // The child: its parent must be the pid the test passed.
        if (dk_process_identity((int32_t)GetCurrentProcessId(), &parent, name, sizeof(name)) != 0) return 3;
        return parent == atoi(argv[2]) && _stricmp(name, "identity_test.exe") == 0 ? 0 : 4;
    }
    REQUIRE(dk_process_identity((int32_t)GetCurrentProcessId(), &parent, name, sizeof(name)) == 0,
            "own identity: error %lu", GetLastError());
    CHECK(_stricmp(name, "identity_test.exe") == 0, "own name: '%s'", name);
    char arguments[64];
    snprintf(arguments, sizeof(arguments), "child %lu", (unsigned long)GetCurrentProcessId());
    HANDLE child = ck_spawn_self(arguments, NULL, 0, 0, 0, 0, NULL);
    REQUIRE(child != NULL, "spawn the child: error %lu", GetLastError());
    DWORD code = ck_wait_exit(child, CK_DEADLINE_MS);
    CHECK(code == 0, "the child saw another parent or name (exit %lu)", code);
    // Process ids are multiples of 4: 3 is never one.
    CHECK(dk_process_identity(3, &parent, name, sizeof(name)) == -1, "pid 3 named '%s'", name);
    return ck_finish(ck_test);
}
