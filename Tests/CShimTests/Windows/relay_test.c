// (c) The signal relay: this process plays the daemon (it starts sentinels of itself and watches
// them with dk_win_relay_wait), a child process plays the sender (dk_win_relay_send, one signal
// at a time, as senders serialised by their lock file do). 200 signals must arrive with their
// numbers, in order, none lost, each sentinel replaced before the next signal is sent. Then the
// endings that are not relays must read as such: killed by someone else, a crash code, the tag
// without a signal, stopped by the daemon; and a send to an ended sentinel is "not ours".
#include "windows_helpers.h"

#define COUNT 200

// Shared between the daemon and the sender: the pid of the current sentinel.
typedef struct {
    volatile LONG sentinel_pid;
} shared_record;

static shared_record *open_record(DWORD owner, BOOL create) {
    const wchar_t *name = ck_unique(L"relay-record", owner);
    HANDLE mapping = create ? CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                                 sizeof(shared_record), name)
                            : OpenFileMappingW(FILE_MAP_READ | FILE_MAP_WRITE, FALSE, name);
    if (mapping == NULL) return NULL;
    return MapViewOfFile(mapping, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, sizeof(shared_record));
}

static int signal_number(int i) { return 1 + (i * 37) % 255; }

// The sender: for each signal, waits until the record names a sentinel it has not signalled yet
// (the relay is re-armed), then relays the signal; the relay must report it delivered.
static int sender(DWORD owner) {
    shared_record *record = open_record(owner, FALSE);
    if (record == NULL) return 30;
    LONG last = 0;
    for (int i = 0; i <= COUNT; i++) {
        ULONGLONG deadline = GetTickCount64() + CK_DEADLINE_MS;
        LONG pid;
        while ((pid = InterlockedCompareExchange(&record->sentinel_pid, 0, 0)) == last || pid == 0) {
            if (GetTickCount64() >= deadline) return 31;
            Sleep(1);
        }
        if (i == COUNT) break;  // The last signal's sentinel was replaced too.
        int result = dk_win_relay_send((uint32_t)pid, signal_number(i), CK_DEADLINE_MS);
        if (result != DK_WIN_RELAY_DELIVERED) {
            printf("sender: signal %d to %ld: %d (error %lu)\n", i, (long)pid, result,
                   (unsigned long)GetLastError());
            return 32;
        }
        last = pid;
    }
    return 0;
}

static HANDLE start_sentinel(DWORD *pid) {
    wchar_t command[MAX_PATH * 4 + 32];
    _snwprintf(command, MAX_PATH * 4 + 31, L"\"%ls\" sentinel-main", ck_self());
    command[MAX_PATH * 4 + 31] = L'\0';
    intptr_t process = 0;
    uint32_t id = 0;
    if (dk_win_spawn_sentinel(ck_self(), command, NULL, &process, &id) != 0) return NULL;
    *pid = id;
    return (HANDLE)process;
}

// Ends a fresh sentinel with `code` as someone other than a sender would; returns how the
// daemon side reads it.
static int ending_of(DWORD code, int *signal, uint32_t *exit_code) {
    DWORD pid = 0;
    HANDLE sentinel = start_sentinel(&pid);
    if (sentinel == NULL) return -2;
    TerminateProcess(sentinel, code);
    int result = dk_win_relay_wait((intptr_t)sentinel, CK_DEADLINE_MS, signal, exit_code);
    CloseHandle(sentinel);
    return result;
}

int main(int argc, char **argv) {
    if (GetEnvironmentVariableW(DK_WIN_SENTINEL_VARIABLE, NULL, 0) != 0) return 98;
    if (argc == 3 && strcmp(argv[1], "sender") == 0) return sender(strtoul(argv[2], NULL, 10));
    ck_test = "relay";
    DWORD self = GetCurrentProcessId();
    shared_record *record = open_record(self, TRUE);
    REQUIRE(record != NULL, "shared record");

    DWORD pid = 0;
    HANDLE sentinel = start_sentinel(&pid);
    REQUIRE(sentinel != NULL, "start the first sentinel");
    InterlockedExchange(&record->sentinel_pid, (LONG)pid);
    char arguments[64];
    snprintf(arguments, sizeof(arguments), "sender %lu", (unsigned long)self);
    HANDLE sender_process = ck_spawn_self(arguments, NULL, 0, 0, 0, 0, NULL);
    REQUIRE(sender_process != NULL, "start the sender");

    ULONGLONG started = GetTickCount64();
    int received[COUNT];
    int count = 0, replaced = 0;
    while (count < COUNT) {
        int signal = 0;
        uint32_t code = 0;
        int how = dk_win_relay_wait((intptr_t)sentinel, CK_DEADLINE_MS, &signal, &code);
        if (how != DK_WIN_SENTINEL_RELAYED) {
            CHECK(how == DK_WIN_SENTINEL_RELAYED,
                  "sentinel %lu ended by a relay (got %d, exit 0x%08lx) after %d", (unsigned long)pid, how,
                  (unsigned long)code, count);
            break;
        }
        // Re-arm first: start and record the next sentinel, then "dispatch" the signal.
        CloseHandle(sentinel);
        sentinel = start_sentinel(&pid);
        REQUIRE(sentinel != NULL, "start sentinel %d", count + 1);
        InterlockedExchange(&record->sentinel_pid, (LONG)pid);
        replaced++;
        received[count++] = signal;
    }
    DWORD sender_exit = ck_wait_exit(sender_process, CK_DEADLINE_MS);
    CHECK(sender_exit == 0, "the sender relays every signal and sees every sentinel replaced (exit %lu)",
          (unsigned long)sender_exit);
    int in_order = 0;
    for (int i = 0; i < count; i++) in_order += received[i] == signal_number(i);
    CHECK(count == COUNT && in_order == COUNT, "%d signals received, %d of them in order with their numbers",
          count, in_order);
    CHECK(replaced == COUNT, "every relayed sentinel was replaced (%d)", replaced);
    ck_note("%d relayed signals received in order (%d sentinels replaced) in %llu ms", in_order, replaced,
            (unsigned long long)(GetTickCount64() - started));

    // Endings that are not relays.
    int signal = -1;
    uint32_t code = 0;
    int how = dk_win_relay_wait((intptr_t)sentinel, 0, &signal, &code);
    CHECK(how == DK_WIN_SENTINEL_RUNNING, "the current sentinel runs (got %d)", how);
    CHECK(dk_win_sentinel_stop((intptr_t)sentinel, CK_DEADLINE_MS) == 0, "stop the sentinel");
    how = dk_win_relay_wait((intptr_t)sentinel, CK_DEADLINE_MS, &signal, &code);
    CHECK(how == DK_WIN_SENTINEL_OTHER && signal == 0 && code == DK_WIN_SENTINEL_EXIT_STOPPED,
          "a stopped sentinel is no relay (got %d, signal %d, exit %lu)", how, signal, (unsigned long)code);
    // Its handle is still open here, so its pid cannot name another process yet.
    int sent = dk_win_relay_send(pid, 15, CK_DEADLINE_MS);
    CHECK(sent == DK_WIN_RELAY_NOT_OURS, "a send to an ended sentinel is not ours (got %d)", sent);
    CloseHandle(sentinel);

    const DWORD others[] = {1, 0xC0000005u, DK_WIN_RELAY_TAG, 0xDB00000Fu, 15};
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        how = ending_of(others[i], &signal, &code);
        CHECK(how == DK_WIN_SENTINEL_OTHER && signal == 0 && code == others[i],
              "a sentinel ended with 0x%08lx is no relay (got %d, signal %d, exit 0x%08lx)",
              (unsigned long)others[i], how, signal, (unsigned long)code);
    }
    how = ending_of(DK_WIN_RELAY_TAG | 10, &signal, &code);
    CHECK(how == DK_WIN_SENTINEL_RELAYED && signal == 10, "the tag with 10 reads as signal 10 (got %d, %d)",
          how, signal);
    CHECK(dk_win_relay_send(pid, 0, 100) == -1 && GetLastError() == ERROR_INVALID_PARAMETER,
          "signal 0 is refused");
    CHECK(dk_win_relay_send(pid, 256, 100) == -1 && GetLastError() == ERROR_INVALID_PARAMETER,
          "signal 256 is refused");
    CHECK(dk_win_relay_decode(0xDA0000FFu) == 255 && dk_win_relay_decode(0xDA000100u) == 0 &&
              dk_win_relay_decode(0x00000002u) == 0,
          "decode");
    return ck_finish(ck_test);
}
