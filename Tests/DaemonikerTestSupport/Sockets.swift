#if canImport(Glibc)
    import Glibc
#endif

/// Calls `body` with `path` as a Unix-domain socket address and that address's length; with
/// `abstract`, the address is `path` in the abstract namespace (a leading NUL byte).
public func withUnixAddress<Result>(
    _ path: String, abstract: Bool = false, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result
) -> Result {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    var bytes = Array(path.utf8)
    if abstract { bytes.insert(0, at: 0) }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (index, byte) in bytes.enumerated() { raw[index] = byte }
    }
    let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
    }
}

/// Binds `fd` to a free TCP port of 127.0.0.1 and returns the port, or nil when it cannot.
public func bindToFreeLoopbackPort(_ fd: Int32) -> Int? {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(fd, raw, length) == 0 ? getsockname(fd, raw, &length) : -1
        }
    }
    return bound == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
}
