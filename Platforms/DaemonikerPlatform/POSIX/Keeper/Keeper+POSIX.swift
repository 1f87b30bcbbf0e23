#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    extension Platform {
        /// True: POSIX runs the tool's keeper (`posix_spawn`, signals, sockets).
        package static var supportsKeeper: Bool { true }

        /// True: a new generation inherits the keeper's listening sockets from descriptor 3 on.
        package static var supportsUpgrade: Bool { true }

        /// `fcntl(F_DUPFD_CLOEXEC)` or `fcntl(F_DUPFD)`: a duplicate of `fd` at the lowest free
        /// number not below `minimum`, close-on-exec when `closeOnExec` (set atomically).
        package static func duplicate(_ fd: Int32, atLeast minimum: Int32, closeOnExec: Bool)
            throws(SystemError) -> Int32
        {
            try retrying("duplicate descriptor \(fd)") {
                fcntl(fd, closeOnExec ? F_DUPFD_CLOEXEC : F_DUPFD, minimum)
            }
        }

        /// `isatty`.
        package static func isTerminal(_ fd: Int32) -> Bool {
            isatty(fd) == 1
        }

        /// Whether `stat` says `path` (followed through symbolic links) is a regular file and
        /// `access(X_OK)` lets this user execute it.
        package static func isExecutableFile(_ path: String) -> Bool {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
            return access(path, X_OK) == 0
        }

        /// `:`.
        package static var searchPathSeparator: Character { ":" }

        /// `time(nil)`.
        package static func wallClockSeconds() -> Int64 {
            Int64(time(nil))
        }
    }
#endif
