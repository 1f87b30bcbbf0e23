#if os(Windows)
    import CDaemonikerShim
    import WinSDK

    // The pid-file lock is two LockFileEx bytes far beyond the text (windows_lock.c): the main
    // byte, held by the daemon for its whole life, and the starting byte, held by a launcher until
    // the daemon holds the main byte. LockFileEx locks belong to the process that took them, so
    // the launcher hands the main byte over explicitly and keeps the starting byte meanwhile: no
    // second starter can win in between.

    extension Platform {
        /// How long a lock call retries past another process's status probe (an instant's shared
        /// lock) or waits for the handover.
        static let lockTimeoutMilliseconds: UInt32 = 10_000

        /// A starter's lock: both bytes, or false when a daemon runs or another start is under way.
        package static func tryLockExclusive(_ fd: Int32) throws(SystemError) -> Bool {
            let handle = try validHandle(fd, "lock \(fd)")
            let result = dk_win_pidlock_acquire(Int(bitPattern: handle), lockTimeoutMilliseconds)
            if result < 0 { throw SystemError("lock the pid file") }
            return result == DK_WIN_PIDLOCK_FREE
        }

        /// Whether no daemon runs and no start is under way (a status probe); false otherwise.
        package static func tryLockShared(_ fd: Int32) throws(SystemError) -> Bool {
            let handle = try validHandle(fd, "probe the lock \(fd)")
            let result = dk_win_pidlock_probe(Int(bitPattern: handle))
            if result < 0 { throw SystemError("probe the pid-file lock") }
            return result == DK_WIN_PIDLOCK_FREE
        }

        /// Releases whatever this process holds of the lock.
        package static func unlock(_ fd: Int32) {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE else { return }
            _ = dk_win_pidlock_release(Int(bitPattern: handle))
        }

        /// The launcher lets the main byte go once the daemon is started, keeping the starting byte.
        package static func handOverLock(_ fd: Int32) {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE else { return }
            _ = dk_win_pidlock_hand_over(Int(bitPattern: handle))
        }

        /// The daemon takes the main byte through its inherited handle, for its whole life.
        package static func takeOverLock(_ fd: Int32) throws(SystemError) {
            let handle = try validHandle(fd, "take over the lock \(fd)")
            let result = dk_win_pidlock_take_over(Int(bitPattern: handle), lockTimeoutMilliseconds)
            if result < 0 { throw SystemError("take over the pid-file lock") }
            if result != 0 {
                throw SystemError(
                    "take over the pid-file lock: another process holds it",
                    code: Int32(truncatingIfNeeded: ERROR_LOCK_VIOLATION))
            }
        }

        /// The launcher releases the starting byte once the daemon holds the main byte.
        package static func finishHandOver(_ fd: Int32) {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE else { return }
            _ = dk_win_pidlock_finish_start(Int(bitPattern: handle))
        }

        /// Nil: Windows does not say which process holds a byte-range lock.
        package static func lockHolders(of file: FileInfo) -> [Int32]? { nil }

        /// Always throws `ERROR_NOT_SUPPORTED`: not needed where ``lockHolders(of:)`` says nothing.
        package static func exchange(_ first: String, _ second: String) throws(SystemError) {
            throw Platform.notSupported("exchange \(first) and \(second)")
        }
    }
#endif
