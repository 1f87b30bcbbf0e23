// The Windows pid-file lock: two LockFileEx bytes far beyond the pid text, and the handover that
// moves the lock from the launcher to the daemon without a moment in which a second starter can
// win. See the MARK "Pid-file lock" in include/daemoniker_shim.h for the protocol.
#if defined(_WIN32)
#if !defined(_WIN32_WINNT)
#define _WIN32_WINNT 0x0601
#endif
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

// The daemon's byte. LockFileEx locks are mandatory (a locked range cannot be read through other
// handles), so the bytes lie far beyond any text; locking past the end of a file is allowed.
#define DK_MAIN_OFFSET (1ull << 62)
// The starter's byte, held from a starter's lock until its daemon holds the main byte.
#define DK_STARTING_OFFSET (DK_MAIN_OFFSET + 1ull)

// How long to wait between attempts when a status probe holds a byte for an instant.
#define DK_RETRY_MS 1

static HANDLE dk_handle(intptr_t file) { return (HANDLE)file; }

static OVERLAPPED dk_at(unsigned long long offset) {
    OVERLAPPED overlapped;
    ZeroMemory(&overlapped, sizeof(overlapped));
    overlapped.Offset = (DWORD)(offset & 0xFFFFFFFFull);
    overlapped.OffsetHigh = (DWORD)(offset >> 32);
    return overlapped;
}

// Tries to lock one byte without waiting: 1 locked, 0 held by someone else, -1 error.
static int dk_try_lock(HANDLE file, unsigned long long offset, BOOL exclusive) {
    OVERLAPPED overlapped = dk_at(offset);
    DWORD flags = LOCKFILE_FAIL_IMMEDIATELY | (exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0);
    if (LockFileEx(file, flags, 0, 1, 0, &overlapped)) return 1;
    DWORD error = GetLastError();
    if (error == ERROR_LOCK_VIOLATION || error == ERROR_SHARING_VIOLATION) return 0;
    return -1;
}

static BOOL dk_unlock(HANDLE file, unsigned long long offset) {
    OVERLAPPED overlapped = dk_at(offset);
    return UnlockFileEx(file, 0, 1, 0, &overlapped);
}

// Whether a byte is held exclusively by someone: 1 yes, 0 no (free, or only shared holders),
// -1 error. Takes and drops a shared lock, which only an exclusive holder refuses, through a
// handle of its own: a shared lock through the same file object as an exclusive one is granted
// (by Wine whatever the process; by Windows within the process), and a launcher shares its file
// object with the daemon that inherited the handle.
static int dk_held_exclusively(HANDLE file, unsigned long long offset) {
    HANDLE own = ReOpenFile(file, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, 0);
    if (own == INVALID_HANDLE_VALUE) return -1;
    int shared = dk_try_lock(own, offset, FALSE);
    if (shared == 1) dk_unlock(own, offset);
    DWORD error = GetLastError();
    CloseHandle(own);
    SetLastError(error);
    if (shared == 1) return 0;
    return shared == 0 ? 1 : -1;
}

// Takes a byte exclusively, retrying while only shared holders (status probes) stand in the way.
// 1 locked, 0 held exclusively by someone else, -1 error (ERROR_TIMEOUT after timeout_ms).
static int dk_lock_past_probes(HANDLE file, unsigned long long offset, DWORD timeout_ms) {
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    for (;;) {
        int locked = dk_try_lock(file, offset, TRUE);
        if (locked != 0) return locked;
        int exclusive = dk_held_exclusively(file, offset);
        if (exclusive != 0) return exclusive == 1 ? 0 : -1;
        if (GetTickCount64() >= deadline) {
            SetLastError(ERROR_TIMEOUT);
            return -1;
        }
        Sleep(DK_RETRY_MS);
    }
}

int dk_win_pidlock_open(const wchar_t *path, intptr_t *handle) {
    HANDLE file = CreateFileW(path, GENERIC_READ | GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return -1;
    *handle = (intptr_t)file;
    return 0;
}

int dk_win_pidlock_acquire(intptr_t file, uint32_t timeout_ms) {
    HANDLE handle = dk_handle(file);
    int starting = dk_lock_past_probes(handle, DK_STARTING_OFFSET, timeout_ms);
    if (starting != 1) return starting == 0 ? DK_WIN_PIDLOCK_STARTING : -1;
    int main = dk_lock_past_probes(handle, DK_MAIN_OFFSET, timeout_ms);
    if (main == 1) return DK_WIN_PIDLOCK_FREE;
    DWORD error = GetLastError();
    dk_unlock(handle, DK_STARTING_OFFSET);
    SetLastError(error);
    return main == 0 ? DK_WIN_PIDLOCK_RUNNING : -1;
}

int dk_win_pidlock_hand_over(intptr_t file) { return dk_unlock(dk_handle(file), DK_MAIN_OFFSET) ? 0 : -1; }

int dk_win_pidlock_take_over(intptr_t file, uint32_t timeout_ms) {
    int main = dk_lock_past_probes(dk_handle(file), DK_MAIN_OFFSET, timeout_ms);
    if (main == 1) return 0;
    return main == 0 ? DK_WIN_PIDLOCK_RUNNING : -1;
}

int dk_win_pidlock_wait_taken(intptr_t file, intptr_t daemon, uint32_t timeout_ms) {
    HANDLE handle = dk_handle(file);
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    for (;;) {
        int held = dk_held_exclusively(handle, DK_MAIN_OFFSET);
        if (held != 0) return held == 1 ? 0 : -1;
        // Checked after the lock, so a daemon that took the byte and then ended at once still
        // counts as having taken it only if it was seen holding it.
        if (daemon != 0 && WaitForSingleObject((HANDLE)daemon, 0) == WAIT_OBJECT_0) return 1;
        if (GetTickCount64() >= deadline) {
            SetLastError(ERROR_TIMEOUT);
            return -1;
        }
        if (daemon != 0) {
            // Sleeps, but wakes the moment the daemon ends.
            (void)WaitForSingleObject((HANDLE)daemon, DK_RETRY_MS);
        } else {
            Sleep(DK_RETRY_MS);
        }
    }
}

int dk_win_pidlock_finish_start(intptr_t file) {
    return dk_unlock(dk_handle(file), DK_STARTING_OFFSET) ? 0 : -1;
}

int dk_win_pidlock_release(intptr_t file) {
    HANDLE handle = dk_handle(file);
    BOOL main = dk_unlock(handle, DK_MAIN_OFFSET);
    BOOL starting = dk_unlock(handle, DK_STARTING_OFFSET);
    if (main || starting) return 0;
    SetLastError(ERROR_NOT_LOCKED);
    return -1;
}

int dk_win_pidlock_probe(intptr_t file) {
    HANDLE handle = dk_handle(file);
    int main = dk_held_exclusively(handle, DK_MAIN_OFFSET);
    if (main != 0) return main == 1 ? DK_WIN_PIDLOCK_RUNNING : -1;
    int starting = dk_held_exclusively(handle, DK_STARTING_OFFSET);
    if (starting != 0) return starting == 1 ? DK_WIN_PIDLOCK_STARTING : -1;
    // The main byte was free and the starting byte now is: a handover may have finished in
    // between (the daemon took the main byte, then its launcher let go of the starting byte).
    main = dk_held_exclusively(handle, DK_MAIN_OFFSET);
    if (main != 0) return main == 1 ? DK_WIN_PIDLOCK_RUNNING : -1;
    return DK_WIN_PIDLOCK_FREE;
}
#endif
