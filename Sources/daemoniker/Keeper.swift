#if !os(Windows)
    import Daemoniker
    import DaemonikerPlatform
    import Synchronization

    /// The daemon's side of `start` and `run`: runs the program as its child with the pid
    /// file's locked descriptor inherited, makes the pid file name the program, waits for the
    /// readiness condition, then reports ready (or fails, stopping the program), passes signals
    /// on, and ends with the program's status, removing the pid file.
    struct Keeper {
        /// Seconds between `SIGTERM` and `SIGKILL` when a program that failed to become ready is
        /// stopped.
        static let stopGrace: Double = 3
        /// How long a respawned program must have run for its failure not to count as quick.
        static let steadyMilliseconds: Int64 = 10_000
        /// The program while it runs (nil between respawns), for the signal handler.
        static let current = Mutex<ChildProcess?>(nil)
        /// The notify socket, removed (with its directory) however the keeper ends.
        static let notify = Mutex<NotifyListener?>(nil)
        /// Set once a terminate, interrupt or quit signal arrived: no more respawns.
        static let stopping = Atomic(false)

        /// What to run and how.
        let options: LaunchOptions
        /// The program's resolved path.
        let program: String
        /// The daemon the library made of this process.
        let daemon: Daemon<Stateless>
        /// The launcher's terminal, for the progress line.
        let progress: Int32?
        /// The read end of the ``Lifeline`` from the launcher (`start` only).
        let lifeline: Int32?
        /// Whether this is `run` (no detaching).
        let foreground: Bool

        private var name: String { options.command[0] }

        /// Runs the program until it ends; exits with its status.
        func run() -> Never {
            // A relaunch passes the terminal's descriptor on inheritable: the program must not
            // get it (it would keep the launcher's terminal open).
            if let progress { Platform.setCloseOnExec(progress, true) }
            if let lifeline { Platform.setCloseOnExec(lifeline, true) }
            // First, so that a terminate signal never ends this process before the notify
            // socket's directory is removed again.
            installForwarding()
            let probe: ReadinessProbe
            do {
                probe = try ReadinessProbe(options.ready)
            } catch {
                fail(error.code, error.message)
            }
            Self.notify.withLock { $0 = probe.notify }
            if let conflict = probe.alreadyHolds(for: name) { fail(.invalidConfiguration, conflict) }
            var child = start(probe)
            var shown = Progress(fd: progress, waitingFor: options.ready.waitingFor, timeout: options.timeout)
            if let failure = awaitReadiness(of: child, probe: probe, progress: &shown) {
                shown.finish()
                fail(failure.code, failure.message)
            }
            shown.finish()
            if let lifeline { Platform.close(lifeline) }
            if !probe.statusText.isEmpty { daemon.status(probe.statusText) }
            if let pidFile = daemon.pidFile, probe.notify != nil {
                NotifyState(readyCount: 0, status: probe.statusText).write(forPIDFile: pidFile)
            }
            daemon.ready()
            var failures = 0
            var pause: Int64 = 1000
            var began = Platform.monotonicMilliseconds()
            // Whether the keeper itself stopped the program (it was not ready in time).
            var stoppedByKeeper = false
            while true {
                // Returns at once when the program has already been reaped (it failed before it
                // was ready): that run goes to the back-off like any other failure.
                let status = supervise(child, probe: probe)
                Self.current.withLock { $0 = nil }
                guard options.respawn, !Self.stopping.load(ordering: .sequentiallyConsistent),
                    stoppedByKeeper || !status.isStop
                else {
                    finish(child, status, probe: probe)
                }
                if Platform.monotonicMilliseconds() - began >= Self.steadyMilliseconds {
                    failures = 0
                    pause = 1000
                }
                failures += 1
                guard failures <= options.respawnLimit else {
                    Tool.note(
                        "giving up: \(name) failed \(options.respawnLimit) times in a row (--respawn-limit)")
                    finish(child, status, probe: probe)
                }
                Tool.note(
                    "\(name) (pid \(child.pid)) \(status.phrase); starting it again in \(pause / 1000) s (\(failures) of \(options.respawnLimit))"
                )
                // Between two runs the pid file names this process, which ends on terminate.
                try? daemon.namePIDFile(Platform.processID)
                let resume = Platform.monotonicMilliseconds() + pause
                while Platform.monotonicMilliseconds() < resume {
                    if Self.stopping.load(ordering: .sequentiallyConsistent) {
                        finish(child, status, probe: probe)
                    }
                    Platform.sleep(milliseconds: 50)
                }
                pause = min(pause * 2, 60_000)
                do {
                    try probe.rearm()
                } catch {
                    Tool.note("could not prepare --ready \(options.ready.text) again: \(error)")
                    finish(child, status, probe: probe)
                }
                child = start(probe)
                began = Platform.monotonicMilliseconds()
                stoppedByKeeper = false
                var silent = Progress(fd: nil, waitingFor: "", timeout: options.timeout)
                if let failure = awaitReadiness(of: child, probe: probe, progress: &silent) {
                    Tool.note(failure.message)
                    stoppedByKeeper = failure.code == .readinessTimeout
                } else if !probe.statusText.isEmpty {
                    daemon.status(probe.statusText)
                }
            }
        }

        /// Starts the program with the pid file's descriptor, and names it in the pid file.
        private func start(_ probe: ReadinessProbe) -> ChildProcess {
            let child: ChildProcess
            let lockCopy = inheritLock(avoiding: probe.moves.map(\.to))
            defer { if let lockCopy { Platform.close(lockCopy) } }
            do {
                child = try ChildProcess.spawn(
                    path: program, arguments: options.command, environment: environment(probe),
                    moves: probe.moves)
            } catch {
                fail(
                    .daemonFailed,
                    "could not start \(program): \(error.reason); check the command and its permissions")
            }
            Self.current.withLock { $0 = child }
            probe.childStarted()
            do {
                try daemon.namePIDFile(child.pid)
            } catch {
                _ = child.stop(graceMilliseconds: 0)
                fail(error.code, error.message)
            }
            return child
        }

        /// Lets the child inherit the pid file's descriptor. Where a readiness descriptor is to
        /// land on its number (`--ready fd:3`), the child inherits a copy above the readiness
        /// descriptors instead, which is returned for closing after the start.
        private func inheritLock(avoiding targets: [Int32]) -> Int32? {
            guard let fd = daemon.pidFileDescriptor else { return nil }
            guard targets.contains(fd) else {
                Platform.setCloseOnExec(fd, false)
                return nil
            }
            Platform.setCloseOnExec(fd, true)
            let copy = fcntl(fd, F_DUPFD, (targets.max() ?? fd) + 1)
            return copy >= 0 ? copy : nil
        }

        /// The program's environment: this process's, without the tool's own variables, with
        /// `--env` and what the readiness mode adds.
        private func environment(_ probe: ReadinessProbe) -> [String] {
            let dropped = ["NOTIFY_SOCKET=", "\(StartCommand.progressVariable)=", "\(Lifeline.variable)="]
            var names = Set(options.environment.map { String($0.prefix { $0 != "=" }) })
            names.formUnion(probe.environment.map { String($0.prefix { $0 != "=" }) })
            let inherited = Platform.rawEnvironment().map { String(decoding: $0, as: UTF8.self) }.filter {
                entry in
                !dropped.contains { entry.hasPrefix($0) }
                    && !names.contains(String(entry.prefix { $0 != "=" }))
            }
            return inherited + options.environment + probe.environment
        }

        /// Waits until the program is ready; the failure (its exit, the timeout) otherwise, after
        /// stopping it.
        private func awaitReadiness(of child: ChildProcess, probe: ReadinessProbe, progress: inout Progress)
            -> DaemonikerError?
        {
            let started = Platform.monotonicMilliseconds()
            let deadline = started + Parsing.milliseconds(options.timeout)
            while true {
                // A terminate signal that came before the program was there to get it.
                if Self.stopping.load(ordering: .sequentiallyConsistent) {
                    let status = child.stop(graceMilliseconds: Parsing.milliseconds(Self.stopGrace))
                    return DaemonikerError(
                        .daemonFailed,
                        "\(name) (pid \(child.pid)) was stopped before it was ready (it \(status.phrase)): the keeper was told to stop"
                    )
                }
                // The launcher was interrupted or has gone: nobody waits for this start any more.
                if let lifeline, Lifeline.isBroken(lifeline) {
                    let status = child.stop(graceMilliseconds: Parsing.milliseconds(Self.stopGrace))
                    return DaemonikerError(
                        .daemonFailed,
                        "the start was interrupted (the waiting daemoniker got a signal or ended), so \(name) (pid \(child.pid)) was stopped (it \(status.phrase))"
                    )
                }
                // Started is ready for `exec`, even if the program has already ended again.
                if options.ready == .exec { return nil }
                if let status = child.poll() {
                    return DaemonikerError(
                        .daemonExited,
                        "\(name) (pid \(child.pid)) \(status.phrase) before it was ready (waiting for \(options.ready.waitingFor)); look at its output\(logHint)"
                    )
                }
                let now = Platform.monotonicMilliseconds()
                if probe.isReady(elapsed: now - started, milliseconds: 50, deadline: deadline) {
                    probe.finished()
                    // Ready means ready and still running.
                    if let status = child.poll() {
                        return DaemonikerError(
                            .daemonExited,
                            "\(name) (pid \(child.pid)) \(status.phrase) just as \(options.ready.waitingFor) came, so it is not running; look at its output\(logHint)"
                        )
                    }
                    return nil
                }
                if Platform.monotonicMilliseconds() >= deadline {
                    let status = child.stop(graceMilliseconds: Parsing.milliseconds(Self.stopGrace))
                    return DaemonikerError(
                        .readinessTimeout,
                        "\(name) (pid \(child.pid)) was not ready within \(Parsing.text(options.timeout)) s (waiting for \(options.ready.waitingFor)) and was stopped (it \(status.phrase)); raise --timeout or check --ready"
                    )
                }
                progress.update(elapsed: now - started)
            }
        }

        /// Waits for the program to end, keeping the notify state up to date meanwhile.
        private func supervise(_ child: ChildProcess, probe: ReadinessProbe) -> ExitStatus {
            guard let listener = probe.notify else { return child.wait() }
            var state = NotifyState(readyCount: 0, status: probe.statusText)
            while true {
                if let status = child.poll() { return status }
                guard let lines = listener.receive(milliseconds: 100) else { continue }
                // Passed on to a supervisor's own NOTIFY_SOCKET too (with `run`), so that
                // systemd's `Type=notify-reload` and `systemctl status` see them.
                for line in lines {
                    if line == "RELOADING=1" { daemon.reloading() }
                    if line == "READY=1" {
                        state.readyCount += 1
                        daemon.ready()
                    }
                    if line.hasPrefix("STATUS=") {
                        state.status = String(line.dropFirst(7))
                        daemon.status(state.status)
                    }
                }
                if let pidFile = daemon.pidFile { state.write(forPIDFile: pidFile) }
            }
        }

        /// Ends with the program's status, after removing what the keeper made; the library
        /// removes the pid file as this process exits.
        private func finish(_ child: ChildProcess, _ status: ExitStatus, probe: ReadinessProbe) -> Never {
            probe.drainOutput()
            Self.removeNotifySocket()
            if probe.notify != nil, let pidFile = daemon.pidFile { NotifyState.remove(forPIDFile: pidFile) }
            Tool.note("\(name) (pid \(child.pid)) \(status.phrase)")
            Platform.exitProcess(status.passedOn)
        }

        /// Passes terminate, interrupt, quit, hangup and the user signals on to the program.
        private func installForwarding() {
            let passed: [Signal] = [.terminate, .interrupt, .quit, .hangup, .user1, .user2, .windowChanged]
            // `run` keeps the signal mask it was started with (a detached start has it cleared);
            // a supervisor that blocked these would leave them pending forever.
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            for signal in passed { sigaddset(&unblocked, signal.rawValue) }
            pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
            do {
                try Signals.handle(passed) { signal in
                    if signal == .terminate || signal == .interrupt || signal == .quit {
                        Self.stopping.store(true, ordering: .sequentiallyConsistent)
                    }
                    // Never a pid that was reaped: the system may have given it to another process.
                    let child = Self.current.withLock { $0 }
                    child?.send(signal.rawValue)
                }
            } catch {
                fail(error.code, error.message)
            }
        }

        /// Closes and removes the notify socket and its directory, once.
        private static func removeNotifySocket() {
            notify.withLock { listener in
                listener?.shutDown()
                listener = nil
            }
        }

        private var logHint: String {
            if let log = options.errorLog ?? options.log { return " in \(log)" }
            return foreground ? "" : " (start it with --log FILE to keep it)"
        }

        /// Fails the start: the launcher prints `message` and exits with `code`'s status.
        private func fail(_ code: DaemonikerError.Code, _ message: String) -> Never {
            Self.removeNotifySocket()
            if let pidFile = daemon.pidFile { NotifyState.remove(forPIDFile: pidFile) }
            daemon.fail(DaemonikerError(code, message))
        }
    }
#endif
