#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The `NOTIFY_SOCKET` the tool's keeper gives the program it runs: a datagram socket at a
    /// path in a new directory only this user may enter (`mkdtemp`, mode 0700) in the temporary
    /// directory, so that no other user's process can send it `READY=1` (an abstract socket
    /// would take datagrams from anyone).
    package final class NotifyListener: Sendable {
        /// The socket (close-on-exec, so the program gets only its address).
        package let fd: Int32
        /// The private directory the socket is in.
        package let directory: String
        /// What `NOTIFY_SOCKET` says: the socket's path.
        package let address: String

        /// Creates the directory and binds the socket in it, writable by its owner only (0600,
        /// whatever the umask: sending needs write permission).
        package init() throws(SystemError) {
            let (socketFD, made, path) = try Platform.privateUnixSocket(
                prefix: "daemoniker-notify", name: "notify", type: Platform.datagramSocketType,
                listening: false,
                purpose: "NOTIFY_SOCKET")
            fd = socketFD
            directory = made
            address = path
        }

        /// The next datagram's lines, waiting at most `milliseconds` (-1: forever); nil when none
        /// came.
        package func receive(milliseconds: Int32) -> [String]? {
            guard (try? Platform.waitReadable(fd, milliseconds: milliseconds)) == true else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            return String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n").map(
                String.init)
        }

        /// Drops every datagram already queued (from a program that has ended).
        package func drain() {
            while receive(milliseconds: 0) != nil {}
        }

        /// Closes the socket and removes it and its directory.
        package func shutDown() {
            Platform.close(fd)
            try? Platform.unlink(address)
            rmdir(directory)
        }
    }
#endif
