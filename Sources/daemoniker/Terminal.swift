#if os(Windows)
    import ucrt
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal a waiting `start` shows its progress on.
enum Terminal {
    /// A duplicate of `fd` (at 3 or above), if `fd` is a terminal.
    static func duplicateIfTerminal(_ fd: Int32) -> Int32? {
        #if os(Windows)
            return nil
        #else
            guard isatty(fd) == 1 else { return nil }
            let copy = fcntl(fd, F_DUPFD_CLOEXEC, 3)
            return copy >= 0 ? copy : nil
        #endif
    }
}
