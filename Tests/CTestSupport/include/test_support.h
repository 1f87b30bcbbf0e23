// What the test helper needs from C that Swift's Glibc module does not import. Declared on every
// OS (SwiftPM builds this target everywhere); where the OS lacks a call it fails with ENOSYS.
#ifndef DAEMONIKER_TEST_SUPPORT_H
#define DAEMONIKER_TEST_SUPPORT_H

/// Makes this process a child subreaper (orphans below it are reparented to it). 0 or -1
/// (Linux only; ENOSYS elsewhere).
int ts_become_subreaper(void);

/// Makes `fd` (a terminal) this session leader's controlling terminal. 0 or -1 (ENOSYS on
/// Windows).
int ts_set_controlling_terminal(int fd);

/// Opens a new pseudo-terminal master and returns it (or -1); writes the slave's path to `path`
/// (ENOSYS on Windows).
int ts_open_pty(char *path, unsigned long size);

/// The real-time signal the relay queues to a sentinel (SIGRTMAX; 0 where there is none).
int ts_relay_signal(void);

/// Sets the soft RLIMIT_FSIZE of process `pid` to `bytes` (negative: no limit), as if its
/// filesystem were full for any write (Linux prlimit, root). 0 or -1 (errno).
int ts_set_file_size_limit(int pid, long long bytes);

/// Sets this process's name as the kernel reports it (Linux PR_SET_NAME). 0 or -1 (errno).
int ts_set_process_name(const char *name);

/// Puts the next child this process starts into a new pid namespace, where it is PID 1 (Linux,
/// root). 0 or -1 (errno).
int ts_new_pid_namespace(void);

#endif
