import DaemonikerPlatform

/// No detaching, for a process a supervisor already runs in the background (systemd, launchd,
/// a container): pid file, working directory, umask, stdio, readiness and clean-up still apply.
/// Under systemd `Type=notify` (`NOTIFY_SOCKET` set) readiness is `READY=1` with `MAINPID=`,
/// the start timeout is extended to the readiness timeout while `setup` runs, a failure is told
/// as `STATUS=` and `ERRNO=`, and `STOPPING=1` is sent at shutdown. `setup` and `whenReady` run
/// in this same process.
struct ForegroundBackend: Backend {
    /// `.foreground`, or the strategy of a backend that runs in the foreground the same way
    /// (``WindowsServiceBackend``).
    var strategy: DaemonizationStrategy = .foreground

    func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon {
        var notify: NotifySocket?
        if let path = Platform.environmentValue("NOTIFY_SOCKET") {
            do {
                notify = try NotifySocket(path: path)
            } catch {
                throw DaemonikerError("open NOTIFY_SOCKET \(path)", error)
            }
        }
        let lock: PIDFileLock?
        let state: [UInt8]
        let validated: ValidatedConfiguration
        do throws(DaemonikerError) {
            validated = try ValidatedConfiguration(request.configuration)
            // The manager's start timeout (systemd: 90 s) must not end a setup the program
            // allows longer for.
            try? notify?.send("EXTEND_TIMEOUT_USEC=\(validated.timeoutMilliseconds * 1000)")
            (lock, state) = try request.lockAndRunSetup(validated)
        } catch {
            try? notify?.send(DaemonSession.failureNotice(error))
            throw error
        }
        let session = DaemonSession(
            strategy: strategy, lock: lock, reporter: nil, notify: notify, whenReady: request.whenReady)
        do {
            try DaemonSteps.apply(
                validated, lock: lock, options: .init(detached: false, keep: [], notify: notify))
        } catch {
            session.fail(error)
        }
        return DetachedDaemon(state: state, session: session)
    }
}
