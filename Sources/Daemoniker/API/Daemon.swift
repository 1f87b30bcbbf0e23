/// The running daemon, as ``Daemoniker/daemonize(setup:whenReady:)`` returns it in the daemon.
public final class Daemon<State: Sendable>: Sendable {
    /// The value `setup` returned in the original process.
    public let state: State
    let session: DaemonSession

    init(state: State, session: DaemonSession) {
        self.state = state
        self.session = session
    }

    /// The daemon's process id.
    public var pid: Int32 { session.launch.pid }

    /// The strategy that detached this process: ``DaemonizationStrategy/fork``,
    /// ``DaemonizationStrategy/relaunch`` or ``DaemonizationStrategy/foreground``.
    public var strategy: DaemonizationStrategy { session.strategy }

    /// The pid file this daemon holds locked, if any.
    public var pidFile: String? { session.lock?.path }

    /// Whether readiness has been reported.
    public var isReady: Bool { session.isReady }

    /// Reports that the daemon is ready (with ``Readiness/manual``; `.automatic` already did on
    /// return from `daemonize`). The launcher then runs `whenReady` and exits 0; under systemd
    /// `Type=notify`, `READY=1` is sent. Calling it again does nothing.
    public func ready() {
        session.ready()
    }

    /// Ends the daemon because of `error`. Before ready, the launching process prints the
    /// error's message on its standard error and exits non-zero; after, the message goes to the
    /// daemon's standard error. The pid file is removed.
    public func fail(_ error: any Error) -> Never {
        if let error = error as? DaemonikerError { session.fail(error) }
        session.fail(DaemonikerError(.daemonFailed, "\(error)"))
    }
}
