/// One address a socket can connect to: what `socket` and `connect` take. Made by
/// `Platform.resolveStreamAddresses(host:port:)` and `Platform.unixStreamAddress(_:)`, used by
/// `Platform.connectStream(_:deadline:)`; the values are the OS's own (`AF_INET`, `SOCK_STREAM`).
package struct SocketAddress: Sendable, Equatable {
    /// The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`).
    package var family: Int32
    /// The socket type (`SOCK_STREAM`).
    package var type: Int32
    /// The protocol (0: the family's default for the type).
    package var proto: Int32
    /// The `sockaddr`'s bytes, exactly as long as `connect` is to be told.
    package var bytes: [UInt8]

    /// An address with these fields.
    package init(family: Int32, type: Int32, proto: Int32, bytes: [UInt8]) {
        self.family = family
        self.type = type
        self.proto = proto
        self.bytes = bytes
    }
}
