#if os(Windows)
    import Synchronization
    import WinSDK

    /// Handles (as bit patterns) of the children Daemoniker started and has not reaped yet, by
    /// pid. Holding a process handle keeps its pid from being reused, as a zombie does on POSIX.
    private let children = Mutex<[Int32: Int]>([:])

    extension Platform {
        /// This process's id.
        package static var processID: Int32 { Int32(bitPattern: GetCurrentProcessId()) }

        /// Always 0, which stands for "this process's user" on Windows: `FileInfo.owner` is 0 for
        /// files this user owns (Windows identifies users by SID, not by number).
        package static var effectiveUserID: UInt32 { 0 }

        /// Nil: the library asks only on POSIX, to decide whether `fork` is safe.
        package static func threadCount() -> Int? {
            nil
        }

        /// Always throws `ERROR_NOT_SUPPORTED`: fork does not exist on Windows, so a process cannot
        /// detach by forking; a daemon is started anew instead (`spawnDetached`).
        package static func detach(reportFD: Int32) throws(SystemError) -> Bool {
            throw notSupported("detach by forking (fork does not exist on Windows)")
        }

        /// Ends this process at once with `code`, without exit handlers or stdio flushing (`_exit`);
        /// a service reports `SERVICE_STOPPED` with `code` first.
        package static func exitImmediately(_ code: Int32) -> Never {
            reportServiceExit(code)
            _exit(code)
        }

        /// Ends this process after exit handlers and stdio flushing (`exit`); a service reports
        /// `SERVICE_STOPPED` with `code` first.
        package static func exitProcess(_ code: Int32) -> Never {
            reportServiceExit(code)
            exit(code)
        }

        /// Remembers the handle of a child this layer started, for `wait` and `poll`.
        static func adoptChild(_ pid: Int32, _ process: HANDLE) {
            children.withLock { $0[pid] = Int(bitPattern: process) }
        }

        /// The handle of `pid`: the one kept for a child (left in place), else a new one with
        /// `access`, which the caller closes (`owned` says which).
        static func processHandle(_ pid: Int32, _ access: DWORD, _ operation: String) throws(SystemError) -> (
            handle: HANDLE, owned: Bool
        ) {
            if let kept = children.withLock({ $0[pid] }), let handle = HANDLE(bitPattern: kept) {
                return (handle, false)
            }
            guard let handle = OpenProcess(access, false, DWORD(bitPattern: pid)) else {
                throw SystemError(operation)
            }
            return (handle, true)
        }

        /// Waits for `pid` to end and returns its exit code. A child this layer started is reaped
        /// (its handle closed); any other process needs `SYNCHRONIZE` and
        /// `PROCESS_QUERY_LIMITED_INFORMATION` access.
        package static func wait(for pid: Int32) throws(SystemError) -> ExitStatus {
            let access = dword(SYNCHRONIZE) | dword(PROCESS_QUERY_LIMITED_INFORMATION)
            let process = try processHandle(pid, access, "open process \(pid)")
            if WaitForSingleObject(process.handle, INFINITE) == dword(WAIT_FAILED) {
                let error = SystemError("wait for \(pid)")
                if process.owned { CloseHandle(process.handle) }
                throw error
            }
            return try reap(pid, process)
        }

        /// Reaps `pid` if it has ended; nil while it runs.
        package static func poll(child pid: Int32) throws(SystemError) -> ExitStatus? {
            let access = dword(SYNCHRONIZE) | dword(PROCESS_QUERY_LIMITED_INFORMATION)
            let process = try processHandle(pid, access, "open process \(pid)")
            if WaitForSingleObject(process.handle, 0) == dword(WAIT_TIMEOUT) {
                if process.owned { CloseHandle(process.handle) }
                return nil
            }
            return try reap(pid, process)
        }

        /// Reads the exit code of the ended `pid` and closes its handle (forgetting a child's).
        private static func reap(_ pid: Int32, _ process: (handle: HANDLE, owned: Bool)) throws(SystemError)
            -> ExitStatus
        {
            var code: DWORD = 0
            let read = GetExitCodeProcess(process.handle, &code)
            let error = SystemError("read the exit code of \(pid)")
            if !process.owned { _ = children.withLock { $0.removeValue(forKey: pid) } }
            CloseHandle(process.handle)
            guard read else { throw error }
            return .exited(Int32(bitPattern: code))
        }

        /// Windows can deliver only two "signals" to another process: 0 checks that `pid` exists,
        /// and kill (9) ends it with `TerminateProcess` and exit code 128 + 9. Every other signal
        /// throws `ERROR_NOT_SUPPORTED`: it reaches a daemon only through its sentinel
        /// (`relaySignal(_:toSentinel:token:)`).
        package static func kill(_ pid: Int32, _ signal: Int32) throws(SystemError) {
            if signal == 0 {
                if !processExists(pid) {
                    throw SystemError(
                        "find process \(pid)", code: Int32(truncatingIfNeeded: ERROR_INVALID_PARAMETER))
                }
                return
            }
            guard signal == killSignal else {
                throw notSupported(
                    "send signal \(signal) to process \(pid) (Windows signals go through the sentinel)")
            }
            try terminate(pid, exitCode: UINT(128 + killSignal), "terminate process \(pid)")
        }

        /// `TerminateProcess(pid, exitCode)`. A process that has already ended (while a handle to
        /// it is still open somewhere) refuses with "access denied"; that is reported as "no such
        /// process" (`ERROR_INVALID_PARAMETER`), as for a process that is gone altogether.
        static func terminate(_ pid: Int32, exitCode: UINT, _ operation: String) throws(SystemError) {
            let access = dword(PROCESS_TERMINATE) | dword(SYNCHRONIZE)
            let process = try processHandle(pid, access, operation)
            defer { if process.owned { CloseHandle(process.handle) } }
            if TerminateProcess(process.handle, exitCode) { return }
            let error = SystemError(operation)
            if WaitForSingleObject(process.handle, 0) == WAIT_OBJECT_0 {
                throw SystemError(operation, code: Int32(truncatingIfNeeded: ERROR_INVALID_PARAMETER))
            }
            throw error
        }

        /// Sends `signal` to `pid` (``kill(_:_:)``): Windows cannot tell here which process holds a
        /// file, so the holder is not checked.
        package static func signalHolder(_ pid: Int32, of file: FileInfo, signal: Int32) throws(SystemError)
            -> Bool
        {
            try kill(pid, signal)
            return true
        }

        /// Whether `pid` has ended: it does not run, though a handle may still hold its id.
        package static func processHasEnded(_ pid: Int32) -> Bool { !processExists(pid) }

        /// Nil: not read on Windows yet.
        package static func processStartTime(_ pid: Int32) -> Int64? { nil }

        /// Nil: Windows names accounts by SID, and files carry no owner id Daemoniker compares.
        package static func processOwner(_ pid: Int32) -> UInt32? { nil }

        /// Whether a process `pid` runs. One that has ended no longer counts, even while handles
        /// to it are open. A process this user may not open is assumed to run.
        package static func processExists(_ pid: Int32) -> Bool {
            let access = dword(SYNCHRONIZE) | dword(PROCESS_QUERY_LIMITED_INFORMATION)
            let process: (handle: HANDLE, owned: Bool)
            do {
                process = try processHandle(pid, access, "open process \(pid)")
            } catch {
                return error.code == Int32(truncatingIfNeeded: ERROR_ACCESS_DENIED)
            }
            defer { if process.owned { CloseHandle(process.handle) } }
            return WaitForSingleObject(process.handle, 0) == dword(WAIT_TIMEOUT)
        }

        /// Waits until `pid`, which need not be a child, is gone, or until `milliseconds` pass, by
        /// waiting on its process handle; checks every 2 ms only for a process it may not open.
        package static func waitUntilGone(_ pid: Int32, milliseconds: Int) -> Bool {
            let deadline = monotonicMilliseconds() + Int64(milliseconds)
            if let process = try? processHandle(pid, dword(SYNCHRONIZE), "open process \(pid)") {
                defer { if process.owned { CloseHandle(process.handle) } }
                return WaitForSingleObject(process.handle, DWORD(clamping: max(milliseconds, 0)))
                    == WAIT_OBJECT_0
            }
            while monotonicMilliseconds() < deadline {
                if !processIsAlive(pid) { return true }
                sleep(milliseconds: 2)
            }
            return !processIsAlive(pid)
        }

        /// A monotonic clock in milliseconds (`GetTickCount64`).
        package static func monotonicMilliseconds() -> Int64 {
            Int64(GetTickCount64())
        }

        /// Sleeps for `milliseconds` (used only between checks of a condition with a deadline).
        package static func sleep(milliseconds: Int) {
            Sleep(DWORD(clamping: max(milliseconds, 0)))
        }
    }
#endif
