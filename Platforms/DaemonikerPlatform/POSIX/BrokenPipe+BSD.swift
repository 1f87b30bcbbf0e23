#if canImport(Darwin) || os(FreeBSD)
    #if canImport(Darwin)
        import Darwin
    #elseif canImport(Glibc)
        import Glibc
    #endif

    // What Darwin and FreeBSD do alike, where Linux differs (OS+Linux.swift): a socket that
    // never raises SIGPIPE, and a signal set whose C library keeps no signals for itself.
    extension Platform {
        /// None: the socket itself has `SO_NOSIGPIPE` (``suppressBrokenPipeSignal(_:)``).
        static var sendWithoutSignalFlag: Int32 { 0 }

        /// Sets `SO_NOSIGPIPE`: writing to a socket whose peer is gone fails with `EPIPE` instead
        /// of raising `SIGPIPE`.
        static func suppressBrokenPipeSignal(_ fd: Int32) {
            var on: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        }

        /// `sigaddset`, which refuses none of the signals below the limit here.
        static func addToSignalSet(_ set: inout sigset_t, _ signal: Int32) {
            _ = sigaddset(&set, signal)
        }
    }
#endif
