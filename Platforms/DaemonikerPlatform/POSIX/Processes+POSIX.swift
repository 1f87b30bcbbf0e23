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
        /// This process's id.
        package static var processID: Int32 { getpid() }
        /// The parent's process id.
        package static var parentProcessID: Int32 { getppid() }
        /// The effective user id.
        package static var effectiveUserID: UInt32 { UInt32(geteuid()) }

        /// How many threads this process runs, or nil when the OS does not say.
        package static func threadCount() -> Int? {
            let count = dk_thread_count()
            return count > 0 ? Int(count) : nil
        }

        /// The double fork of daemon(7), in C (`dk_detach`): fork with every signal blocked; the
        /// intermediate child calls `setsid`, forks again and exits. True in the daemon (a new
        /// session, not its leader; signal mask as before; its pid already sent to `reportFD` as
        /// a 'P' frame), false in the original process once the intermediate child is reaped. A
        /// failed `setsid` or second fork reaches `reportFD` as a 'D' frame (errno); only a
        /// failed first fork throws.
        package static func detach(reportFD: Int32) throws(SystemError) -> Bool {
            let result = dk_detach(reportFD)
            if result < 0 { throw SystemError("fork to detach") }
            return result == 0
        }

        /// Ends this process at once, without running exit handlers.
        package static func exitImmediately(_ code: Int32) -> Never {
            _exit(code)
        }

        /// Ends this process after exit handlers and stdio flushing.
        package static func exitProcess(_ code: Int32) -> Never {
            exit(code)
        }

        /// Waits for the child `pid` to end.
        package static func wait(for pid: Int32) throws(SystemError) -> ExitStatus {
            var status: Int32 = 0
            try retrying("waitpid \(pid)") { waitpid(pid, &status, 0) }
            return decode(status)
        }

        /// Reaps the child `pid` if it has ended; nil while it runs.
        package static func poll(child pid: Int32) throws(SystemError) -> ExitStatus? {
            var status: Int32 = 0
            let result = try retrying("waitpid \(pid)") { waitpid(pid, &status, WNOHANG) }
            return result == 0 ? nil : decode(status)
        }

        /// A `waitpid` status as an ``ExitStatus``.
        static func decode(_ status: Int32) -> ExitStatus {
            let low = status & 0x7f
            if low == 0 { return .exited((status >> 8) & 0xff) }
            return .signaled(low)
        }

        /// Sends `signal` to `pid`.
        package static func kill(_ pid: Int32, _ signal: Int32) throws(SystemError) {
            try retrying("kill \(pid)") { systemKill(pid, signal) }
        }

        /// Sends `signal` to `pid` if it holds `file` open (`dk_signal_file_holder`).
        package static func signalHolder(_ pid: Int32, of file: FileInfo, signal: Int32) throws(SystemError)
            -> Bool
        {
            let result = try retrying("signal pid \(pid)") {
                dk_signal_file_holder(pid, file.device, file.inode, signal)
            }
            return result == 0
        }

        /// Whether `pid` has ended, even if not yet reaped (`dk_process_has_ended`).
        package static func processHasEnded(_ pid: Int32) -> Bool { dk_process_has_ended(pid) == 1 }

        /// When process `pid` started, in seconds since 1970 (`dk_process_start_time`); nil when
        /// the OS does not say.
        package static func processStartTime(_ pid: Int32) -> Int64? {
            var seconds: Int64 = 0
            return dk_process_start_time(pid, &seconds) == 0 ? seconds : nil
        }

        /// The effective user of process `pid` (`dk_process_owner`); nil when the OS does not say.
        package static func processOwner(_ pid: Int32) -> UInt32? {
            var uid: UInt32 = 0
            return dk_process_owner(pid, &uid) == 0 ? uid : nil
        }

        /// Whether a process `pid` exists (a zombie counts until it is reaped); whether it runs is
        /// ``processIsAlive(_:)``.
        package static func processExists(_ pid: Int32) -> Bool {
            if systemKill(pid, 0) == 0 { return true }
            return errno == EPERM
        }

        /// Waits until `pid`, which need not be a child, has ended (a zombie has), or until
        /// `milliseconds` pass. Uses a pidfd where the kernel has one (readable once the process
        /// has ended), else checks ``processIsAlive(_:)``.
        package static func waitUntilGone(_ pid: Int32, milliseconds: Int) -> Bool {
            let deadline = monotonicMilliseconds() + Int64(milliseconds)
            #if os(Linux)
                let pidfd = dk_pidfd_open(pid)
                if pidfd >= 0 {
                    defer { close(pidfd) }
                    while true {
                        let left = deadline - monotonicMilliseconds()
                        if left <= 0 { return !processIsAlive(pid) }
                        var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
                        let ready = systemPoll(&entry, 1, Int32(min(left, 1000)))
                        if ready > 0 { return true }
                    }
                }
            #endif
            while monotonicMilliseconds() < deadline {
                if !processIsAlive(pid) { return true }
                sleep(milliseconds: 2)
            }
            return !processIsAlive(pid)
        }

        /// A monotonic clock in milliseconds.
        package static func monotonicMilliseconds() -> Int64 {
            var now = timespec()
            clock_gettime(monotonicClock, &now)
            return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
        }

        /// Sleeps for `milliseconds` (used only between checks of a condition with a deadline).
        package static func sleep(milliseconds: Int) {
            var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
        }
    }

    private func systemKill(_ pid: Int32, _ signal: Int32) -> Int32 { kill(pid, signal) }
    private func systemPoll(_ entry: UnsafeMutablePointer<pollfd>, _ count: nfds_t, _ timeout: Int32) -> Int32
    {
        poll(entry, count, timeout)
    }
#endif
