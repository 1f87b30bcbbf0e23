/// A socket the service manager opened for the daemon and passed to it (systemd socket
/// activation: `LISTEN_FDS`, `LISTEN_PID`, `LISTEN_FDNAMES`), kept open across daemonizing.
public struct ActivatedSocket: Sendable, Equatable {
    /// Its name (`FileDescriptorName=` in the `.socket` unit; `"unknown"` when none was given).
    public var name: String
    /// The open descriptor, listening or connected as the manager passed it.
    public var descriptor: Int32

    /// Creates one from its parts.
    public init(name: String, descriptor: Int32) {
        self.name = name
        self.descriptor = descriptor
    }
}
