// The Windows half of the shim: the sentinel entry point, run before any user code.
//
// A process started with DAEMONIKER_SENTINEL=<handle> (Platforms/Windows/Spawn.swift) is a
// sentinel: <handle> is the decimal value of an inherited handle, with SYNCHRONIZE access, to the
// daemon that started it. The sentinel waits on that handle and exits 0 once the daemon is gone.
// A relayed signal ends it from outside with TerminateProcess(sentinel, 0xDA000000 | signal),
// which the daemon reads as the exit code. The entry point runs as a C initializer (.CRT$XCU),
// before the Swift runtime calls main, and never returns when the variable is set, so no Swift or
// user code runs in a sentinel: it costs no CPU while it waits.
//
// Not compiled or run on any machine yet: see Platforms/Windows/README.md.
#if defined(_WIN32)
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

// Exit code of a sentinel whose variable holds no usable process handle.
#define DK_SENTINEL_BAD_HANDLE 2

static void __cdecl dk_sentinel_entry(void) {
    WCHAR value[32];
    DWORD length = GetEnvironmentVariableW(L"DAEMONIKER_SENTINEL", value, 32);
    if (length == 0) return;  // Not a sentinel: the program runs as usual.
    // Set but unusable: end here rather than run the program as a second copy of the daemon.
    if (length >= 32) ExitProcess(DK_SENTINEL_BAD_HANDLE);
    unsigned long long number = 0;
    for (DWORD i = 0; i < length; i++) {
        if (value[i] < L'0' || value[i] > L'9') ExitProcess(DK_SENTINEL_BAD_HANDLE);
        number = number * 10 + (unsigned long long)(value[i] - L'0');
    }
    HANDLE daemon = (HANDLE)(ULONG_PTR)number;
    if (GetProcessId(daemon) == 0) ExitProcess(DK_SENTINEL_BAD_HANDLE);  // Not a process handle.
    // WAIT_OBJECT_0: the daemon ended. WAIT_FAILED: the handle cannot be waited on, and nothing
    // else can be done about it. Either way, nothing is left to wait for.
    (void)WaitForSingleObject(daemon, INFINITE);
    ExitProcess(0);
}

// The C runtime calls every function pointer in the .CRT$XCU section during start-up, in the
// order the linker lays them out, before main. The pointer has external linkage, and the linker is
// told to keep it, so that /OPT:REF does not drop an object nothing else refers to.
#pragma section(".CRT$XCU", read)
__declspec(allocate(".CRT$XCU")) void(__cdecl *const dk_sentinel_initializer)(void) = dk_sentinel_entry;
#if defined(_M_IX86)
#pragma comment(linker, "/include:_dk_sentinel_initializer")
#else
#pragma comment(linker, "/include:dk_sentinel_initializer")
#endif
#endif
