#if os(Windows)
    /// A service manager's notification socket (`NOTIFY_SOCKET`, systemd's `sd_notify`), which
    /// Windows does not have: creating one always throws `ERROR_NOT_SUPPORTED`. A Windows service
    /// reports its state to the service control manager instead (`Service+Windows.swift`).
    package struct NotifySocket: Sendable {
        /// Never set: no instance exists on Windows.
        package var fd: Int32
        /// Never set: no instance exists on Windows.
        package var address: [UInt8]

        /// Always throws `ERROR_NOT_SUPPORTED`.
        package init(path: String) throws(SystemError) {
            throw Platform.notSupported("NOTIFY_SOCKET \(path) (Windows has no service notification socket)")
        }

        /// Always throws `ERROR_NOT_SUPPORTED` (unreachable: no instance exists).
        package func send(_ message: String) throws(SystemError) {
            throw Platform.notSupported("send to NOTIFY_SOCKET")
        }

        /// Always throws `ERROR_NOT_SUPPORTED`.
        package func send(_ message: String, descriptors: [Int32]) throws(SystemError) {
            throw Platform.notSupported("send descriptors to NOTIFY_SOCKET")
        }
    }

    extension Platform {
        /// Always false: Windows has no service notification socket.
        @discardableResult
        package static func notifyServiceManager(_ message: String) -> Bool { false }

        /// Always false: Windows has no service notification socket.
        @discardableResult
        package static func notifyReloading() -> Bool { false }

        /// Always false: Windows signals are Daemoniker's own, and nobody else installs handlers
        /// for them.
        package static func hasForeignHandler(_ signal: Int32) -> Bool { false }
    }
#endif
