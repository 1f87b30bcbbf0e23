import DaemonikerPlatform

/// The launching process's end of a start: wait for the daemon, then exit 0 after `whenReady`,
/// or print the daemon's error, make sure nothing is left behind, and exit non-zero.
enum Launcher {
    /// Prints `error` as the launcher's last word and exits with its launcher exit code.
    static func exit(with error: DaemonikerError) -> Never {
        Platform.flushStandardStreams()
        Platform.writeStandardError("daemoniker: \(error.message)\n")
        Platform.exitProcess(error.launcherExitCode)
    }

    /// Waits for the daemon's word on `waiter` and ends the launching process accordingly.
    /// `lock` is the launcher's copy of the pid-file lock, handed to the daemon.
    static func finish(
        waiter: ReadinessWaiter, lock: PIDFileLock?, strategy: DaemonizationStrategy,
        timeoutMilliseconds: Int64,
        whenReady: (Launch) -> Void, executable: String? = nil
    ) -> Never {
        let outcome = waiter.wait(milliseconds: timeoutMilliseconds)
        Platform.close(waiter.descriptor)
        switch outcome {
        case .ready(let pid):
            lock?.closeDescriptorOnly()
            whenReady(Launch(pid: pid, pidFile: lock?.path, strategy: strategy))
            Platform.flushStandardStreams()
            Platform.exitProcess(0)
        case .failed(let error, let pid):
            leaveNothingBehind(pid: pid, lock: lock, kill: false)
            exit(with: error)
        case .execFailed(let code, let pid):
            leaveNothingBehind(pid: pid, lock: lock, kill: false)
            let cause = SystemError("exec \(executable ?? "the daemon")", code: code)
            exit(
                with: DaemonikerError(
                    .daemonFailed, "could not start \(executable ?? "the daemon"): \(cause.reason)",
                    cause: cause))
        case .detachFailed(let code):
            leaveNothingBehind(pid: nil, lock: lock, kill: false)
            let cause = SystemError("setsid or fork", code: code)
            exit(
                with: DaemonikerError(
                    .systemCallFailed,
                    "could not detach from the session: \(cause.reason)\(cause.isWouldBlock ? "; the process limit (ulimit -u) is reached: end some processes or raise it" : "")",
                    cause: cause))
        case .exited(let pid):
            leaveNothingBehind(pid: pid, lock: lock, kill: false)
            exit(
                with: DaemonikerError(
                    .daemonExited,
                    "the daemon\(pid.map { " (pid \($0))" } ?? "") exited before it reported ready; look at its standard error (configure standardError: .file(...) to keep it)"
                ))
        case .timedOut(let pid):
            leaveNothingBehind(pid: pid, lock: lock, kill: true)
            let seconds = Double(timeoutMilliseconds) / 1000
            exit(
                with: DaemonikerError(
                    .readinessTimeout,
                    "the daemon\(pid.map { " (pid \($0))" } ?? "") did not report ready within \(seconds) s and was stopped; call ready() sooner with readiness .manual, or raise readinessTimeout"
                ))
        }
    }

    /// Ends the daemon if asked, waits until it is gone, then removes the pid file if it is still
    /// the one locked for this start.
    private static func leaveNothingBehind(pid: Int32?, lock: PIDFileLock?, kill: Bool) {
        if let pid {
            if kill { try? Platform.kill(pid, Signal.kill.rawValue) }
            if !Platform.waitUntilGone(pid, milliseconds: 10_000), !kill {
                try? Platform.kill(pid, Signal.kill.rawValue)
                _ = Platform.waitUntilGone(pid, milliseconds: 5_000)
            }
        }
        if let lock { SentinelRecord.removeLeftovers(forPIDFile: lock.path) }
        lock?.release()
    }
}
