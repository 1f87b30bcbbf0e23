import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A listening stream socket in the test process itself (nothing to stop but a descriptor): on
/// a free TCP port of 127.0.0.1, or at a Unix-domain path.
public final class StreamListener {
    private let fd: Int32
    /// The TCP port (0 for a Unix-domain socket).
    public let port: Int

    /// Listens at `unixPath`, or on a free TCP port when it is nil.
    public init(unixPath: String?) throws {
        // Close-on-exec: a test's socket must never leak into a process another test starts.
        let fd = socket(
            unixPath == nil ? AF_INET : AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0
        )
        var port: Int? = 0
        if let unixPath {
            if withUnixAddress(unixPath, { bind(fd, $0, $1) }) != 0 { port = nil }
        } else {
            port = bindToFreeLoopbackPort(fd)
        }
        self.fd = fd
        self.port = port ?? 0
        guard fd >= 0, port != nil, listen(fd, 16) == 0 else {
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
    }

    /// Stops listening.
    public func close() { _ = Glibc.close(fd) }
}
