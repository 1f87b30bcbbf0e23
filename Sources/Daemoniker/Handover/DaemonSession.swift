import DaemonikerPlatform
import Synchronization

/// The daemon's side of daemonization, shared by every backend: the pid-file lock, the readiness
/// channel until ready, the service manager's socket, and how to fail before ready.
final class DaemonSession: Sendable {
    let strategy: DaemonizationStrategy
    let lock: PIDFileLock?
    let notify: NotifySocket?
    private let pending: Mutex<Pending>

    private struct Pending {
        var reporter: ReadinessReporter?
        var whenReady: UncheckedBox<(Launch) -> Void>?
        var isReady = false
    }

    init(
        strategy: DaemonizationStrategy, lock: PIDFileLock?, reporter: ReadinessReporter?,
        notify: NotifySocket?,
        whenReady: ((Launch) -> Void)? = nil
    ) {
        self.strategy = strategy
        self.lock = lock
        self.notify = notify
        pending = Mutex(Pending(reporter: reporter, whenReady: whenReady.map(UncheckedBox.init)))
    }

    var launch: Launch {
        Launch(pid: Platform.processID, pidFile: lock?.path, strategy: strategy)
    }

    var isReady: Bool { pending.withLock { $0.isReady } }

    /// Reports ready: to the launcher over the channel (then closed), to a service manager with
    /// `READY=1`, or (in the foreground without either) to `whenReady` in this process.
    func ready() {
        let first = pending.withLock { state -> (ReadinessReporter?, UncheckedBox<(Launch) -> Void>?)? in
            if state.isReady { return nil }
            state.isReady = true
            defer {
                state.reporter = nil
                state.whenReady = nil
            }
            return (state.reporter, state.whenReady)
        }
        guard let (reporter, whenReady) = first else { return }  // Ready once; later calls do nothing.
        if let reporter {
            reporter.send(.ready(Platform.processID))
            reporter.close()
        }
        try? notify?.send("READY=1\nMAINPID=\(Platform.processID)")
        whenReady?.value(launch)
    }

    /// Fails the daemon: before ready the launcher prints `error` and exits non-zero; after,
    /// the error goes to standard error. Either way the pid file is removed and the process ends.
    func fail(_ error: DaemonikerError) -> Never {
        let reporter = pending.withLock { state -> ReadinessReporter? in
            defer { state.reporter = nil }
            return state.reporter
        }
        if let reporter {
            reporter.send(.failure(error))
            reporter.close()
        } else {
            Platform.writeStandardError("daemoniker: \(error.message)\n")
        }
        try? notify?.send("STOPPING=1")
        Platform.runCleanup()
        lock?.release()
        Platform.exitImmediately(error.launcherExitCode)
    }
}
