/// The listening sockets passed to this process by systemd's socket-activation protocol, for a
/// program that does not daemonize with the library (one that `daemoniker start --listen` or a
/// systemd `.socket` unit starts). A daemon gets the same from ``Daemon/listeningSockets``.
///
/// The protocol: descriptors from 3 on, `LISTEN_FDS` of them, `LISTEN_FDNAMES` their names
/// (`:`-separated), meant for this process only if `LISTEN_PID` is its pid. As
/// `sd_listen_fds(1)` does, the first read sets each descriptor close-on-exec and removes the
/// three variables, so that no child of the program takes the sockets for its own.
///
/// SwiftNIO adopts one as its server socket, listening already:
///
/// ```swift
/// guard let socket = ListeningSockets.named("web") else { fatalError("no socket named web") }
/// let channel = try await ServerBootstrap(group: group).withBoundSocket(socket.descriptor).get()
/// ```
public enum ListeningSockets {
    /// The first descriptor the protocol passes: 3.
    public static let firstDescriptor: Int32 = 3

    /// The sockets passed to this process, in their order; empty when none were (or
    /// `LISTEN_PID` names another process). Only the first use reads the environment; every
    /// use returns what it found.
    public static var received: [ActivatedSocket] {
        SocketActivation.take(relaunched: RelaunchSwitch.isPresent)
    }

    /// The first received socket named `name`, or nil.
    public static func named(_ name: String) -> ActivatedSocket? {
        received.first { $0.name == name }
    }
}
