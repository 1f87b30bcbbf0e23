// The daemons the benchmark starts by running its own executable again with a hidden first
// argument. `daemon` is the relay benchmark's daemon; `launch-daemon` is a launch through
// Daemoniker; `launch-floor` is the hand-written double fork (FloorLauncher.swift).
#if !os(Windows)
    import Daemoniker

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The hidden first arguments.
    enum HiddenMode {
        /// `daemon <stamp fd> <pid file> relay|direct`.
        static let relayDaemon = "daemon"
        /// `launch-daemon fork|relaunch <pid file> <ready fd> [nofile-max]`.
        static let launchDaemon = "launch-daemon"
        /// `launch-floor <pid file> <ready fd>`.
        static let floor = "launch-floor"
        /// `start-only <pid file> <ready fd>`: writes the ready byte and exits; no daemon.
        static let startOnly = "start-only"
    }

    /// Runs the hidden mode `arguments` name (they start after the program name); returns only
    /// when they name none.
    func runHiddenMode(_ arguments: [String]) {
        guard let mode = arguments.first else { return }
        switch mode {
        case HiddenMode.relayDaemon:
            guard arguments.count == 4, let fd = Int32(arguments[1]),
                ["relay", "direct"].contains(arguments[3])
            else { hiddenUsage(arguments) }
            runRelayDaemon(stampFD: fd, pidFile: arguments[2], relay: arguments[3] == "relay")
        case HiddenMode.launchDaemon:
            guard arguments.count == 4 || (arguments.count == 5 && arguments[4] == "nofile-max"),
                let strategy = DaemonizationStrategy(name: arguments[1]),
                let fd = Int32(arguments[3])
            else { hiddenUsage(arguments) }
            runLaunchDaemon(
                strategy: strategy, pidFile: arguments[2], readyFD: fd, nofileAtMax: arguments.count == 5)
        case HiddenMode.floor:
            guard arguments.count == 3, let fd = Int32(arguments[2]) else { hiddenUsage(arguments) }
            runFloorLauncher(pidFile: arguments[1], readyFD: fd)
        case HiddenMode.startOnly:
            guard arguments.count == 3, let fd = Int32(arguments[2]) else { hiddenUsage(arguments) }
            writeAll(fd, [1])
            exit(0)
        default:
            return
        }
    }

    private func hiddenUsage(_ arguments: [String]) -> Never {
        writeStandardError("daemoniker-bench: bad internal arguments: \(arguments.joined(separator: " "))\n")
        exit(2)
    }

    /// The relay benchmark's daemon: handles SIGUSR1 by writing the monotonic time at which the
    /// handler ran (8 bytes, native order) to `stampFD`, a pipe the benchmark keeps reading.
    /// Readiness is manual, reported once the handler is installed, so the launcher exits only
    /// when a SIGUSR1 can no longer kill the daemon.
    private func runRelayDaemon(stampFD: Int32, pidFile: String, relay: Bool) -> Never {
        let daemon = Daemoniker(
            pidFile: pidFile, preservedDescriptors: [stampFD], readiness: .manual, signalRelay: relay
        )
        .daemonize()
        do {
            try daemon.onSignal(.user1) { _ in
                var stamp = monotonicNanoseconds()
                _ = withUnsafeBytes(of: &stamp) { write(stampFD, $0.baseAddress, $0.count) }
            }
        } catch {
            daemon.fail(error)
        }
        daemon.ready()
        while true { pause() }
    }

    /// A launch through Daemoniker with `strategy` and manual readiness: the daemon reports
    /// ready at once, then writes one byte to `readyFD` for the benchmark. With `nofileAtMax`
    /// the launcher first raises its soft RLIMIT_NOFILE to the hard limit, which a library that
    /// closes descriptors by looping up to the limit would pay for.
    private func runLaunchDaemon(
        strategy: DaemonizationStrategy, pidFile: String, readyFD: Int32, nofileAtMax: Bool
    ) -> Never {
        if nofileAtMax {
            do {
                try raiseOpenFileLimitToHard()
            } catch {
                fail("\(error)")
            }
        }
        let daemon = Daemoniker(
            pidFile: pidFile, preservedDescriptors: [readyFD], readiness: .manual, strategy: strategy
        )
        .daemonize()
        daemon.ready()
        writeAll(readyFD, [1])
        while true { pause() }
    }

    /// RLIMIT_NOFILE of this process: (soft, hard).
    func openFileLimit() -> (soft: UInt64, hard: UInt64)? {
        var limit = rlimit()
        #if os(Linux)
            let result = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #else
            let result = getrlimit(RLIMIT_NOFILE, &limit)
        #endif
        guard result == 0 else { return nil }
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }

    /// The RLIMIT_NOFILE the at-max launch runs with: the kernel's maximum as root, else the hard
    /// limit; and whether it is the kernel's maximum.
    func openFileLimitAtMax() -> (limit: UInt64, kernelMaximum: Bool)? {
        if geteuid() == 0, let maximum = kernelOpenFileMaximum() { return (maximum, true) }
        return openFileLimit().map { ($0.hard, false) }
    }

    /// The most descriptors the kernel allows a process (Linux `fs.nr_open`), or nil.
    func kernelOpenFileMaximum() -> UInt64? {
        let fd = open("/proc/sys/fs/nr_open", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard got > 0 else { return nil }
        return UInt64(String(decoding: buffer.prefix(got), as: UTF8.self).filter(\.isNumber))
    }

    /// Sets the soft RLIMIT_NOFILE to the hard limit, after raising the hard limit to the
    /// kernel's maximum where this process may (root on Linux).
    private func raiseOpenFileLimitToHard() throws(BenchError) {
        var limit = rlimit()
        #if os(Linux)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { throw BenchError("getrlimit: \(errorText(errno))") }
        if let maximum = kernelOpenFileMaximum(), maximum > UInt64(limit.rlim_max) {
            var raised = limit
            raised.rlim_max = rlim_t(maximum)
            raised.rlim_cur = rlim_t(maximum)
            if setrlimit(resource, &raised) == 0 { return }
        }
        limit.rlim_cur = limit.rlim_max
        var result = setrlimit(resource, &limit)
        #if canImport(Darwin)
            // macOS refuses a soft limit above OPEN_MAX (10240) when the hard one is unlimited.
            if result != 0, errno == EINVAL, limit.rlim_max > 10_240 {
                limit.rlim_cur = 10_240
                result = setrlimit(resource, &limit)
            }
        #endif
        guard result == 0 else {
            throw BenchError("setrlimit RLIMIT_NOFILE to \(limit.rlim_max): \(errorText(errno))")
        }
    }
#endif
