#if !os(Windows)
    import DaemonikerPlatform

    /// The `NOTIFY_SOCKET` the keeper gives the program: a datagram socket in Linux's abstract
    /// namespace, or a path in the temporary directory elsewhere.
    final class NotifyListener: Sendable {
        /// The socket (close-on-exec, so the program gets only its address).
        let fd: Int32
        /// What `NOTIFY_SOCKET` says: `@name` or a path.
        let address: String

        /// Creates and binds the socket.
        init() throws(SystemError) {
            let token = Platform.randomBytes(8).map { String($0, radix: 16) }.joined()
            #if os(Linux)
                address = "@daemoniker/\(Platform.processID)/\(token)"
            #else
                address = "\(Platform.temporaryDirectory)/daemoniker-notify-\(Platform.processID)-\(token)"
            #endif
            fd = socket(AF_UNIX, Sockets.datagram, 0)
            guard fd >= 0 else { throw SystemError("socket AF_UNIX for NOTIFY_SOCKET", code: errno) }
            Platform.setCloseOnExec(fd, true)
            guard let (socketAddress, length) = Sockets.unixAddress(address) else {
                Platform.close(fd)
                throw SystemError("NOTIFY_SOCKET address \(address)", code: ENAMETOOLONG)
            }
            var storage = socketAddress
            let bound = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            guard bound == 0 else {
                let code = errno
                Platform.close(fd)
                throw SystemError("bind NOTIFY_SOCKET \(address)", code: code)
            }
        }

        /// The next datagram's lines, waiting at most `milliseconds` (-1: forever); nil when none
        /// came.
        func receive(milliseconds: Int32) -> [String]? {
            guard (try? Platform.waitReadable(fd, milliseconds: milliseconds)) == true else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            return String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n").map(
                String.init)
        }

        /// Closes the socket and removes its path, if it has one.
        func shutDown() {
            Platform.close(fd)
            if !address.hasPrefix("@") { try? Platform.unlink(address) }
        }
    }
#endif
