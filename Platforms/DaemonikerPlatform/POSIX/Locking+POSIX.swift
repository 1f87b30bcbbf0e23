#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    extension Platform {
        /// Tries to take an exclusive `flock` on `fd` without blocking. Returns false when another
        /// open file description holds a lock on the file.
        package static func tryLockExclusive(_ fd: Int32) throws(SystemError) -> Bool {
            try tryLock(fd, LOCK_EX)
        }

        /// Tries to take a shared `flock` on `fd` without blocking. Returns false when another
        /// open file description holds an exclusive lock.
        package static func tryLockShared(_ fd: Int32) throws(SystemError) -> Bool {
            try tryLock(fd, LOCK_SH)
        }

        /// Releases this description's `flock`.
        package static func unlock(_ fd: Int32) {
            _ = flock(fd, LOCK_UN)
        }

        private static func tryLock(_ fd: Int32, _ kind: Int32) throws(SystemError) -> Bool {
            while flock(fd, kind | LOCK_NB) != 0 {
                if errno == EINTR { continue }
                if errno == EWOULDBLOCK || errno == EAGAIN { return false }
                throw SystemError("flock")
            }
            return true
        }

        /// Nothing to do: an `flock` lock belongs to the open file description, which the
        /// relaunched daemon inherits, so it already holds the lock.
        package static func handOverLock(_ fd: Int32) {}

        /// Nothing to do: the inherited descriptor carries the lock (see ``handOverLock(_:)``).
        package static func takeOverLock(_ fd: Int32) throws(SystemError) {}

        /// Nothing to do (see ``handOverLock(_:)``).
        package static func finishHandOver(_ fd: Int32) {}
    }
#endif
