// The C part of Daemoniker's platform layer. Everything here exists because Swift cannot do it
// itself (fork is unavailable to Swift on Darwin) or must not (code between fork and exec in a
// multithreaded process, and signal handlers, may only call async-signal-safe functions).
#ifndef DAEMONIKER_SHIM_H
#define DAEMONIKER_SHIM_H

#include <stddef.h>
#include <stdint.h>

#if !defined(_WIN32)
#include <sys/types.h>

/// The environment variable that turns the executable into a sentinel before any user code runs.
#define DK_SENTINEL_VARIABLE "DAEMONIKER_SENTINEL"
/// A relayed signal ends the sentinel with exit status DK_RELAY_EXIT_BASE + signal number.
#define DK_RELAY_EXIT_BASE 64

/// A pipe with both ends close-on-exec from the start (pipe2 where it exists), so that a
/// concurrent spawn in another thread cannot inherit it. 0 or -1 (errno).
int dk_pipe_cloexec(int fds[2]);

/// Writes all of `buffer` to `fd` without dying of SIGPIPE when the reader is gone (the calling
/// thread blocks SIGPIPE and discards one raised by this write). Returns 0, or -1 with errno
/// (EPIPE when the reader is gone). Async-signal-safe.
int dk_write_all_nosigpipe(int fd, const void *buffer, size_t length);

/// Opens /dev/null onto any of descriptors 0, 1 and 2 that is closed, so that descriptors the
/// library opens never take their place. 0 or -1.
int dk_fill_standard_descriptors(void);

/// Number of threads in this process, or -1 when the OS does not say.
int dk_thread_count(void);

/// Starts a detached thread running `start(context)`. Returns 0 or the error number (the
/// `pthread_t` type differs between the POSIX systems; this keeps it out of Swift).
int dk_start_thread(void *(*start)(void *), void *context);

/// fork(2), which Swift cannot call directly on Darwin.
pid_t dk_fork(void);

/// Closes every descriptor >= 3 that is not in `keep`. Uses close_range / closefrom where the
/// kernel has them, else closes only the descriptors listed as open. Returns 0 or -1 (errno).
int dk_close_descriptors(const int *keep, size_t keep_count);

/// Sets every catchable signal to its default disposition and clears the signal mask.
void dk_reset_signals(void);

/// Starts `path` detached: fork, setsid, fork, exec, from async-signal-safe code only, so it is
/// safe in a multithreaded process. The descriptors in `inherit` stay open across exec. If exec
/// fails, the grandchild writes a frame ('X', 4-byte length, errno as decimal text) to
/// `report_fd` before exiting. Returns 0, or -1 with errno set when the first fork fails.
int dk_spawn_detached(const char *path, char *const argv[], char *const envp[],
                      const int *inherit, size_t inherit_count, int report_fd);

/// Starts `path` as a sentinel child: signals reset, `wait_fd` moved to descriptor 3 and
/// `ready_fd` to descriptor 4, every other descriptor closed, stdio on /dev/null, then exec.
/// The sentinel writes one byte to descriptor 4 once its signal handlers are in place.
/// Returns the child's pid or -1 (errno).
pid_t dk_spawn_sentinel(const char *path, char *const argv[], char *const envp[], int wait_fd, int ready_fd);

/// A pidfd for `pid` (Linux 5.3+), or -1 with errno (ENOSYS elsewhere).
int dk_pidfd_open(pid_t pid);

/// Makes stdout line-buffered and stderr unbuffered.
void dk_line_buffer_stdio(void);

/// Writes the real path of the running executable into `buffer`. Returns its length or -1.
long dk_executable_path(char *buffer, size_t size);

/// The arguments the process was started with, as the C runtime handed them over (raw bytes).
int dk_saved_argc(void);
/// See dk_saved_argc.
const char *dk_saved_argv(int index);

/// Queues `signo` to `pid` carrying `value` (sigqueue), or sends it plainly where the OS has no
/// sigqueue. Returns 0 or -1 (errno).
int dk_signal_with_value(pid_t pid, int signo, int value);

// MARK: Cleanup at exit and default signal actions (all async-signal-safe).

/// Records what the daemon must undo when it ends: the pid file (removed only while the path is
/// still the locked file), the sentinel record and its lock file (`<record>.lock`), and a
/// datagram socket to tell STOPPING=1.
/// `pid_path` and `sentinel_path` are copied. Registers the exit-time cleanup once.
void dk_cleanup_configure(const char *pid_path, int lock_fd, const char *sentinel_path,
                          int notify_fd, const void *notify_address, unsigned notify_length);

/// Adds a log file that a hangup reopens onto `target_fd` (1 or 2) in append mode.
void dk_cleanup_add_log(const char *path, int target_fd, int mode);

/// Runs the cleanup now (idempotent; does nothing in any process but the daemon).
void dk_cleanup_run(void);

/// Installs the default action for `signo`: terminate, interrupt and abort clean up and _exit
/// with 128 + signal; hangup reopens the configured log files. Returns 0 or -1.
int dk_install_default_action(int signo);

/// Installs a handler that writes the signal number as one byte to `wake_fd` (non-blocking)
/// and does nothing else. Returns 0 or -1.
int dk_install_wake_handler(int signo, int wake_fd);

/// Sets the disposition of `signo` to SIG_DFL (0) or SIG_IGN (1). Returns 0 or -1.
int dk_set_disposition(int signo, int ignore);

/// Reopens the configured log files now (what the default hangup action does).
void dk_reopen_logs(void);

#endif  // !_WIN32
#endif  // DAEMONIKER_SHIM_H
