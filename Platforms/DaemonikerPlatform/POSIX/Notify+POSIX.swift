#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    /// A datagram socket aimed at a service manager's notification socket (`NOTIFY_SOCKET`).
    package struct NotifySocket: Sendable {
        /// The socket descriptor (close-on-exec).
        package var fd: Int32
        /// The peer's `sockaddr_un`, as bytes.
        package var address: [UInt8]

        /// Opens a socket for `path`: a filesystem path, or an abstract address written `@name`.
        package init(path: String) throws(SystemError) {
            // sun_path's size differs between systems (108 on Linux, 104 on Darwin and the BSDs),
            // and the path needs its terminating NUL.
            guard let bytes = Platform.unixSocketAddress(path) else {
                throw SystemError("NOTIFY_SOCKET \(path)", code: EINVAL)
            }
            address = bytes
            fd = try Platform.retrying("socket AF_UNIX") { socket(AF_UNIX, Platform.datagramSocketType, 0) }
            Platform.setCloseOnExec(fd, true)
        }

        /// Sends `message` (`"READY=1\nMAINPID=42"`).
        package func send(_ message: String) throws(SystemError) {
            let bytes = Array(message.utf8)
            let result = address.withUnsafeBytes { raw in
                bytes.withUnsafeBytes { payload in
                    dk_notify_send_to(
                        fd, raw.baseAddress, UInt32(raw.count),
                        payload.baseAddress?.assumingMemoryBound(to: CChar.self), payload.count)
                }
            }
            if result != 0 { throw SystemError("send to NOTIFY_SOCKET") }
        }

        /// Sends `message` with `descriptors` attached (`SCM_RIGHTS`): `FDSTORE=1` hands them to
        /// the manager's file-descriptor store.
        package func send(_ message: String, descriptors: [Int32]) throws(SystemError) {
            let bytes = Array(message.utf8)
            let result = address.withUnsafeBytes { raw in
                bytes.withUnsafeBytes { payload in
                    descriptors.withUnsafeBufferPointer { fds in
                        dk_notify_send_fds(
                            fd, raw.baseAddress, UInt32(raw.count),
                            payload.baseAddress?.assumingMemoryBound(to: CChar.self), payload.count,
                            fds.baseAddress,
                            fds.count)
                    }
                }
            }
            if result != 0 { throw SystemError("send descriptors to NOTIFY_SOCKET") }
        }
    }

    extension Platform {
        /// Sends `message` to the service manager the daemon's cleanup was configured with
        /// (``configureCleanup(pidFile:lockFD:sentinelRecord:notify:)``); false when there is none
        /// or the send failed.
        @discardableResult
        package static func notifyServiceManager(_ message: String) -> Bool {
            dk_notify(message) == 0
        }

        /// Records that the service manager was told `READY=1`: reloads are announced from now on.
        package static func markServiceReady() {
            dk_notify_mark_ready()
        }

        /// False: only Windows has the service control manager.
        package static var hasServiceControlManager: Bool { false }

        /// Always false: no Windows service control manager starts a POSIX process.
        package static func startService() throws(SystemError) -> Bool { false }

        /// Tells the configured service manager `RELOADING=1` with `MONOTONIC_USEC=` now; false
        /// when there is none.
        @discardableResult
        package static func notifyReloading() -> Bool {
            dk_notify_reloading() == 0
        }

        /// Whether `signal` runs a handler someone else installed (a library, the program).
        package static func hasForeignHandler(_ signal: Int32) -> Bool {
            dk_has_foreign_handler(signal) != 0
        }
    }
#endif
