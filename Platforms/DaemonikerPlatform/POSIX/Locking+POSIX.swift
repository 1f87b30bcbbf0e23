#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

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

        /// The pids that took an `flock` lock on `file` (Linux: `/proc/locks`); nil where the OS
        /// does not say. A pid may have ended since (the lock passed to a child that inherited it).
        package static func lockHolders(of file: FileInfo) -> [Int32]? {
            var room = 16
            while true {
                var found = [Int32](repeating: 0, count: room)
                let count = found.withUnsafeMutableBufferPointer {
                    dk_lock_holders(file.device, file.inode, $0.baseAddress, room)
                }
                if count < 0 { return nil }
                if count <= room { return Array(found.prefix(count)) }
                room = count + 16
            }
        }

        /// Exchanges the files at `first` and `second` atomically (Linux); throws `ENOSYS`
        /// elsewhere.
        package static func exchange(_ first: String, _ second: String) throws(SystemError) {
            try retrying("exchange \(first) and \(second)") { dk_exchange_paths(first, second) }
        }
    }
#endif
