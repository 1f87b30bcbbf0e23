#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// A datagram socket aimed at a service manager's notification socket (`NOTIFY_SOCKET`).
    package struct NotifySocket: Sendable {
        /// The socket descriptor (close-on-exec).
        package var fd: Int32
        /// The peer's `sockaddr_un`, as bytes.
        package var address: [UInt8]

        /// Opens a socket for `path`: a filesystem path, or an abstract address written `@name`.
        package init(path: String) throws(SystemError) {
            var bytes = Array(path.utf8)
            var storage = sockaddr_un()
            // sun_path's size differs between systems (108 on Linux, 104 on Darwin and the BSDs),
            // and the path needs its terminating NUL.
            guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: storage.sun_path) else {
                throw SystemError("NOTIFY_SOCKET \(path)", code: EINVAL)
            }
            if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
            storage.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &storage.sun_path) { raw in
                for (index, byte) in bytes.enumerated() { raw[index] = byte }
            }
            let length =
                MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path).unsafelyUnwrapped + bytes.count
            address = withUnsafeBytes(of: &storage) { Array($0.prefix(length)) }
            fd = try Platform.retrying("socket AF_UNIX") { socket(AF_UNIX, Platform.datagramSocketType, 0) }
            Platform.setCloseOnExec(fd, true)
        }

        /// Sends `message` (`"READY=1\nMAINPID=42"`).
        package func send(_ message: String) throws(SystemError) {
            let bytes = Array(message.utf8)
            let sent = address.withUnsafeBytes { raw in
                bytes.withUnsafeBytes { payload in
                    sendto(
                        fd, payload.baseAddress, payload.count, 0,
                        raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
                }
            }
            if sent < 0 { throw SystemError("send to NOTIFY_SOCKET") }
        }
    }
#endif
