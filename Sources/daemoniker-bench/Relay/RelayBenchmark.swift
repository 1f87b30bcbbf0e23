// The relay subcommand's measurements, for one daemon with the sentinel relay off or on: the
// daemon is this executable started again in the hidden `daemon` mode, and every signal goes
// through `PIDFile(path).send(.user1)`, the way any other process would send it.
#if !os(Windows)
    import Daemoniker
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// How long a stamp may take after its send (or after a burst's last send) before the signal
    /// counts as lost: 10 s.
    let stampDeadline: Int64 = 10_000_000_000

    /// Sends one after another made, and not measured, before the first measurement.
    let warmUpSends = 20

    /// The environment variable that marks a process as a sentinel.
    let sentinelMarker = "DAEMONIKER_SENTINEL="

    /// A daemon the relay benchmark started (in a temporary directory of its own) and must stop.
    struct RelayDaemon {
        /// Whether it relays signals through a sentinel.
        let relay: Bool
        /// Its temporary directory, which holds the pid file.
        let directory: TemporaryDirectory
        /// Its pid file.
        let pidFile: String
        /// Its pid.
        let pid: pid_t
        /// The stamps its SIGUSR1 handler writes.
        let stamps: StampPipe

        /// Starts a daemon and waits until its launcher has exited 0 (which, with manual
        /// readiness, means its SIGUSR1 handler is installed).
        static func start(relay: Bool) throws(BenchError) -> RelayDaemon {
            let directory = try TemporaryDirectory(prefix: "daemoniker-bench-relay")
            let pidFile = "\(directory.path)/bench.pid"
            let channel: (read: Int32, write: Int32)
            do {
                channel = try makePipe()
            } catch {
                directory.remove()
                throw error
            }
            setCloseOnExec(channel.write, false)
            let executable = executablePath()
            let arguments = [
                executable, HiddenMode.relayDaemon, "\(channel.write)", pidFile, relay ? "relay" : "direct",
            ]
            Leftovers.track(pidFile: pidFile, true)
            let status: Int32
            do {
                let launcher = try spawn(executable, arguments)
                Leftovers.track(process: launcher, true)
                status = waitForChild(launcher)
                Leftovers.track(process: launcher, false)
            } catch {
                close(channel.read)
                close(channel.write)
                directory.remove()
                Leftovers.track(pidFile: pidFile, false)
                throw error
            }
            close(channel.write)
            guard status == 0, let pid = readPID(pidFile) else {
                close(channel.read)
                if let pid = readPID(pidFile) { stopProcess(pid) }
                directory.remove()
                Leftovers.track(pidFile: pidFile, false)
                throw BenchError(
                    "the relay \(relay ? "on" : "off") daemon did not start (launcher: \(describeStatus(status)))"
                )
            }
            return RelayDaemon(
                relay: relay, directory: directory, pidFile: pidFile, pid: pid,
                stamps: StampPipe(fd: channel.read))
        }

        /// The sentinel the record beside the pid file names (its first field).
        var recordedSentinel: pid_t? { readPID("\(pidFile).sentinel") }

        /// The daemon's live children that carry the sentinel marker, and how many other live
        /// children it has; nil without /proc.
        func sentinels() -> (sentinels: [pid_t], others: Int)? {
            guard ProcFS.isAvailable else { return nil }
            let children = ProcFS.children(of: pid)
            let marked = children.filter { ProcFS.environment(of: $0, contains: sentinelMarker) ?? false }
            return (marked, children.count - marked.count)
        }

        /// Stops the daemon (SIGTERM, then SIGKILL if needed), makes sure its sentinels end with
        /// it, and removes its directory. Returns notes on anything unusual.
        func stop() -> [String] {
            var notes: [String] = []
            let mode = relay ? "relay on" : "relay off"
            let sentinelsBefore = sentinels()?.sentinels ?? []
            let outcome = stopProcess(pid)
            if outcome != .terminated { notes.append("\(mode): the daemon (pid \(pid)) \(outcome.rawValue)") }
            for sentinel in sentinelsBefore where !waitForEnd(of: sentinel, milliseconds: 5000) {
                kill(sentinel, SIGKILL)
                notes.append(
                    "\(mode): sentinel \(sentinel) was still running 5 s after its daemon ended; killed")
            }
            Leftovers.track(pidFile: pidFile, false)
            close(stamps.fd)
            directory.remove()
            return notes
        }
    }

    /// Signals sent one after another, each waiting for its stamp.
    struct SequentialOutcome {
        /// Send → handler time of each delivered signal, in nanoseconds.
        var latencies: [Int64] = []
        /// Sends that returned without an error.
        var sent = 0
        /// Sends whose stamp did not come within `stampDeadline`.
        var lost = 0
        /// Sends that threw, and the first error.
        var sendErrors = 0
        var firstError: String?
        /// Whether it stopped early (after 5 lost signals or 5 failed sends).
        var gaveUp = false
        /// Stamps received.
        var delivered: Int { latencies.count }
    }

    /// Sends `count` SIGUSR1 one after another, each after the previous one's stamp arrived;
    /// calls `every` after each `interval` sends (0: never).
    func sendOneAfterAnother(
        _ daemon: RelayDaemon, count: Int, interval: Int = 0, every: (Int) -> Void = { _ in }
    ) -> SequentialOutcome {
        var outcome = SequentialOutcome()
        let target = PIDFile(daemon.pidFile)
        daemon.stamps.discardPending()
        for index in 0..<count {
            let start = monotonicNanoseconds()
            do {
                try target.send(.user1)
                outcome.sent += 1
                let deadline = monotonicNanoseconds() + stampDeadline
                if let stamp = daemon.stamps.next(after: start, until: deadline) {
                    outcome.latencies.append(stamp - start)
                } else {
                    outcome.lost += 1
                }
            } catch {
                outcome.sendErrors += 1
                outcome.firstError = outcome.firstError ?? error.message
            }
            if outcome.lost >= 5 || outcome.sendErrors >= 5 {
                outcome.gaveUp = true
                break
            }
            if interval > 0, (index + 1) % interval == 0 { every(index + 1) }
        }
        return outcome
    }

    /// Signals sent back to back by one or more threads, without waiting for stamps.
    struct BurstOutcome {
        /// Sends made (successful or not).
        var attempted = 0
        /// Sends that returned without an error, those that threw, and the first error.
        var sent = 0
        var sendErrors = 0
        var firstError: String?
        /// Stamps that arrived by `stampDeadline` after the last send.
        var delivered = 0
        /// First send → the last stamp, in nanoseconds, when every attempted send was delivered.
        var allDeliveredAfter: Int64?
    }

    /// The senders' shared counters and their start gate.
    private final class SendTally: Sendable {
        let ready = Atomic<Int>(0)
        let go = Atomic<Bool>(false)
        let sent = Atomic<Int>(0)
        let errors = Atomic<Int>(0)
        let firstError = Mutex<String?>(nil)
    }

    /// `senders` threads send `total` SIGUSR1 between them, back to back, all starting at once;
    /// a collector gathers the stamps until all have come or 10 s after the last send.
    func sendBackToBack(_ daemon: RelayDaemon, senders: Int, total: Int) throws(BenchError) -> BurstOutcome {
        daemon.stamps.discardPending()
        let tally = SendTally()
        let pidFile = daemon.pidFile
        return try collectStamps(from: daemon.stamps) { collector throws(BenchError) -> BurstOutcome in
            var threads: [StartedThread] = []
            defer {
                tally.go.store(true, ordering: .releasing)  // lets started threads finish on an error
                for thread in threads { thread.join() }
            }
            for index in 0..<senders {
                let share = total / senders + (index < total % senders ? 1 : 0)
                threads.append(
                    try startThread {
                        tally.ready.add(1, ordering: .acquiringAndReleasing)
                        while !tally.go.load(ordering: .acquiring) { sched_yield() }
                        let target = PIDFile(pidFile)
                        for _ in 0..<share {
                            do throws(DaemonikerError) {
                                try target.send(.user1)
                                tally.sent.add(1, ordering: .relaxed)
                            } catch {
                                tally.errors.add(1, ordering: .relaxed)
                                tally.firstError.withLock { $0 = $0 ?? error.message }
                            }
                        }
                    })
            }
            while tally.ready.load(ordering: .acquiring) < senders { sched_yield() }
            let start = monotonicNanoseconds()
            tally.go.store(true, ordering: .releasing)
            for thread in threads { thread.join() }
            threads = []
            var outcome = BurstOutcome()
            outcome.attempted = total
            outcome.sent = tally.sent.load(ordering: .acquiring)
            outcome.sendErrors = tally.errors.load(ordering: .acquiring)
            outcome.firstError = tally.firstError.withLock { $0 }
            let deadline = monotonicNanoseconds() + stampDeadline
            while collector.count(since: start) < outcome.sent, monotonicNanoseconds() < deadline {
                sleep(milliseconds: 1)
            }
            let stamps = collector.all(since: start)
            outcome.delivered = stamps.count
            if outcome.delivered >= total, let last = stamps.max() {
                outcome.allDeliveredAfter = last - start
            }
            return outcome
        }
    }

    /// The relay's sentinel, measured at rest.
    struct SentinelFigures {
        /// The sentinel the record names.
        var pid: pid_t?
        /// Its RSS and PSS in KiB.
        var memory: (rss: Int, pss: Int)?
        /// Live sentinels (children of the daemon with the marker) and other live children.
        var alive: Int?
        var otherChildren = 0
        /// The most sentinels seen alive at once while the leak check's signals were relayed.
        var mostAliveUnderLoad: Int?
    }

    /// CPU used over one idle second, in clock ticks.
    struct IdleFigures {
        var daemonTicks: Int?
        var sentinelTicks: Int?
        /// Whether the recorded sentinel changed during the second (then its figure is nil).
        var sentinelReplaced = false
    }

    /// A daemon's resident memory (kB), open descriptors and threads.
    struct Resources {
        var residentKilobytes: Int?
        var descriptors: Int?
        var threads: Int?

        /// Reads them for `pid` from /proc.
        init(of pid: pid_t) {
            residentKilobytes = ProcFS.residentKilobytes(of: pid)
            descriptors = ProcFS.openDescriptors(of: pid)
            threads = ProcFS.threads(of: pid)
        }
    }

    /// Everything measured for one daemon.
    struct RelayFigures {
        /// Relay on or off.
        let relay: Bool
        var latency = SequentialOutcome()
        var burst = BurstOutcome()
        var concurrent = BurstOutcome()
        var sentinel: SentinelFigures?
        var idle = IdleFigures()
        var before: Resources?
        var leak = SequentialOutcome()
        var after: Resources?
        /// Anything unusual, for the notes under the table.
        var notes: [String] = []
    }

    /// Starts a daemon with the relay off or on, measures it, stops it.
    func measureRelay(relay: Bool, count: Int, leakCount: Int) throws(BenchError) -> RelayFigures {
        let mode = relay ? "relay on" : "relay off"
        progress("\(mode): starting the daemon")
        let daemon = try RelayDaemon.start(relay: relay)
        var figures = RelayFigures(relay: relay)
        do {
            try measure(daemon, count: count, leakCount: leakCount, into: &figures)
        } catch {
            figures.notes += daemon.stop()
            throw error
        }
        figures.notes += daemon.stop()
        return figures
    }

    private func measure(
        _ daemon: RelayDaemon, count: Int, leakCount: Int, into figures: inout RelayFigures
    ) throws(BenchError) {
        let mode = daemon.relay ? "relay on" : "relay off"
        _ = sendOneAfterAnother(daemon, count: warmUpSends)
        progress("\(mode): \(count) sends one after another")
        figures.latency = sendOneAfterAnother(daemon, count: count)
        progress("\(mode): \(count) sends back to back")
        figures.burst = try sendBackToBack(daemon, senders: 1, total: count)
        progress("\(mode): 4 concurrent senders")
        figures.concurrent = try sendBackToBack(daemon, senders: 4, total: count)
        if daemon.relay {
            var sentinel = SentinelFigures()
            sentinel.pid = daemon.recordedSentinel
            if let pid = sentinel.pid { sentinel.memory = ProcFS.memory(of: pid) }
            if let found = daemon.sentinels() {
                sentinel.alive = found.sentinels.count
                sentinel.otherChildren = found.others
            }
            figures.sentinel = sentinel
        }
        progress("\(mode): one idle second")
        figures.idle = idleSecond(daemon)
        progress("\(mode): leak check, \(leakCount) sends one after another")
        figures.before = Resources(of: daemon.pid)
        var mostAlive = figures.sentinel?.alive
        figures.leak = sendOneAfterAnother(daemon, count: leakCount, interval: 500) { sent in
            if daemon.relay, let alive = daemon.sentinels()?.sentinels.count {
                mostAlive = max(mostAlive ?? 0, alive)
            }
            if sent % 2000 == 0 { progress("\(mode): leak check, \(sent) of \(leakCount)") }
        }
        figures.after = Resources(of: daemon.pid)
        figures.sentinel?.mostAliveUnderLoad = mostAlive
    }

    /// CPU ticks the daemon and its recorded sentinel use over one second with no signal sent.
    private func idleSecond(_ daemon: RelayDaemon) -> IdleFigures {
        var idle = IdleFigures()
        let sentinel = daemon.relay ? daemon.recordedSentinel : nil
        let daemonBefore = ProcFS.cpuTicks(of: daemon.pid)
        let sentinelBefore = sentinel.flatMap(ProcFS.cpuTicks)
        sleep(milliseconds: 1000)
        if let before = daemonBefore, let after = ProcFS.cpuTicks(of: daemon.pid) {
            idle.daemonTicks = after - before
        }
        if let sentinel {
            idle.sentinelReplaced = daemon.recordedSentinel != sentinel
            if !idle.sentinelReplaced, let before = sentinelBefore, let after = ProcFS.cpuTicks(of: sentinel)
            {
                idle.sentinelTicks = after - before
            }
        }
        return idle
    }
#endif
