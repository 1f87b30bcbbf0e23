#if !os(Windows)
    import DaemonikerPlatform

    /// The `NOTIFY_SOCKET` the keeper gives the program: a datagram socket at a path in a new
    /// directory only this user may enter (`mkdtemp`, mode 0700) in the temporary directory, so
    /// that no other user's process can send it `READY=1` (an abstract socket would take
    /// datagrams from anyone).
    final class NotifyListener: Sendable {
        /// The socket (close-on-exec, so the program gets only its address).
        let fd: Int32
        /// The private directory the socket is in.
        let directory: String
        /// What `NOTIFY_SOCKET` says: the socket's path.
        let address: String

        /// Creates the directory, and binds the socket in it.
        init() throws(SystemError) {
            let base = Platform.temporaryDirectory
            var template = Array(
                ((base.hasSuffix("/") ? base : base + "/") + "daemoniker-notify-XXXXXX").utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
            }
            guard let made else {
                throw SystemError(
                    "create a private directory for NOTIFY_SOCKET in \(base) (set TMPDIR)", code: errno)
            }
            directory = made
            address = made + "/notify"
            fd = socket(AF_UNIX, Sockets.datagram, 0)
            guard fd >= 0 else {
                let code = errno
                rmdir(made)
                throw SystemError("socket AF_UNIX for NOTIFY_SOCKET", code: code)
            }
            Platform.setCloseOnExec(fd, true)
            guard let (socketAddress, length) = Sockets.unixAddress(address) else {
                Platform.close(fd)
                rmdir(made)
                throw SystemError(
                    "NOTIFY_SOCKET address \(address) (set TMPDIR to a shorter path)", code: ENAMETOOLONG)
            }
            var storage = socketAddress
            let bound = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            guard bound == 0 else {
                let code = errno
                Platform.close(fd)
                rmdir(made)
                throw SystemError("bind NOTIFY_SOCKET \(address)", code: code)
            }
            // Writable by its owner whatever --umask says (sending needs write permission).
            _ = chmod(address, 0o600)
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

        /// Drops every datagram already queued (from a program that has ended).
        func drain() {
            while receive(milliseconds: 0) != nil {}
        }

        /// Closes the socket and removes it and its directory.
        func shutDown() {
            Platform.close(fd)
            try? Platform.unlink(address)
            rmdir(directory)
        }
    }
#endif
