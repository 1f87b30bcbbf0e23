#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The POSIX layer's namespace: every system call `Daemoniker` makes goes through here.
    package enum Platform {}

    /// A failed system call: which call, on what, and the `errno` it set.
    package struct SystemError: Error, Sendable, CustomStringConvertible {
        /// The call that failed, with its subject (`"open /run/x.pid"`).
        package var operation: String
        /// The error number.
        package var code: Int32

        /// Captures the current `errno`.
        package init(_ operation: String, code: Int32 = errno) {
            self.operation = operation
            self.code = code
        }

        /// The system's text for `code` (`"No such file or directory"`).
        package var reason: String { String(cString: strerror(code)) }

        /// `"open /run/x.pid: No such file or directory"`.
        package var description: String { "\(operation): \(reason)" }

        package var isNotFound: Bool { code == ENOENT }
        package var isPermissionDenied: Bool { code == EACCES || code == EPERM }
        package var isSymbolicLink: Bool { code == ELOOP }
        package var isDirectory: Bool { code == EISDIR }
        package var isNotDirectory: Bool { code == ENOTDIR }
        package var isNoSuchProcess: Bool { code == ESRCH }
        package var isWouldBlock: Bool { code == EWOULDBLOCK || code == EAGAIN }
        package var isAddressInUse: Bool { code == EADDRINUSE }
        package var isAddressUnavailable: Bool { code == EADDRNOTAVAIL }
        package var isNotSupported: Bool { code == ENOTSUP || code == EOPNOTSUPP }
    }

    extension Platform {
        /// Retries `body` while it fails with EINTR; throws `SystemError` on any other failure.
        @discardableResult
        package static func retrying<T: BinaryInteger>(
            _ operation: @autoclosure () -> String, _ body: () -> T
        )
            throws(SystemError) -> T
        {
            while true {
                let result = body()
                if result >= 0 { return result }
                if errno == EINTR { continue }
                throw SystemError(operation())
            }
        }

        /// POSIX has `fork`.
        package static var hasFork: Bool { true }

        /// POSIX delivers signals to any process.
        package static var deliversSignals: Bool { true }

        /// POSIX has users, groups and `chroot`.
        package static var switchesAccounts: Bool { true }
    }
#endif

#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif
    extension SystemError {
        /// `EEXIST`.
        package var alreadyExistsCode: Int32 { EEXIST }
        /// `ESRCH`, for a process that does not exist.
        package static var noSuchProcessCode: Int32 { ESRCH }
        /// Whether the error is `EEXIST`.
        package var isAlreadyExists: Bool { code == EEXIST }
    }
#endif
