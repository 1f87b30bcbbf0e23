// The C part of Daemoniker's platform layer. Everything here exists because Swift cannot do it
// itself (fork is unavailable to Swift on Darwin) or must not (code between fork and exec in a
// multithreaded process, and signal handlers, may only call async-signal-safe functions).
#ifndef DAEMONIKER_SHIM_H
#define DAEMONIKER_SHIM_H

#include <stddef.h>
#include <stdint.h>

// MARK: Process identity (identity.c, every OS)

/// The parent's pid of process `pid` and its name (Linux comm, BSD p_comm, Windows the executable's
/// file name), as UTF-8 in `name` (NUL-terminated, cut to `size`). 0, or -1 (errno / last error).
int dk_process_identity(int32_t pid, int32_t *parent, char *name, size_t size);

#if !defined(_WIN32)
#include <sys/types.h>
/// 1 if process `pid` has ended (a zombie not yet reaped counts as ended, unlike kill(pid, 0)),
/// 0 if it runs or cannot be told (identity.c).
int dk_process_has_ended(pid_t pid);

/// The effective user id of process `pid` in `uid`: 0, or -1 with errno (ESRCH: no such process;
/// ENOSYS where the OS does not say).
int dk_process_owner(int32_t pid, uint32_t *uid);

/// When process `pid` started, in seconds since 1970, in `seconds` (Linux /proc, the BSDs'
/// kinfo_proc): 0, or -1 with errno (ESRCH: no such process; ENOSYS elsewhere).
int dk_process_start_time(int32_t pid, int64_t *seconds);

/// The pids holding a flock() lock on the file (`device`, `inode`), from /proc/locks (Linux): up
/// to `capacity` in `out`; returns how many there are, or -1 with errno (ENOSYS elsewhere). For
/// a lock a process inherited, the pid is the one that took it, which may have ended.
long dk_lock_holders(uint64_t device, uint64_t inode, int32_t *out, size_t capacity);

/// Exchanges the files at `first` and `second` atomically (Linux renameat2 RENAME_EXCHANGE).
/// 0, or -1 with errno (ENOSYS elsewhere).
int dk_exchange_paths(const char *first, const char *second);
#endif

// MARK: Readiness-channel frames (frame.c, every OS)
//
// One message to the launching process on the readiness channel: a kind byte, the payload's
// length as 4 bytes big-endian, then the payload. Numbers travel as decimal text. Encoded here
// alone, for every writer: the fork and exec paths below, the Windows launcher, and Swift
// (Platform.encodeFrame).

/// The daemon's pid (decimal). Written by the code that detaches or starts the daemon.
#define DK_FRAME_PID 'P'
/// The daemon is ready (its pid, decimal).
#define DK_FRAME_READY 'R'
/// The daemon failed: "code\tmessage".
#define DK_FRAME_ERROR 'E'
/// Starting the daemon's executable failed (errno, decimal).
#define DK_FRAME_EXEC_FAILED 'X'
/// The double fork failed in its first child: setsid or the second fork (errno, decimal).
#define DK_FRAME_DETACH_FAILED 'D'
/// The bytes before the payload: the kind and the length.
#define DK_FRAME_HEADER_SIZE 5
/// The largest frame dk_frame_encode_number makes: a 64-bit number with its sign.
#define DK_FRAME_NUMBER_MAX_SIZE (DK_FRAME_HEADER_SIZE + 20)

/// Encodes the frame (`kind`, `payload`) into `out`. Returns its size, DK_FRAME_HEADER_SIZE +
/// `length`, and writes `out` only when that fits in `capacity` (0 asks for the size alone);
/// returns 0 when `length` does not fit in the 4-byte length. Async-signal-safe.
size_t dk_frame_encode(char kind, const void *payload, size_t length, unsigned char *out, size_t capacity);

/// Encodes a frame whose payload is `value` in decimal ("4711", "-1"), as dk_frame_encode does.
/// Async-signal-safe.
size_t dk_frame_encode_number(char kind, long value, unsigned char *out, size_t capacity);

#if !defined(_WIN32)
#include <sys/types.h>

/// The environment variable that turns the executable into a sentinel before any user code runs.
#define DK_SENTINEL_VARIABLE "DAEMONIKER_SENTINEL"
/// Where the relay cannot queue (no sigqueue, macOS), a relayed signal ends the sentinel with exit
/// status DK_RELAY_EXIT_BASE + signal number.
#define DK_RELAY_EXIT_BASE 64

/// 1 where a relayed signal is queued to the sentinel as a real-time signal carrying the token and
/// the signal, which the sentinel answers without ending (Linux, FreeBSD); 0 where a relayed signal
/// ends the sentinel (macOS, which has no sigqueue).
int dk_relay_queues(void);

/// Sender side of the relay: relays `signo` to the sentinel `pid` whose token is `token`. With
/// `in_place` (a sentinel that answers in place) queues SIGRTMAX carrying the token's low 23 bits
/// and the signal; without, `signo` itself carrying the token (sigqueue), or plainly where there
/// is no sigqueue. 0 or -1 (errno; EAGAIN when the receiver's queue is full).
int dk_relay_send(pid_t pid, int signo, int token, int in_place);

/// One more than the highest signal number: NSIG, or SIGRTMAX + 1 where NSIG counts only the
/// first 32 (FreeBSD).
int dk_signal_limit(void);

/// A pipe with both ends close-on-exec from the start (pipe2 where it exists), so that a
/// concurrent spawn in another thread cannot inherit it. 0 or -1 (errno).
int dk_pipe_cloexec(int fds[2]);

/// Writes all of `buffer` to `fd` without dying of SIGPIPE when the reader is gone (the calling
/// thread blocks SIGPIPE and discards one raised by this write). Returns 0, or -1 with errno
/// (EPIPE when the reader is gone). Async-signal-safe.
int dk_write_all_nosigpipe(int fd, const void *buffer, size_t length);

/// Writes the frame (`kind`, `value` in decimal) to `fd` with dk_write_all_nosigpipe. Returns 0,
/// or -1 with errno. Async-signal-safe: for the fork and exec paths.
int dk_frame_write_number(int fd, char kind, long value);

/// Opens /dev/null onto any of descriptors 0, 1 and 2 that is closed, so that descriptors the
/// library opens never take their place. 0 or -1.
int dk_fill_standard_descriptors(void);

/// Number of threads in this process, or -1 when the OS does not say.
int dk_thread_count(void);

/// Starts a detached thread running `start(context)`. Returns 0 or the error number (the
/// `pthread_t` type differs between the POSIX systems; this keeps it out of Swift).
int dk_start_thread(void *(*start)(void *), void *context);

/// The double fork of daemon(7), for a process that goes on running without exec: fork with
/// every signal blocked; the first child calls setsid and forks again (_Fork where the C library
/// has it) and exits, after writing a DK_FRAME_DETACH_FAILED frame (errno) to `report_fd` if
/// either failed. Returns 1 in the original process once it has reaped the first child (ECHILD,
/// when SIGCHLD is ignored, counts as reaped), with its signal mask restored; 0 in the grandchild
/// (the daemon: in a new session, not its leader), with the caller's signal mask restored, after
/// writing a DK_FRAME_PID frame with its pid to `report_fd`; -1 with errno (nothing forked)
/// when the first fork fails. `report_fd` -1 writes no frames.
int dk_detach(int report_fd);

/// Closes every descriptor >= 3 that is not in `keep` (any number of them, in any order,
/// repeats allowed). Uses close_range where the kernel has it, else closes the descriptors listed
/// as open (/proc/self/fd, /dev/fd). Returns 0, or -1 with errno: ENOMEM when a list could not
/// be allocated (then nothing was closed by the listing).
int dk_close_descriptors(const int *keep, size_t keep_count);

/// Closes every descriptor >= 3 that is not in `keep` and not close-on-exec, in one pass over the
/// open ones (/proc/self/fd, /dev/fd): in a process started by exec, exactly the inherited ones.
/// Descriptors another thread opens meanwhile are close-on-exec (the runtime's, Dispatch's) and
/// stay. Returns 0, or -1 with errno (the descriptors cannot be listed; ENOMEM).
int dk_close_inherited_descriptors(const int *keep, size_t keep_count);

/// Sets catchable signals to their default disposition and clears the signal mask. `in_place`
/// (in the daemon itself, not before an exec): only the ignores inherited at exec are reset;
/// handlers (functions) and ignores the program set itself stay, since they are its own.
void dk_reset_signals(int in_place);

/// Starts `path` detached: the double fork of dk_detach, then in the grandchild signals reset
/// (dk_reset_signals), the descriptors in `inherit` made to stay open across exec, a
/// DK_FRAME_PID frame with its pid written to `report_fd`, and exec, all from async-signal-safe
/// code, so it is safe in a multithreaded process. A failure there (exec, or keeping a
/// descriptor open) is written as a DK_FRAME_EXEC_FAILED frame (errno); a failed setsid or
/// second fork as DK_FRAME_DETACH_FAILED. Returns 0 once the first child is reaped, or -1 with
/// errno when the first fork fails.
int dk_spawn_detached(const char *path, char *const argv[], char *const envp[], const int *inherit,
                      size_t inherit_count, int report_fd);

/// Starts `path` as a child of this process by fork and exec, as systemd starts a service: in the
/// child every catchable signal at its default and none blocked (dk_reset_signals), the pid of the
/// child itself written in decimal into `pid_slot` (room for `pid_slot_size` bytes with the NUL;
/// NULL: none), which lies in one of `envp`'s strings (`LISTEN_PID=`, which only the child can
/// know), each `to[i]` made an inheritable copy of `from[i]` (dup2; every `from` must lie above
/// every `to`), then execve. The child calls only async-signal-safe functions, so this is safe in
/// a process that runs threads. Returns the child's pid once it has exec'd, or -1 with errno: the
/// fork's, or the child's failure (the exec's ENOENT, EACCES; ERANGE when the pid does not fit the
/// slot), that child then reaped.
pid_t dk_spawn_child(const char *path, char *const argv[], char *const envp[], const int *from, const int *to,
                     size_t move_count, char *pid_slot, size_t pid_slot_size);

/// Starts `path` as a sentinel child: signals reset, `wait_fd` moved to descriptor 3 and
/// `events_fd` to descriptor 4, every other descriptor closed, stdio on /dev/null, then exec.
/// The sentinel writes one byte to descriptor 4 once its signal handlers are in place, then one
/// byte (the signal number) for each relayed signal it answers; the daemon sees end-of-file there
/// once the sentinel has ended. Returns the child's pid or -1 (errno).
pid_t dk_spawn_sentinel(const char *path, char *const argv[], char *const envp[], int wait_fd, int events_fd);

/// A pidfd for `pid` (Linux 5.3+), or -1 with errno (ENOSYS elsewhere).
int dk_pidfd_open(pid_t pid);

// The keeper's supervision (supervision.c).

/// Makes this process the reaper of its descendants' orphans: Linux's
/// prctl(PR_SET_CHILD_SUBREAPER), FreeBSD's procctl(PROC_REAP_ACQUIRE) (EBUSY, already a reaper,
/// counts as done). 0, or -1 with errno (ENOSYS where the OS has no such thing: macOS).
int dk_become_child_subreaper(void);

/// The pids of this process's children: stored in `pids` while they fit in `capacity`, and
/// counted; returns the count (more than `capacity`: call again with room for that many), or -1
/// with errno (ENOSYS where the OS does not say, or on Linux when /proc belongs to another pid
/// namespace). Linux reads every thread's /proc/self/task/TID/children, or scans /proc/PID/stat
/// on a kernel without them; macOS and FreeBSD read the kernel's process list (sysctl KERN_PROC).
long dk_child_processes(int32_t *pids, size_t capacity);

#if defined(__APPLE__) || defined(__FreeBSD__)
/// The children of this process as the kernel lists them (sysctl KERN_PROC; identity.c, the one
/// reader of kernel process records): how many (those that fit in `capacity` stored in `pids`),
/// or -1 with errno. `dk_child_processes` uses it on macOS and FreeBSD.
long dk_kernel_children(int32_t *pids, size_t capacity);
#endif

/// A close-on-exec file with no name, from memfd_create (anonymous_file.c), or -1 with errno
/// (ENOSYS where the OS or the kernel has none).
int dk_memfd_create(const char *name);

/// mkstemp, but close-on-exec from the start (mkostemp with O_CLOEXEC): the file's descriptor,
/// its name written over the trailing XXXXXX of `path_template`, or -1 with errno.
int dk_make_temporary(char *path_template);

/// Sends `signo` to this process, as the OS would, and returns once some thread has taken it, so
/// that the next one is not merged with it. 0 or -1 (errno).
int dk_raise_in_process(int signo);

/// Sends `signo` to `pid` only if it holds the file (device, inode) open: 0 sent, 1 not sent
/// because it does not, -1 (errno). Linux checks /proc/PID/fd through a pidfd, so a recycled pid
/// is never signalled; where the holder cannot be told (another user's process, other systems)
/// it is a plain kill.
int dk_signal_file_holder(pid_t pid, uint64_t device, uint64_t inode, int signo);

/// Makes stdout line-buffered and stderr unbuffered.
void dk_line_buffer_stdio(void);

/// Writes the real path of the running executable into `buffer`. Returns its length or -1.
long dk_executable_path(char *buffer, size_t size);

/// The arguments the process was started with, as the C runtime handed them over (raw bytes).
int dk_saved_argc(void);
/// See dk_saved_argc.
const char *dk_saved_argv(int index);

// MARK: Cleanup at exit and default signal actions (all async-signal-safe).

/// Records what the daemon must undo when it ends: the pid file (removed only while the path is
/// still the locked file), the sentinel record and its lock file (`<record>.lock`), and a
/// datagram socket to tell STOPPING=1.
/// `pid_path` and `sentinel_path` are copied. Registers the exit-time cleanup once.
void dk_cleanup_configure(const char *pid_path, int lock_fd, const char *sentinel_path, int notify_fd,
                          const void *notify_address, unsigned notify_length);

/// Adds a log file that a hangup reopens onto `target_fd` (1 or 2) in append mode, created with
/// `mode` if missing, through no symbolic link unless `follow_links` (dk_open_no_symlinks). `path` is copied.
/// Any number of logs may be added. Returns 0, or -1 with errno (EINVAL: `path` is NULL; ENOMEM), and then
/// the logs added before stay as they were.
int dk_cleanup_add_log(const char *path, int target_fd, int mode, int follow_links);

/// open(2) through no symbolic link anywhere in `path`: Linux openat2 with RESOLVE_NO_SYMLINKS
/// (5.6 and later); elsewhere, or on an older kernel, O_NOFOLLOW, which covers only the last
/// component. Async-signal-safe. The descriptor, or -1 with errno (ELOOP for a link).
int dk_open_no_symlinks(const char *path, int flags, int mode);

/// Runs the cleanup now (idempotent; does nothing in any process but the daemon).
void dk_cleanup_run(void);

/// Sends `message` (`size` bytes) as one datagram to the service manager's socket `fd` at
/// `address`, never raising SIGPIPE. Async-signal-safe. Returns 0 or -1 (errno).
int dk_notify_send_to(int fd, const void *address, unsigned length, const char *message, size_t size);
/// Sends `message` to the notification socket at `address` with `count` descriptors attached
/// (SCM_RIGHTS): sd_pid_notify_with_fds, as `FDSTORE=1` needs. 0, or -1 with errno.
int dk_notify_send_fds(int fd, const void *address, unsigned length, const char *message, size_t size,
                       const int *fds, size_t count);

/// Sends `message` to the service manager configured with dk_cleanup_configure. Async-signal-safe.
/// Returns 0, or -1 with errno (ENOTCONN: none configured in this process).
int dk_notify(const char *message);

/// Records that the daemon has told its service manager it is ready: until then no reload is
/// announced.
void dk_notify_mark_ready(void);

/// Sends `RELOADING=1` with `MONOTONIC_USEC=` (CLOCK_MONOTONIC now) to the configured service
/// manager, as systemd's Type=notify-reload asks, once dk_notify_mark_ready was called (else
/// -1 with EAGAIN). Async-signal-safe. Returns as dk_notify.
int dk_notify_reloading(void);

// Signal actions (signal_actions.c). The first time Daemoniker installs a handler for a signal,
// it keeps the action that was there before; a handler someone else installed (a function, not
// SIG_DFL or SIG_IGN) is then called from Daemoniker's handler before its own work, so it keeps
// working, and dk_restore_original_action puts it back. Crash signals (abort, segmentation fault,
// bus error, illegal instruction, arithmetic, trap, bad system call) are not chained: their
// earlier handler is a crash reporter's.

/// Installs a handler that runs dk_cleanup_run and then ends the process by `signo` itself
/// (dk_exit_by_signal). Returns 0 or -1.
int dk_install_clean_exit(int signo);

/// Ends the process by `signo`, so that its parent sees it killed by that signal (a service
/// manager counts a death by SIGTERM as a clean stop, exit status 143 as a failure): no core
/// dump, the default action restored, the signal unblocked in this thread, and raised. A process
/// still alive after that (PID 1 of a pid namespace, which the kernel gives no signal left at
/// its default; a signal whose default ignores or stops) _exits with 128 + `signo`. Runs no
/// clean-up: the caller has. Async-signal-safe (plain system calls). Never returns.
__attribute__((noreturn)) void dk_exit_by_signal(int signo);

/// Installs a handler that runs dk_reopen_logs. Returns 0 or -1.
int dk_install_log_reopening(int signo);

/// Installs a handler that writes the signal number as one byte to `wake_fd` (non-blocking)
/// and does nothing else. Returns 0 or -1.
int dk_install_wake_handler(int signo, int wake_fd);

/// Sets the disposition of `signo` to SIG_DFL (0) or SIG_IGN (1). Returns 0 or -1.
int dk_set_disposition(int signo, int ignore);

/// Puts back the action `signo` had before Daemoniker first changed it (SIG_DFL if it never
/// did). Returns 0 or -1.
int dk_restore_original_action(int signo);

/// Forgets the original actions that were SIG_DFL or SIG_IGN, keeping handlers to chain to
/// (dk_reset_signals calls it: it resets only ignored dispositions).
void dk_forget_plain_original_actions(void);

/// Whether `signo` runs a handler that is not Daemoniker's (another library's, the program's), or
/// is ignored by the program itself (dk_ignored_by_program).
int dk_has_foreign_handler(int signo);

/// Whether `signo` is ignored now though it was not when this process image started: the
/// program (or a library) ignored it, rather than inheriting the ignore across exec.
int dk_ignored_by_program(int signo);

/// Whether `signo` runs a handler (a function, anyone's) rather than SIG_DFL or SIG_IGN.
int dk_is_handled(int signo);

/// Reopens the configured log files now (what the default hangup action does).
void dk_reopen_logs(void);

#endif  // !_WIN32

#if defined(_WIN32)
// The Windows half of the shim. Everything that decides Windows behaviour lives here, in C, so
// that the code Wine runs (.ci/platform/wine.sh) is the code Windows runs. HANDLEs travel as
// intptr_t (0 means "none"), process ids and exit codes as uint32_t, paths and environment
// blocks as UTF-16 (`const wchar_t *`). Unless said otherwise a function returns 0 on success
// and -1 on failure with the Win32 error in GetLastError().
#include <wchar.h>

/// The environment variable that turns the executable into a sentinel before any user code runs:
/// its value is the decimal value of an inherited handle to the daemon.
#define DK_WIN_SENTINEL_VARIABLE L"DAEMONIKER_SENTINEL"
/// A relayed signal ends the sentinel with exit code DK_WIN_RELAY_TAG | signal (1...255).
#define DK_WIN_RELAY_TAG 0xDA000000u
/// Exit code of a sentinel that saw its daemon end.
#define DK_WIN_SENTINEL_EXIT_DAEMON_GONE 0u
/// Exit code of a sentinel whose variable held no usable process handle.
#define DK_WIN_SENTINEL_EXIT_BAD_HANDLE 2u
/// Exit code the daemon gives its own sentinel when it stops it (dk_win_sentinel_stop).
#define DK_WIN_SENTINEL_EXIT_STOPPED 3u

// MARK: Pid-file lock (windows_lock.c)
//
// Two LockFileEx bytes far beyond any text (the pid stays readable): the "main" byte at 2^62,
// held exclusively by the daemon for its whole life, and the "starting" byte at 2^62 + 1, held by
// a launcher from the moment it locks until the daemon holds the main byte. Starters take the
// starting byte first, so during the handover (main byte free, starting byte held) no second
// starter can win. Status probes take shared locks for an instant; the functions below retry
// past them. LockFileEx locks belong to the process that took them: never rely on process exit
// or CloseHandle to release one (a handle inherited by the daemon keeps the file object open);
// release explicitly.

/// Result of dk_win_pidlock_acquire / dk_win_pidlock_probe: nobody holds either byte.
#define DK_WIN_PIDLOCK_FREE 0
/// The main byte is held: a daemon runs.
#define DK_WIN_PIDLOCK_RUNNING 1
/// The main byte is free but the starting byte is held: a daemon is being started.
#define DK_WIN_PIDLOCK_STARTING 2

/// Opens (creating it if needed) the pid file for locking, reading and writing: shared for read,
/// write and delete, not inheritable. `*handle` receives the handle. 0 or -1 (GetLastError).
int dk_win_pidlock_open(const wchar_t *path, intptr_t *handle);

/// A starter's lock: takes the starting byte, then the main byte, both exclusively. Returns
/// DK_WIN_PIDLOCK_FREE (0: both are now held by this process), DK_WIN_PIDLOCK_RUNNING (a daemon
/// holds the main byte; nothing is held), DK_WIN_PIDLOCK_STARTING (another starter holds the
/// starting byte; nothing is held), or -1 (GetLastError; ERROR_TIMEOUT when status probes kept a
/// byte busy for `timeout_ms`).
int dk_win_pidlock_acquire(intptr_t file, uint32_t timeout_ms);

/// Launcher side of the handover, step 1: releases the main byte and keeps the starting byte, so
/// the daemon can take the main byte while every other starter still loses. 0 or -1.
int dk_win_pidlock_hand_over(intptr_t file);

/// Daemon side of the handover: takes the main byte exclusively through `file` (its own handle or
/// the inherited one), retrying past status probes for up to `timeout_ms`. Returns 0 (held, for as
/// long as this process lives or until dk_win_pidlock_release), DK_WIN_PIDLOCK_RUNNING (another
/// process holds it exclusively: there was no handover), or -1 (GetLastError; ERROR_TIMEOUT).
int dk_win_pidlock_take_over(intptr_t file, uint32_t timeout_ms);

/// Launcher side, step 2: waits until some process holds the main byte exclusively (only the
/// daemon can while this process holds the starting byte). Returns 0 (taken), 1 (`daemon`, a
/// process handle with SYNCHRONIZE access, or 0 for none, ended first), or -1 (GetLastError;
/// ERROR_TIMEOUT after `timeout_ms`). Launchers that hear it from the daemon itself (its
/// readiness report) need not call this.
int dk_win_pidlock_wait_taken(intptr_t file, intptr_t daemon, uint32_t timeout_ms);

/// Launcher side, step 3 (and a foreground daemon right after dk_win_pidlock_acquire): releases
/// the starting byte. 0 or -1 (ERROR_NOT_LOCKED when this process did not hold it).
int dk_win_pidlock_finish_start(intptr_t file);

/// Releases whatever this process holds of the two bytes through `file` (a daemon at exit, a
/// starter that gives up). Does not close `file`. 0 or -1 (no byte was held: ERROR_NOT_LOCKED).
int dk_win_pidlock_release(intptr_t file);

/// What the lock says about a pid file, through any handle to it with read access (shared
/// locks, held for an instant): DK_WIN_PIDLOCK_RUNNING, DK_WIN_PIDLOCK_STARTING,
/// DK_WIN_PIDLOCK_FREE (stale or stopped: no daemon), or -1 (GetLastError).
int dk_win_pidlock_probe(intptr_t file);

// MARK: Starting processes and the sentinel (windows_sentinel.c)

/// Starts `application` (never searched for) with `command_line` (copied; the caller quotes it)
/// and `environment` (a CREATE_UNICODE_ENVIRONMENT block, or NULL for this process's),
/// detached: DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW, plus
/// CREATE_BREAKAWAY_FROM_JOB when `breakaway` is non-zero (retried without it when the job
/// forbids it). Only the handles in `inherit` and the non-zero standard handles are inherited
/// (PROC_THREAD_ATTRIBUTE_HANDLE_LIST; each is made inheritable for the call only); the child's
/// standard handles are `std_input`, `std_output`, `std_error` (0: none). With `report` (the write
/// end of the readiness pipe; 0: none) the child is created suspended, a DK_FRAME_PID frame with
/// its id (as a signed 32-bit number, the way Swift holds it) is written to `report`, and only
/// then does the child run, so the frame comes before anything the child writes there; if the
/// frame cannot be written the child is ended and the call fails. `*process` receives the child's
/// process handle (the caller closes it) and `*pid` its id. 0 or -1 (GetLastError).
int dk_win_spawn_detached(const wchar_t *application, const wchar_t *command_line, const wchar_t *environment,
                          const intptr_t *inherit, uint32_t inherit_count, intptr_t std_input,
                          intptr_t std_output, intptr_t std_error, int breakaway, intptr_t report,
                          intptr_t *process, uint32_t *pid);

/// Starts a sentinel for this process: `application` again (this executable), detached, with
/// `environment` (NULL: this process's) minus any DK_WIN_SENTINEL_VARIABLE entry plus
/// DK_WIN_SENTINEL_VARIABLE=<an inheritable handle to this process with SYNCHRONIZE |
/// PROCESS_QUERY_LIMITED_INFORMATION>; that handle is the only one it inherits, and it has no
/// standard handles. The shim's initializer in the sentinel waits on it and exits with
/// DK_WIN_SENTINEL_EXIT_DAEMON_GONE once this process has ended. `*process` receives the
/// sentinel's handle (keep it until reaped, so its pid is not reused) and `*pid` its id.
/// 0 or -1 (GetLastError).
int dk_win_spawn_sentinel(const wchar_t *application, const wchar_t *command_line, const wchar_t *environment,
                          intptr_t *process, uint32_t *pid);

/// Stops this process's own sentinel (shutdown): ends it with DK_WIN_SENTINEL_EXIT_STOPPED and
/// waits up to `timeout_ms` for it to end. 0 or -1 (GetLastError; ERROR_TIMEOUT).
int dk_win_sentinel_stop(intptr_t sentinel, uint32_t timeout_ms);

// MARK: Signal relay (windows_relay.c)

/// dk_win_relay_send: our TerminateProcess ended the sentinel with the signal's code.
#define DK_WIN_RELAY_DELIVERED 1
/// dk_win_relay_send: the sentinel had ended already or ended some other way (not relayed).
#define DK_WIN_RELAY_NOT_OURS 0

/// Sender side: relays `signal` (1...255) to the daemon whose sentinel has id `sentinel_pid` by
/// ending it with DK_WIN_RELAY_TAG | signal, then waits up to `timeout_ms` for it to end and reads
/// its exit code back, so the answer does not depend on what TerminateProcess reports for a
/// process that is already ending. Senders must be serialised (a lock file): the code is then
/// ours alone. Returns DK_WIN_RELAY_DELIVERED, DK_WIN_RELAY_NOT_OURS (no such process, already
/// ended, or it ended with another code), or -1 (GetLastError: ERROR_INVALID_PARAMETER for a bad
/// signal, ERROR_ACCESS_DENIED, ERROR_TIMEOUT).
int dk_win_relay_send(uint32_t sentinel_pid, int signal, uint32_t timeout_ms);

/// dk_win_relay_wait: the sentinel ended with a relayed signal (in *signal).
#define DK_WIN_SENTINEL_RELAYED 1
/// dk_win_relay_wait: the sentinel ended any other way (crash, killed by hand, stopped).
#define DK_WIN_SENTINEL_OTHER 0
/// dk_win_relay_wait: the sentinel is still running after `timeout_ms`.
#define DK_WIN_SENTINEL_RUNNING 2

/// Daemon side: waits up to `timeout_ms` (0xFFFFFFFF: forever) for the sentinel `sentinel` (a
/// handle from dk_win_spawn_sentinel) to end and decodes how. Returns DK_WIN_SENTINEL_RELAYED
/// (`*signal` = the signal), DK_WIN_SENTINEL_OTHER (`*signal` = 0), DK_WIN_SENTINEL_RUNNING, or
/// -1 (GetLastError). `*exit_code` receives the raw exit code when it ended. Does not close the
/// handle. Start and record the next sentinel before dispatching the signal.
int dk_win_relay_wait(intptr_t sentinel, uint32_t timeout_ms, int *signal, uint32_t *exit_code);

/// The signal a sentinel exit code relays (1...255), or 0 when it relays none.
int dk_win_relay_decode(uint32_t exit_code);

// MARK: Standard streams (windows_stdio.c)

/// Opens a log file for the daemon's output: `append` non-zero opens it for appending
/// (FILE_APPEND_DATA, created if missing), zero truncates or creates it. Shared for read, write
/// and delete (so it can be renamed for rotation), not inheritable. 0 or -1 (GetLastError).
int dk_win_open_log(const wchar_t *path, int append, intptr_t *handle);

/// dk_win_redirect_standard: the descriptor and the Win32 handle are redirected, but the FILE
/// stream has no descriptor and the C runtime refused to reopen it (Wine does; see below).
#define DK_WIN_STDIO_STREAM_UNBOUND 1

/// Points standard stream `which` (0 input, 1 output, 2 error) at a duplicate of `handle` (0: the
/// NUL device) on every layer a program writes through: the C runtime descriptor `which` (_dup2,
/// binary mode), the Win32 standard handle (SetStdHandle, to the descriptor's handle) and the C
/// runtime FILE stream (stdin / stdout / stderr; Swift's print uses stdout). stdout and stderr
/// are made unbuffered, so nothing waits in a buffer when the daemon is ended from outside.
/// Call again to reopen a log (rotation). `handle` itself is not consumed.
/// A process started without standard handles has FILE streams whose descriptor is -2 for good
/// (msvcrt and UCRT alike: _dup2 onto 1 does not change what stdout writes to); such a stream is
/// reopened on NUL (freopen) and its new descriptor pointed at the file too. Wine's C runtime
/// refuses that freopen: then the result is DK_WIN_STDIO_STREAM_UNBOUND (GetLastError:
/// ERROR_NOT_SUPPORTED). Start the daemon with its log files as standard handles
/// (dk_win_spawn_detached) and its C runtime binds the streams itself, on every C runtime.
/// Returns 0 (all three layers), DK_WIN_STDIO_STREAM_UNBOUND, or -1 (GetLastError).
int dk_win_redirect_standard(int which, intptr_t handle);

// MARK: Console control events (windows_console.c)

/// Installs a console control handler that turns CTRL_C_EVENT and CTRL_BREAK_EVENT into signal
/// 2 (interrupt) and CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT and CTRL_SHUTDOWN_EVENT into 15
/// (terminate), each written as one byte to `wake` (the write end of the dispatcher's pipe; not
/// consumed, must stay open). Also re-enables Ctrl+C, which CREATE_NEW_PROCESS_GROUP disables.
/// For close, log-off and shutdown the handler (which Windows follows by ending the process)
/// returns only once dk_win_console_cleanup_done has been called or after `grace_ms`. Calling it
/// again replaces the wake handle and grace. 0 or -1 (GetLastError).
int dk_win_console_install(intptr_t wake, uint32_t grace_ms);

/// Tells a waiting close / log-off / shutdown handler that the process has cleaned up.
void dk_win_console_cleanup_done(void);

/// Runs the installed handler's logic for `control_type` (a CTRL_*_EVENT value) in the calling
/// thread, exactly as a delivered event would; for tests and for hosts that receive the event
/// some other way. Returns 1 when handled (mapped and written), 0 when not (no handler installed,
/// an unknown event, or the write failed).
int dk_win_console_deliver(uint32_t control_type);

/// The signal (Linux numbering) a console control event maps to, or 0 for none.
int dk_win_console_signal(uint32_t control_type);

// MARK: Running as a Windows service (windows_service.c)
//
// A program the service control manager (SCM) started answers it itself. dk_win_service_start
// runs StartServiceCtrlDispatcherW on a thread of its own (it blocks its thread until the service
// has stopped) and returns once the SCM has called ServiceMain, or once the dispatcher has said
// this process is not a service; the calling thread goes on running the program. From then on
// the SCM sees SERVICE_START_PENDING with a checkpoint that rises every quarter of the wait hint
// (a progress thread) until dk_win_service_ready reports SERVICE_RUNNING; a stop, shutdown or
// pre-shutdown control reports SERVICE_STOP_PENDING (rising the same way) and delivers signal 15
// (terminate), a parameter change delivers 1 (hangup), each to the program's callback on a
// delivery thread of its own, in order; dk_win_service_exit reports SERVICE_STOPPED with the
// exit code. A program that ends without it is reported stopped at exit (0 after a stop,
// ERROR_PROCESS_ABORTED otherwise).

/// dk_win_service_start: this process runs as a service; the SCM sees SERVICE_START_PENDING.
#define DK_WIN_SERVICE_STARTED 1
/// dk_win_service_start: the SCM did not start this process (ERROR_FAILED_SERVICE_CONTROLLER_CONNECT).
#define DK_WIN_SERVICE_NOT_STARTED_BY_SCM 0
/// The wait hint dk_win_service_start uses when given 0 (the checkpoint rises every 2.5 s).
#define DK_WIN_SERVICE_WAIT_HINT_MS 10000u
/// How long dk_win_service_exit waits for the dispatcher to return after SERVICE_STOPPED.
#define DK_WIN_SERVICE_EXIT_WAIT_MS 5000u

/// The program's side of a delivered control: `signal` is 15 (terminate) or 1 (hangup). Runs on
/// the delivery thread, never on the SCM's handler thread; may block or end the process.
typedef void (*dk_win_service_deliver_fn)(int signal);

/// Whether this process's parent is services.exe, the SCM, which starts every service process
/// (dk_process_identity). dk_win_service_start asks the dispatcher only then.
int dk_win_service_parent_is_scm(void);

/// Connects to the SCM if it started this process (its parent is the SCM and the dispatcher
/// connects). Returns DK_WIN_SERVICE_STARTED (the handler is
/// registered, SERVICE_START_PENDING reported with `wait_hint_ms`, 0 meaning
/// DK_WIN_SERVICE_WAIT_HINT_MS), DK_WIN_SERVICE_NOT_STARTED_BY_SCM, or -1 (GetLastError:
/// ERROR_SERVICE_ALREADY_RUNNING when called again in a service). Once per process as a service.
int dk_win_service_start(dk_win_service_deliver_fn deliver, uint32_t wait_hint_ms);

/// Whether this process runs as a service (dk_win_service_start returned DK_WIN_SERVICE_STARTED).
int dk_win_service_active(void);

/// The service's current SERVICE_* state as last reported, or 0 when not a service.
uint32_t dk_win_service_state(void);

/// The service's name as the SCM gave it, or NULL when not a service.
const wchar_t *dk_win_service_name(void);

/// Reports SERVICE_RUNNING (accepting stop, shutdown, pre-shutdown and parameter changes) if the
/// service is still starting. 1 when reported, 0 otherwise (not a service, or not starting).
int dk_win_service_ready(void);

/// Runs the control handler's logic for `control` (a SERVICE_CONTROL_* value) in the calling
/// thread, exactly as a control from the SCM would; for tests, and for the controls the SCM
/// sends only at shutdown. Returns the handler's answer: NO_ERROR, ERROR_CALL_NOT_IMPLEMENTED (an
/// unknown control), ERROR_SERVICE_CANNOT_ACCEPT_CTRL (a parameter change before running), or
/// ERROR_SERVICE_NOT_ACTIVE (not a service, or stopped).
uint32_t dk_win_service_control(uint32_t control);

/// The signal a service control becomes: 15 for stop, shutdown and pre-shutdown, 1 for a
/// parameter change, 0 for any other.
int dk_win_service_signal(uint32_t control);

/// How often the progress thread reports a pending state for `wait_hint_ms`: a quarter of it,
/// at least 50 ms.
uint32_t dk_win_service_interval(uint32_t wait_hint_ms);

/// What SERVICE_STOPPED carries for a process exit code: 0 is NO_ERROR; any other is
/// ERROR_SERVICE_SPECIFIC_ERROR with the code as the service-specific exit code.
void dk_win_service_exit_status(uint32_t exit_code, uint32_t *win32_exit_code, uint32_t *specific_exit_code);

/// The exit code of a service ended by `signal`: 0 for terminate (15) or interrupt (2) after the
/// SCM asked it to stop (its normal end), else 128 + `signal` as anywhere on Windows.
uint32_t dk_win_service_signal_exit_code(int signal);

/// Reports SERVICE_STOPPED with `exit_code` (dk_win_service_exit_status) once, then waits up to
/// DK_WIN_SERVICE_EXIT_WAIT_MS for the dispatcher to return, so the SCM has it before the
/// process ends. Call it right before exiting. 1 when reported, 0 otherwise (not a service, or
/// reported already).
int dk_win_service_exit(uint32_t exit_code);

// MARK: The keeper's child (windows_job.c, windows_stop.c)

/// Creates a job object (not inheritable) whose processes all end when its last handle closes
/// (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, no breakaway). `*job` receives it. 0 or -1.
int dk_win_job_create(intptr_t *job);

/// Starts `application` with `command_line` (copied; the caller quotes it), `environment` (a
/// CREATE_UNICODE_ENVIRONMENT block, or NULL for this process's) and `directory` (NULL: this
/// process's) in `job`: created suspended, assigned to the job, then resumed. Where this process
/// has a console the child shares it in a new process group (CREATE_NEW_PROCESS_GROUP, which
/// starts with Ctrl+C ignored); where it has none the child gets its own console without a window
/// (CREATE_NO_WINDOW). It inherits only copies of the three standard handles (0: none).
/// `*process` receives its handle (the caller closes it), `*pid` its id. 0 or -1 (GetLastError;
/// a child that could not be put in the job is ended).
int dk_win_job_spawn(intptr_t job, const wchar_t *application, const wchar_t *command_line,
                     const wchar_t *environment, const wchar_t *directory, intptr_t std_input,
                     intptr_t std_output, intptr_t std_error, intptr_t *process, uint32_t *pid);

/// Whether this process is attached to a console (GetConsoleProcessList).
int dk_win_has_console(void);

/// Waits up to `timeout_ms` for `process` to end: 1 (ended; `*exit_code` set), 0 (still running)
/// or -1 (GetLastError).
int dk_win_job_wait(intptr_t process, uint32_t timeout_ms, uint32_t *exit_code);

/// Sends Ctrl+C to process `pid`'s tree: with a console shared with it, to its process group
/// (GenerateConsoleCtrlEvent(CTRL_C_EVENT, pid)); without one, by attaching to its console for the
/// moment (ignoring Ctrl+C here meanwhile) and sending it to that console's processes. 0 or -1
/// (GetLastError; also when `pid` has no console to attach to).
int dk_win_send_ctrl_c(uint32_t pid);

/// Posts WM_CLOSE to every top-level window (visible or not) of process `pid`. Returns how many
/// were posted (0: it has none), or -1 (GetLastError).
int dk_win_close_windows(uint32_t pid);

/// dk_win_stop_escalate: the process had ended before anything was sent.
#define DK_WIN_STOP_ENDED_ALREADY 0
/// dk_win_stop_escalate: it ended after Ctrl+C.
#define DK_WIN_STOP_CTRL_C 1
/// dk_win_stop_escalate: it ended after WM_CLOSE.
#define DK_WIN_STOP_CLOSE 2
/// dk_win_stop_escalate: it was ended (TerminateJobObject or TerminateProcess).
#define DK_WIN_STOP_TERMINATE 3

/// Stops `process` (id `pid`) in NSSM's order: Ctrl+C (dk_win_send_ctrl_c), waiting up to
/// `ctrl_c_ms`; then WM_CLOSE to its windows (dk_win_close_windows), waiting up to `close_ms`
/// (skipped when it has none); then ends `job` (its whole tree; when `job` is 0, `process`
/// alone) with `exit_code`, waiting up to `terminate_ms`. A step that cannot be taken is skipped.
/// Returns the DK_WIN_STOP_* step that ended it, or -1 (GetLastError; ERROR_TIMEOUT when it
/// had not ended even after being terminated).
int dk_win_stop_escalate(intptr_t process, uint32_t pid, intptr_t job, uint32_t ctrl_c_ms, uint32_t close_ms,
                         uint32_t terminate_ms, uint32_t exit_code);

// MARK: Paths (windows_path.c)

/// The absolute form of `path` (GetFullPathNameW; relative to the current directory) in
/// `buffer` of `capacity` UTF-16 units. Returns its length without the terminating NUL when it
/// fits, else the capacity needed (NUL included, so larger than `capacity`); 0 on failure
/// (GetLastError).
uint32_t dk_win_full_path(const wchar_t *path, wchar_t *buffer, uint32_t capacity);

// MARK: Installing services (windows_service_install.c)
//
// What `daemoniker install --manager windows` and `uninstall` decide, through the service control
// manager: create (or, when replacing, reconfigure) a service with every setting, start it and
// wait until it runs; stop it, wait until it has stopped, delete it. The results below; on
// DK_WIN_SERVICE_FAILED the Win32 error is in GetLastError() (ERROR_ACCESS_DENIED without the
// rights, ERROR_TIMEOUT when a wait ran out).

/// Done: installed (or reconfigured), started, or stopped and deleted.
#define DK_WIN_SERVICE_DONE 0
/// Failed (GetLastError).
#define DK_WIN_SERVICE_FAILED (-1)
/// Not installed: a service of that name exists and replacing was not asked.
#define DK_WIN_SERVICE_EXISTS 1
/// Not uninstalled or started: no service of that name exists.
#define DK_WIN_SERVICE_UNKNOWN 2

/// Start types of dk_win_service_config: SERVICE_AUTO_START, the same with delayed auto-start,
/// SERVICE_DEMAND_START.
#define DK_WIN_SERVICE_START_AUTO 0
#define DK_WIN_SERVICE_START_DELAYED 1
#define DK_WIN_SERVICE_START_MANUAL 2

/// Recovery actions: this many restarts, the failure count reset after this many seconds.
#define DK_WIN_SERVICE_RESTARTS 3
#define DK_WIN_SERVICE_RESET_SECONDS 86400u

/// A service to install: an own-process service (SERVICE_WIN32_OWN_PROCESS), normal error
/// control.
typedef struct dk_win_service_config {
    /// The service's name.
    const wchar_t *name;
    /// Its display name (NULL: the name).
    const wchar_t *display_name;
    /// Its description (NULL: none).
    const wchar_t *description;
    /// The program and its arguments, one command line (the program's path quoted if it has spaces).
    const wchar_t *command_line;
    /// DK_WIN_SERVICE_START_AUTO, _DELAYED or _MANUAL.
    int start_type;
    /// The account (NULL: LocalSystem) and its password (NULL: none).
    const wchar_t *account;
    const wchar_t *password;
    /// The services it depends on: names each ended by a NUL, the list by one more (NULL: none).
    const wchar_t *dependencies;
    /// Restart it this many milliseconds after a failure, DK_WIN_SERVICE_RESTARTS times, also
    /// after a stop with a non-zero exit code (0: no recovery actions).
    uint32_t restart_delay_ms;
    /// Non-zero: an installed service of that name is reconfigured with every setting above
    /// (ChangeServiceConfigW) instead of refused.
    int replace;
} dk_win_service_config;

/// Installs the service `config` describes (CreateServiceW; the description, the delayed
/// auto-start flag and the recovery actions with ChangeServiceConfig2W). A service created here
/// whose second step fails is deleted again. A manager that does not know delayed auto-start or
/// the failure-actions flag (ERROR_INVALID_LEVEL; Wine's) is passed over when the setting is
/// off, and fails the install when it was asked for. DK_WIN_SERVICE_DONE, _EXISTS or _FAILED.
int dk_win_service_install(const dk_win_service_config *config);

/// Starts the service `name` (StartServiceW; one that already runs counts) and waits up to
/// `timeout_ms` until it reports SERVICE_RUNNING. DK_WIN_SERVICE_DONE, _UNKNOWN or _FAILED (one
/// that stopped instead: its Win32 exit code, or ERROR_SERVICE_NOT_ACTIVE).
int dk_win_service_start_installed(const wchar_t *name, uint32_t timeout_ms);

/// Stops the service `name` (ControlService SERVICE_CONTROL_STOP unless it is stopped already),
/// waits up to `timeout_ms` until it reports SERVICE_STOPPED, then deletes it (DeleteService).
/// A service that does not stop in time is not deleted (ERROR_TIMEOUT). DK_WIN_SERVICE_DONE,
/// _UNKNOWN or _FAILED.
int dk_win_service_uninstall(const wchar_t *name, uint32_t timeout_ms);

/// What the service control manager holds for a service (QueryServiceConfigW,
/// QueryServiceConfig2W, QueryServiceStatusEx), as written back by dk_win_service_query.
typedef struct dk_win_service_info {
    /// SERVICE_AUTO_START, SERVICE_DEMAND_START, ...; SERVICE_WIN32_OWN_PROCESS, ...
    uint32_t start_type;
    uint32_t service_type;
    /// Non-zero when delayed auto-start is set (known_delayed: the manager knows the setting;
    /// Wine's does not).
    int delayed;
    int known_delayed;
    /// SERVICE_RUNNING, SERVICE_STOPPED, ...
    uint32_t state;
    wchar_t command_line[1024];
    wchar_t display_name[256];
    wchar_t account[256];
    wchar_t description[512];
    /// Names each ended by a NUL, the list by one more.
    wchar_t dependencies[512];
    /// The recovery actions: how many, their types (SC_ACTION_RESTART, ...) and delays, the
    /// reset period, and whether they apply after a stop with a non-zero exit code (known_*: the
    /// manager answers for them; Wine's answers for neither).
    int known_actions;
    int known_actions_flag;
    uint32_t action_count;
    uint32_t action_type[DK_WIN_SERVICE_RESTARTS];
    uint32_t action_delay_ms[DK_WIN_SERVICE_RESTARTS];
    uint32_t reset_period_s;
    int actions_on_non_crash_failures;
} dk_win_service_info;

/// Reads back what the service control manager holds for `name` into `info` (strings cut to fit).
/// DK_WIN_SERVICE_DONE, _UNKNOWN or _FAILED.
int dk_win_service_query(const wchar_t *name, dk_win_service_info *info);

#endif  // _WIN32
#endif  // DAEMONIKER_SHIM_H
