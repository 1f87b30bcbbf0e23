#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    // Listening sockets owned outside the program that accepts on them: bound here, passed on
    // by socket activation (`LISTEN_FDS`).
    extension Platform {
        /// `socket`, `SO_REUSEADDR` (IP families only), `bind` and `listen(SOMAXCONN)`; the
        /// socket is close-on-exec (at once where `SOCK_CLOEXEC` exists, else right after
        /// `socket`). The failing call's error, the socket closed again.
        package static func listenStream(_ address: SocketAddress) throws(SystemError) -> Int32 {
            let fd = socket(address.family, address.type | socketCloseOnExecFlag, address.proto)
            guard fd >= 0 else { throw SystemError("socket") }
            setCloseOnExec(fd, true)
            if address.family == AF_INET || address.family == AF_INET6 {
                var on: Int32 = 1
                guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0
                else {
                    let error = SystemError("setsockopt SO_REUSEADDR")
                    close(fd)
                    throw error
                }
            }
            let bound = withSocketAddress(address.bytes) { pointer, length in bind(fd, pointer, length) }
            guard bound == 0 else {
                let error = SystemError("bind")
                close(fd)
                throw error
            }
            guard listen(fd, SOMAXCONN) == 0 else {
                let error = SystemError("listen")
                close(fd)
                throw error
            }
            return fd
        }
    }
#endif
