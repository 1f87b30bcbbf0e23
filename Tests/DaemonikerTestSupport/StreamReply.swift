#if canImport(Glibc)
    import Glibc
#endif

/// Connects to a stream socket and reads what the other end says until it closes (at most
/// `seconds`, a few KiB): the test's side of a served socket. Nil when the connect fails or
/// nothing arrives in time.
public enum StreamReply {
    /// From 127.0.0.1:`port`, after sending `request` (none when empty).
    public static func tcp(port: Int, request: String = "", seconds: Int = 10) -> String? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return connected == 0 ? exchange(fd, request, seconds: seconds) : nil
    }

    /// From the Unix-domain socket at `path`, after sending `request` (none when empty).
    public static func unix(path: String, request: String = "", seconds: Int = 10) -> String? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard withUnixAddress(path, { connect(fd, $0, $1) }) == 0 else { return nil }
        return exchange(fd, request, seconds: seconds)
    }

    private static func exchange(_ fd: Int32, _ request: String, seconds: Int) -> String? {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if !request.isEmpty {
            let bytes = Array(request.utf8)
            guard
                bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) })
                    == bytes.count
            else { return nil }
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < 65536 {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            received += buffer.prefix(got)
        }
        return received.isEmpty ? nil : String(decoding: received, as: UTF8.self)
    }
}
