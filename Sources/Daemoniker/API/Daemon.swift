/// The running daemon, as ``Daemoniker/daemonize(setup:whenReady:)`` returns it in the daemon.
public final class Daemon<State: Sendable>: Sendable {
    /// The value `setup` returned in the original process.
    public let state: State
    let session: DaemonSession

    /// The sockets the service manager passed (systemd socket activation), in its order; empty
    /// when there were none. Their descriptors stay open across daemonizing, with every strategy.
    public let activatedSockets: [ActivatedSocket]

    let handOver: GenerationHandOver?

    init(
        state: State, session: DaemonSession, activatedSockets: [ActivatedSocket],
        handOver: GenerationHandOver? = nil
    ) {
        self.state = state
        self.session = session
        self.activatedSockets = activatedSockets
        self.handOver = handOver
    }

    /// The activated sockets named `name` (`FileDescriptorName=`).
    public func activatedSockets(named name: String) -> [ActivatedSocket] {
        activatedSockets.filter { $0.name == name }
    }

    /// The daemon's listening sockets, in their order: those passed to it by socket activation
    /// (by systemd, or by `daemoniker start --listen`; the same as ``activatedSockets``), their
    /// descriptors close-on-exec. Hand one to the server: SwiftNIO's
    /// `ServerBootstrap(group:).withBoundSocket(socket.descriptor)` adopts it.
    public var listeningSockets: [ActivatedSocket] { activatedSockets }

    /// The first listening socket named `name`, or nil.
    public func listeningSocket(named name: String) -> ActivatedSocket? {
        listeningSockets.first { $0.name == name }
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
    /// `Type=notify`, `READY=1` is sent (and the watchdog's keep-alives start when the unit has
    /// `WatchdogSec=`); a ``Daemoniker/readinessDescriptor`` gets its newline. Calling it again
    /// does nothing, except after ``reloading()``: then it tells the manager `READY=1` again.
    public func ready() {
        session.ready()
    }

    /// Tells the service manager a line of status (`STATUS=`, shown by `systemctl status`).
    /// Does nothing without one (`NOTIFY_SOCKET` unset). Line breaks become spaces.
    public func status(_ text: String) {
        session.tell("STATUS=" + text.split(whereSeparator: \.isNewline).joined(separator: " "))
    }

    /// Asks the service manager for `duration` more before it gives up on the current step
    /// (`EXTEND_TIMEOUT_USEC=`): starting (`TimeoutStartSec=`), running (`RuntimeMaxSec=`) or
    /// stopping (`TimeoutStopSec=`). Call it again before `duration` has passed to extend
    /// further. Does nothing without a service manager.
    public func extendTimeout(by duration: Duration) {
        session.tell("EXTEND_TIMEOUT_USEC=\(max(0, duration.clampedMilliseconds) * 1000)")
    }

    /// Tells the service manager that a reload began (`RELOADING=1` with `MONOTONIC_USEC=`);
    /// call ``ready()`` when it is done. systemd `Type=notify-reload` waits for both. Daemoniker
    /// does this itself around a hangup's default action (reopening the logs) and around a
    /// hangup handler set with ``onSignal(_:handler:)``; call it when a ``signals(_:)-(Signal...)``
    /// sequence drives the reload. Does nothing before ready or without a service manager.
    public func reloading() {
        session.reloading()
    }

    /// Ends the daemon because of `error`. Before ready, the launching process prints the
    /// error's message on its standard error and exits non-zero; after, the message goes to the
    /// daemon's standard error. The pid file is removed.
    public func fail(_ error: any Error) -> Never {
        if let error = error as? DaemonikerError { session.fail(error) }
        session.fail(DaemonikerError(.daemonFailed, "\(error)"))
    }
}
