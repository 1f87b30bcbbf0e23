// Absolute paths on Windows, taken before the process detaches (the daemon keeps the launcher's
// working directory only if configured to, so relative paths must not reach it).
#if defined(_WIN32)
#include "daemoniker_shim.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

uint32_t dk_win_full_path(const wchar_t *path, wchar_t *buffer, uint32_t capacity) {
    if (path == NULL || path[0] == L'\0') {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return GetFullPathNameW(path, capacity, capacity == 0 ? NULL : buffer, NULL);
}
#endif
