#if os(Windows)
    import WinSDK

    extension Platform {
        /// Where the pid-file lock lives: one byte at offset 2^62, far beyond any content.
        /// `LockFileEx` locks are mandatory: a locked range cannot be read or written through other
        /// handles, so locking the pid itself would hide it from `status` and from a second
        /// starter. Locking a byte beyond the end of the file is allowed and blocks nothing real.
        static let lockOffset: UInt64 = 1 << 62

        /// Tries to take an exclusive `LockFileEx` lock on `fd` without blocking. Returns false
        /// when another handle holds a lock on the file.
        package static func tryLockExclusive(_ fd: Int32) throws(SystemError) -> Bool {
            try tryLock(fd, exclusive: true)
        }

        /// Tries to take a shared `LockFileEx` lock on `fd` without blocking. Returns false when
        /// another handle holds an exclusive lock.
        package static func tryLockShared(_ fd: Int32) throws(SystemError) -> Bool {
            try tryLock(fd, exclusive: false)
        }

        /// Releases this handle's lock (`UnlockFileEx`). Closing the last handle to the file
        /// releases it too.
        package static func unlock(_ fd: Int32) {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE else { return }
            var overlapped = at(lockOffset)
            UnlockFileEx(handle, 0, 1, 0, &overlapped)
        }

        /// `LockFileEx` with `LOCKFILE_FAIL_IMMEDIATELY` on the lock byte.
        private static func tryLock(_ fd: Int32, exclusive: Bool) throws(SystemError) -> Bool {
            let handle = try validHandle(fd, "lock \(fd)")
            var overlapped = at(lockOffset)
            let flags = dword(LOCKFILE_FAIL_IMMEDIATELY) | (exclusive ? dword(LOCKFILE_EXCLUSIVE_LOCK) : 0)
            if LockFileEx(handle, flags, 0, 1, 0, &overlapped) { return true }
            let error = SystemError("LockFileEx")
            if error.isWouldBlock { return false }
            throw error
        }
    }
#endif
