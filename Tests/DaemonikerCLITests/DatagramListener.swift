import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A stand-in service manager's `NOTIFY_SOCKET`: a datagram socket at a path, read without
/// waiting.
final class DatagramListener {
    /// The socket's path, for `NOTIFY_SOCKET`.
    let path: String
    private let fd: Int32
    private var text = ""

    /// Binds a datagram socket at `path`.
    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard fd >= 0, bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    deinit { close(fd) }

    /// Everything received so far, datagrams separated by newlines.
    var received: String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard count > 0 else { break }
            text += String(decoding: buffer.prefix(count), as: UTF8.self) + "\n"
        }
        return text
    }
}
