#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The keeper's control socket (`daemoniker logs --reopen` connects to it): a Unix stream
    /// socket in a new directory only this user may enter (`mkdtemp`, mode 0700) in the
    /// temporary directory, so that no other user's process (root aside) can connect, and no
    /// signal is involved that could be confused with the ones the keeper passes on.
    package final class ControlListener: Sendable {
        /// The listening socket (close-on-exec).
        let fd: Int32
        /// The private directory the socket is in.
        package let directory: String
        /// The socket's path.
        package let address: String

        /// Creates the directory, binds the socket in it (mode 0600) and listens.
        package init() throws(SystemError) {
            let (socketFD, made, path) = try Platform.privateUnixSocket(
                prefix: "daemoniker-keeper", name: "control",
                type: Platform.streamSocketType | Platform.socketCloseOnExecFlag, listening: true,
                purpose: "the keeper's control socket")
            fd = socketFD
            directory = made
            address = path
        }

        /// Waits in `accept(2)` (the calling thread sleeps; no CPU) for the next connection: its
        /// descriptor, close-on-exec; nil when accepting failed for good (the socket is gone). Out
        /// of descriptors, it tries again every 100 ms.
        package func accept() -> Int32? {
            while true {
                // Not atomic (glibc declares `accept4` only for _GNU_SOURCE): a respawn in the
                // instant between the two calls would hand COMMAND a copy of one request's
                // connection, which it never uses; the request is answered all the same.
                let connection = systemAccept(fd)
                if connection >= 0 {
                    Platform.setCloseOnExec(connection, true)
                    Platform.suppressBrokenPipeSignal(connection)
                    return connection
                }
                switch errno {
                case EINTR, ECONNABORTED, EPROTO: continue
                // Out of descriptors or memory for now: try again a little later, not in a spin.
                case EMFILE, ENFILE, ENOBUFS, ENOMEM: Platform.sleep(milliseconds: 100)
                default: return nil
                }
            }
        }

        /// Removes the socket and its directory; the listening descriptor closes with the
        /// process (a thread may be waiting in ``accept()`` on it).
        package func shutDown() {
            unlink(address)
            rmdir(directory)
        }
    }

    /// The C library's `accept`, which `ControlListener.accept()` shadows.
    private func systemAccept(_ fd: Int32) -> Int32 {
        accept(fd, nil, nil)
    }
#endif
