/// A socket passed to this process by systemd's socket-activation protocol (`LISTEN_FDS`,
/// `LISTEN_PID`, `LISTEN_FDNAMES`) — by systemd, or by `daemoniker start --listen` — kept open
/// across daemonizing. A listening socket: accept on it, or hand it to a server framework
/// (SwiftNIO: `ServerBootstrap(group:).withBoundSocket(socket.descriptor)`).
public struct ActivatedSocket: Sendable, Equatable {
    /// The name of a socket passed without one: `"unknown"`, as `sd_listen_fds_with_names` says.
    public static let unnamed = "unknown"
    /// Its name (`FileDescriptorName=` in the `.socket` unit, `NAME=` in `--listen`;
    /// ``unnamed`` when none was given).
    public var name: String
    /// The open descriptor, listening or connected as the manager passed it.
    public var descriptor: Int32

    /// Creates one from its parts.
    public init(name: String, descriptor: Int32) {
        self.name = name
        self.descriptor = descriptor
    }
}
