#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    extension Platform {
        /// Records what the daemon undoes when it ends (at exit, and from the default
        /// terminate / interrupt / abort action), all from async-signal-safe C.
        package static func configureCleanup(
            pidFile: String?, lockFD: Int32, sentinelRecord: String?, notify: NotifySocket?
        ) {
            let address = notify?.address ?? []
            address.withUnsafeBytes { raw in
                dk_cleanup_configure(
                    pidFile, lockFD, sentinelRecord, notify?.fd ?? -1, raw.baseAddress, UInt32(raw.count))
            }
        }

        /// Adds a log file a hangup reopens onto `target` (1 or 2); any number of them. The C
        /// table grows as needed; it fails only when a few bytes cannot be allocated, and then
        /// the hangup reopens the other logs, while output goes on to the log opened at start.
        package static func addReopenableLog(
            _ path: String, target: Int32, permissions: UInt32, followingLinks: Bool
        ) {
            _ = dk_cleanup_add_log(path, target, Int32(permissions), followingLinks ? 1 : 0)
        }

        /// Runs the daemon's cleanup now (pid file, sentinel record, STOPPING=1). Idempotent.
        package static func runCleanup() {
            dk_cleanup_run()
        }

        /// Reopens the configured log files.
        package static func reopenLogs() {
            dk_reopen_logs()
        }

        /// Makes `signal` run the clean-up and then end the process by `signal` itself
        /// (`dk_exit_by_signal`), from the OS handler.
        package static func installCleanExit(_ signal: Int32) throws(SystemError) {
            try retrying("sigaction \(signal)") { dk_install_clean_exit(signal) }
        }

        /// Ends this process by `signal` (`dk_exit_by_signal`): no core dump, the default action
        /// restored, the signal unblocked in this thread and raised; a process still alive then
        /// (PID 1 of a pid namespace, a signal whose default ignores or stops) `_exit`s with
        /// 128 + `signal`. Runs no clean-up.
        package static func exitBySignal(_ signal: Int32) -> Never {
            dk_exit_by_signal(signal)
        }

        /// Makes `signal` reopen the log files, from the OS handler.
        package static func installLogReopening(_ signal: Int32) throws(SystemError) {
            try retrying("sigaction \(signal)") { dk_install_log_reopening(signal) }
        }

        /// Installs a handler that only writes the signal's number to `wakeFD`.
        package static func installWakeHandler(_ signal: Int32, wakeFD: Int32) throws(SystemError) {
            try retrying("sigaction \(signal)") { dk_install_wake_handler(signal, wakeFD) }
        }

        /// Sets `signal` to the OS default (`ignore == false`) or to ignored.
        package static func setDisposition(_ signal: Int32, ignore: Bool) throws(SystemError) {
            try retrying("sigaction \(signal)") { dk_set_disposition(signal, ignore ? 1 : 0) }
        }

        /// Puts back the action `signal` had before Daemoniker first changed it.
        package static func restoreOriginalAction(_ signal: Int32) throws(SystemError) {
            try retrying("sigaction \(signal)") { dk_restore_original_action(signal) }
        }

        /// Sends `signal` to this process, so it is handled exactly as if it came from outside,
        /// and returns once a thread has taken it, so that the next one is not merged with it.
        package static func raiseInProcess(_ signal: Int32) {
            _ = dk_raise_in_process(signal)
        }

        /// Exit status base of a sentinel that relayed a signal.
        package static var relayExitBase: Int32 { DK_RELAY_EXIT_BASE }

        /// The environment variable that makes the executable a sentinel.
        package static var sentinelVariable: String { DK_SENTINEL_VARIABLE }
    }
#endif

#if !os(Windows)
    extension Platform {
        /// Whether the sentinel answers relayed signals and stays (Linux, FreeBSD: queued
        /// real-time signals) rather than ending with each one (macOS: no `sigqueue`).
        package static var relayAnswersInPlace: Bool { dk_relay_queues() != 0 }

        /// Relays `signal` to the sentinel `pid` so that it knows the signal is relayed
        /// (`dk_relay_send`): to one that answers in place, a real-time signal carrying `token`
        /// and `signal`; else `signal` itself carrying `token` (macOS: plainly). Throws `EAGAIN`
        /// (`isWouldBlock`) while the sentinel's queue is full.
        package static func relaySignal(_ signal: Int32, toSentinel pid: Int32, token: Int32, inPlace: Bool)
            throws(SystemError)
        {
            try retrying("sigqueue \(pid)") { dk_relay_send(pid, signal, token, inPlace ? 1 : 0) }
        }

        /// The signal a sentinel relayed, read from how it ended; nil for any other end.
        package static func relayedSignal(from status: ExitStatus) -> Int32? {
            guard case .exited(let code) = status, code > relayExitBase, code < relayExitBase + 65 else {
                return nil
            }
            return code - relayExitBase
        }
    }
#endif
