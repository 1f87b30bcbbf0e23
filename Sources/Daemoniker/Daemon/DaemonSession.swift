import DaemonikerPlatform
import Synchronization

/// The daemon's side of daemonization, shared by every backend: the pid-file lock, the readiness
/// channel until ready, the service manager's socket, and how to fail before ready.
final class DaemonSession: Sendable {
    let strategy: DaemonizationStrategy
    let lock: PIDFileLock?
    let notify: NotifySocket?
    /// In an upgrade's new generation: the old generation's pid. Such a session takes the pid
    /// file over only at ready; before, its failure leaves the file and the lock alone.
    let upgradedFrom: Int32?
    private let pending: Mutex<Pending>

    private struct Pending {
        var reporter: ReadinessReporter?
        var whenReady: UncheckedBox<(Launch) -> Void>?
        var readinessDescriptor: Int32?
        var isReady = false
        var reloading = false
        var hooks: [@Sendable () -> Void] = []
    }

    /// What ``ready()`` has to do this time.
    private enum Step {
        case first(ReadinessReporter?, UncheckedBox<(Launch) -> Void>?, Int32?, [@Sendable () -> Void])
        case reloaded
        case nothing
    }

    init(
        strategy: DaemonizationStrategy, lock: PIDFileLock?, reporter: ReadinessReporter?,
        notify: NotifySocket?,
        whenReady: ((Launch) -> Void)? = nil, upgradedFrom: Int32? = nil
    ) {
        self.strategy = strategy
        self.lock = lock
        self.notify = notify
        self.upgradedFrom = upgradedFrom
        pending = Mutex(Pending(reporter: reporter, whenReady: whenReady.map(UncheckedBox.init)))
    }

    var launch: Launch {
        Launch(pid: Platform.processID, pidFile: lock?.path, strategy: strategy)
    }

    var isReady: Bool { pending.withLock { $0.isReady } }

    /// Runs `hook` once this daemon is ready (at once if it is).
    func whenReady(_ hook: @escaping @Sendable () -> Void) {
        let now = pending.withLock { state -> Bool in
            if state.isReady { return true }
            state.hooks.append(hook)
            return false
        }
        if now { hook() }
    }

    /// Adds the supervisor's readiness descriptor (s6, dinit), told at ready.
    func setReadinessDescriptor(_ fd: Int32?) {
        pending.withLock { $0.readinessDescriptor = fd }
    }

    /// Tells the service manager, if there is one, `message` (`"STATUS=…"`); nothing otherwise.
    func tell(_ message: String) {
        try? notify?.send(message)
    }

    /// Reports ready: to the launcher over the channel (then closed), to a service manager with
    /// `READY=1`, to a supervisor's readiness descriptor, or (in the foreground without any) to
    /// `whenReady` in this process. After ``reloading()``, tells the manager `READY=1` again.
    func ready() {
        let step = pending.withLock { state -> Step in
            if state.isReady {
                defer { state.reloading = false }
                return state.reloading ? .reloaded : .nothing
            }
            state.isReady = true
            defer {
                state.reporter = nil
                state.whenReady = nil
                state.readinessDescriptor = nil
                state.hooks = []
            }
            return .first(state.reporter, state.whenReady, state.readinessDescriptor, state.hooks)
        }
        guard case .first(let reporter, let whenReady, let descriptor, let hooks) = step else {
            if case .reloaded = step { tell("READY=1") }
            return
        }
        if let reporter {
            let told = reporter.trySend(.ready(Platform.processID))
            reporter.close()
            if upgradedFrom != nil { takeOver(told: told) }
        }
        tell("READY=1\nMAINPID=\(Platform.processID)")
        Platform.markServiceReady()
        if let descriptor {
            try? Platform.writeWithoutBrokenPipeSignal(descriptor, [UInt8(ascii: "\n")])
            Platform.close(descriptor)
        }
        if notify != nil { Watchdog.start { [self] message in tell(message) } }
        for hook in hooks { hook() }
        whenReady?.value(launch)
    }

    /// In an upgrade's new generation that has reported ready: from now on the pid file is this
    /// process's (the old generation writes this pid into it now), removed at its exit. If the
    /// old generation could not be told (it ended meanwhile), nobody switches the pid file to
    /// this process: it ends at once, leaving the file and the lock alone.
    private func takeOver(told: Bool) {
        guard told else {
            Platform.writeStandardError(
                "daemoniker: the old generation (pid \(upgradedFrom ?? 0)) ended before it heard that this one (pid \(Platform.processID)) is ready; exiting\n"
            )
            Platform.exitImmediately(1)
        }
        if let lock {
            Platform.configureCleanup(
                pidFile: lock.path, lockFD: lock.descriptor, sentinelRecord: nil, notify: notify)
        }
    }

    /// Tells the service manager that a reload began (`RELOADING=1`, `MONOTONIC_USEC=`); the
    /// next ``ready()`` says it is done. Does nothing before ready.
    func reloading() {
        let began = pending.withLock { state -> Bool in
            guard state.isReady else { return false }
            state.reloading = true
            return true
        }
        if began { Platform.notifyReloading() }
    }

    /// What a service manager is told when the daemon fails: the message as `STATUS=`, and
    /// the system's error number as `ERRNO=` when a system call failed.
    static func failureNotice(_ error: DaemonikerError) -> String {
        let status = "STATUS=" + error.message.split(separator: "\n").joined(separator: " ")
        guard let code = error.underlyingError?.code, code > 0 else { return status }
        return status + "\nERRNO=\(code)"
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
        // Through the clean-up's socket once it is configured, which then says STOPPING=1 itself;
        // before that, through this session's own.
        let notice = Self.failureNotice(error)
        // An upgrade's new generation that is not ready is not the service: the manager hears
        // nothing of its end.
        if upgradedFrom != nil && !isReady {
        } else if !Platform.notifyServiceManager(notice) {
            tell(notice)
            tell("STOPPING=1")
        }
        Platform.runCleanup()
        // A new generation that is not ready yet holds the lock only beside the old one, which
        // still serves under it: releasing it would release the old one's too.
        if upgradedFrom == nil || isReady { lock?.release() }
        Platform.exitImmediately(error.launcherExitCode)
    }
}
