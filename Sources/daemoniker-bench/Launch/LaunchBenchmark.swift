// The launch subcommand's measurement: how long from starting a launcher process until the
// launcher has exited and its daemon is ready, for each way of launching, in interleaved rounds.
// Each launch gets a fresh temporary directory and a pipe; the daemon writes one byte to the pipe
// once it is ready. The benchmark stops every daemon it started (by the pid in its pid file) and
// removes the directory before the next launch.
#if !os(Windows)
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// How long a launch may take before it counts as failed (the launcher is then killed): 30 s.
    let launchDeadline: Int64 = 30_000_000_000

    /// The ways of launching a daemon that the benchmark compares.
    enum LaunchKind {
        case floor
        case fork
        case relaunch
        case forkNofileAtMax
        case pythonDaemon
        case startOnly

        /// A short name for the goal lines.
        var name: String {
            switch self {
            case .floor: return "floor"
            case .fork: return "`.fork`"
            case .relaunch: return "`.relaunch`"
            case .forkNofileAtMax: return "`.fork` with RLIMIT_NOFILE at max"
            case .pythonDaemon: return "python-daemon"
            case .startOnly: return "start alone"
            }
        }
    }

    /// One way of launching a daemon.
    struct LaunchVariant {
        /// Which one.
        let kind: LaunchKind
        /// The row's name.
        let label: String
        /// The launcher's executable and arguments for a pid file and the ready descriptor; nil
        /// when this variant cannot run here.
        let command: ((_ pidFile: String, _ readyFD: Int32) -> (path: String, arguments: [String]))?
        /// Why it cannot run, when `command` is nil.
        let unavailable: String?
    }

    /// The variants, one of each kind, the floor first.
    func launchVariants(python: PythonDaemonAvailability, script: String, nofile: String) -> [LaunchVariant] {
        let executable = executablePath()
        func ownMode(_ kind: LaunchKind, _ label: String, _ mode: [String], _ extra: [String] = [])
            -> LaunchVariant
        {
            LaunchVariant(
                kind: kind,
                label: label,
                command: { pidFile, fd in (executable, [executable] + mode + [pidFile, "\(fd)"] + extra) },
                unavailable: nil)
        }
        var variants = [
            ownMode(.floor, "floor: hand-written Swift double fork", [HiddenMode.floor]),
            ownMode(.fork, "`.fork`", [HiddenMode.launchDaemon, "fork"]),
            ownMode(.relaunch, "`.relaunch`", [HiddenMode.launchDaemon, "relaunch"]),
            ownMode(
                .forkNofileAtMax, "`.fork`, RLIMIT_NOFILE at max (\(nofile))",
                [HiddenMode.launchDaemon, "fork"],
                ["nofile-max"]),
            ownMode(.startOnly, "this executable started alone (no daemon)", [HiddenMode.startOnly]),
        ]
        switch python {
        case .available(let path, _):
            variants.append(
                LaunchVariant(
                    kind: .pythonDaemon,
                    label: "python-daemon",
                    command: { pidFile, fd in (path, [path, script, pidFile, "\(fd)"]) },
                    unavailable: nil))
        case .unavailable(let why):
            variants.append(
                LaunchVariant(kind: .pythonDaemon, label: "python-daemon", command: nil, unavailable: why))
        }
        return variants
    }

    /// Kills a launcher that has not exited by its deadline, so that a hung launch cannot hang
    /// the benchmark. One thread for the whole run; it looks twenty times a second.
    final class Watchdog: Sendable {
        private let armed = Mutex<(pid: pid_t, deadline: Int64)?>(nil)
        private let stopping = Atomic<Bool>(false)

        /// Starts the watchdog's thread and runs `body`; stops the thread afterwards.
        static func watching<Result>(_ body: (Watchdog) -> Result) throws(BenchError) -> Result {
            let watchdog = Watchdog()
            let thread = try startThread { watchdog.run() }
            defer {
                watchdog.stopping.store(true, ordering: .releasing)
                thread.join()
            }
            return body(watchdog)
        }

        /// Watches `pid` (a child not yet waited for) until `disarm()`.
        func arm(_ pid: pid_t, deadline: Int64) { armed.withLock { $0 = (pid, deadline) } }

        /// Stops watching.
        func disarm() { armed.withLock { $0 = nil } }

        private func run() {
            while !stopping.load(ordering: .acquiring) {
                armed.withLock { current in
                    guard let watched = current, monotonicNanoseconds() >= watched.deadline else { return }
                    kill(watched.pid, SIGKILL)
                    current = nil
                }
                sleep(milliseconds: 50)
            }
        }
    }

    /// One launch: its time in nanoseconds (from just before the launcher is started until it
    /// has exited and the ready byte has been read) or why it failed, and how its daemon ended
    /// when the benchmark stopped it (nil: the pid file named no daemon).
    struct LaunchOutcome {
        var time: Result<Int64, BenchError>
        var stop: StopOutcome?
    }

    /// Launches once with `variant` in a fresh directory, then stops the daemon and removes the
    /// directory.
    func launchOnce(_ variant: LaunchVariant, watchdog: Watchdog) -> LaunchOutcome {
        guard let command = variant.command else {
            return LaunchOutcome(time: .failure(BenchError(variant.unavailable ?? "unavailable")))
        }
        let directory: TemporaryDirectory
        do {
            directory = try TemporaryDirectory(prefix: "daemoniker-bench-launch")
        } catch {
            return LaunchOutcome(time: .failure(error))
        }
        let pidFile = "\(directory.path)/daemon.pid"
        Leftovers.track(pidFile: pidFile, true)
        var outcome = LaunchOutcome(time: timeLaunch(command, pidFile: pidFile, watchdog: watchdog))
        outcome.stop = readPID(pidFile).map { stopProcess($0) }
        Leftovers.track(pidFile: pidFile, false)
        directory.remove()
        return outcome
    }

    private func timeLaunch(
        _ command: (_ pidFile: String, _ readyFD: Int32) -> (path: String, arguments: [String]),
        pidFile: String, watchdog: Watchdog
    ) -> Result<Int64, BenchError> {
        let ready: (read: Int32, write: Int32)
        do {
            ready = try makePipe()
        } catch {
            return .failure(error)
        }
        setCloseOnExec(ready.write, false)
        let (path, arguments) = command(pidFile, ready.write)

        let start = monotonicNanoseconds()
        let launcher: pid_t
        do {
            launcher = try spawn(path, arguments)
        } catch {
            close(ready.read)
            close(ready.write)
            return .failure(error)
        }
        Leftovers.track(process: launcher, true)
        close(ready.write)
        watchdog.arm(launcher, deadline: start + launchDeadline)
        var byte: UInt8 = 0
        let gotByte =
            waitReadable(ready.read, milliseconds: launchDeadline / 1_000_000)
            && read(ready.read, &byte, 1) == 1
        let status = waitForChild(launcher)
        let end = monotonicNanoseconds()
        watchdog.disarm()
        Leftovers.track(process: launcher, false)
        close(ready.read)

        guard gotByte, status == 0 else {
            let readiness = gotByte ? "the daemon was ready" : "no ready byte from the daemon"
            return .failure(BenchError("launcher \(describeStatus(status)), \(readiness)"))
        }
        return .success(end - start)
    }

    /// The launch times and failures of one variant.
    struct LaunchSamples {
        /// Nanoseconds per successful round.
        var times: [Int64] = []
        /// Failed rounds, and the first failure.
        var failures = 0
        var firstFailure: String?
        /// Daemons that did not end on SIGTERM, by how they ended.
        var unusualStops: [StopOutcome: Int] = [:]

        /// Adds a counted launch.
        mutating func record(_ outcome: LaunchOutcome) {
            switch outcome.time {
            case .success(let time): times.append(time)
            case .failure(let error):
                failures += 1
                firstFailure = firstFailure ?? error.description
            }
            if let stop = outcome.stop, stop != .terminated { unusualStops[stop, default: 0] += 1 }
        }
    }

    /// One warm-up launch of every variant, then `rounds` rounds of one launch of each, the
    /// order shuffled afresh each round, so that no variant always follows the same one (what
    /// the previous launch left behind, warm caches or a daemon just ended, falls on each alike).
    func measureLaunches(_ variants: [LaunchVariant], rounds: Int) throws(BenchError) -> [LaunchSamples] {
        let runnable = variants.indices.filter { variants[$0].command != nil }
        var samples = [LaunchSamples](repeating: LaunchSamples(), count: variants.count)
        try Watchdog.watching { watchdog in
            progress("launch: warm-up, one launch of each")
            for index in runnable {
                let outcome = launchOnce(variants[index], watchdog: watchdog)
                if case .failure(let error) = outcome.time {
                    progress("launch: warm-up \(variants[index].label) failed: \(error)")
                }
            }
            for round in 0..<rounds {
                for index in runnable.shuffled() {
                    samples[index].record(launchOnce(variants[index], watchdog: watchdog))
                }
                progress("launch: round \(round + 1) of \(rounds) done")
            }
        }
        return samples
    }
#endif
