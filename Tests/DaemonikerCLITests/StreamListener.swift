import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A listening stream socket in the test process itself (nothing to stop but a descriptor): on
/// a free TCP port of 127.0.0.1, or at a Unix-domain path.
final class StreamListener {
    private let fd: Int32
    /// The TCP port (0 for a Unix-domain socket).
    let port: Int

    /// Listens at `unixPath`, or on a free TCP port when it is nil.
    init(unixPath: String?) throws {
        var bound: Int32 = -1
        var port = 0
        let fd = socket(unixPath == nil ? AF_INET : AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        if let unixPath {
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in unixPath.utf8.enumerated() { raw[index] = byte }
            }
            bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    bind(fd, raw, length) == 0 ? getsockname(fd, raw, &length) : -1
                }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
        }
        self.fd = fd
        self.port = port
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else {
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
    }

    /// Stops listening.
    func close() { _ = Glibc.close(fd) }
}
