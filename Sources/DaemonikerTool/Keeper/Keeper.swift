import Daemoniker
import DaemonikerPlatform
import Synchronization

/// The daemon's side of `start` and `run`: runs the program as its child with the pid
/// file's locked descriptor inherited (or adopts the process a self-daemonizing program forks,
/// `--program-pid-file`), makes the pid file name the program, waits for the readiness
/// condition, then reports ready (or fails, stopping the program's whole tree), passes signals
/// on, reaps every orphan of the tree (as PID 1, or a child subreaper), ends what the program
/// leaves behind, and ends with the program's status, removing the pid file.
struct Keeper {
    /// The time between `SIGTERM` and `SIGKILL` when a program that failed to become ready is
    /// stopped.
    static let stopGrace = Seconds(3)
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
    /// The one reaper of every child.
    let reaper: Reaper
    /// The launcher's terminal, for the progress line.
    let progress: Int32?
    /// The read end of the ``Lifeline`` from the launcher (`start` only).
    let lifeline: Int32?
    /// The `--listen` sockets, open (close-on-exec) for the keeper's whole life and passed to
    /// each run of the program from descriptor 3 on.
    let listening: [BoundSocket]
    /// Whether this is `run` (no detaching).
    let foreground: Bool
    /// With `run --respawn`: how many quick failures in a row end it; nil: no respawning.
    let respawnLimit: Int?

    var name: String { options.programName }

    /// Runs the program until it ends; exits with its status.
    func run() -> Never {
        // A relaunch passes the terminal's descriptor on inheritable: the program must not
        // get it (it would keep the launcher's terminal open).
        if let progress { Platform.setCloseOnExec(progress, true) }
        if let lifeline { Platform.setCloseOnExec(lifeline, true) }
        // A keeper forked from the launcher inherits its arming of the lifeline's write end
        // (closed here, so its number is free for any descriptor opened since, such as the
        // reaper's pipe): disarmed, or a terminate signal would close that descriptor.
        Platform.closeOnSignals(-1, [])
        // A reader of the keeper's own output (a supervisor's pipe under `run`) that goes away
        // must not end the keeper without its clean-up; the program gets default dispositions.
        try? Platform.setDisposition(Signal.brokenPipe.rawValue, ignore: true)
        // First, so that a terminate signal never ends this process before the notify
        // socket's directory is removed again.
        installForwarding()
        let probe: ReadinessProbe
        do {
            probe = try ReadinessProbe(
                options.ready, output: KeeperLogs.start(options, pidFile: daemon.pidFile))
        } catch {
            fail(error.code, error.message)
        }
        Self.notify.withLock { $0 = probe.notify }
        if let conflict = probe.alreadyHolds(for: name) { fail(.invalidConfiguration, conflict) }
        if let path = options.programPIDFile, !reaper.adoptsOrphans {
            fail(
                .invalidConfiguration,
                "--program-pid-file \(path) is not supported on \(Platform.name): the keeper can adopt the process \(name) forks only as a child subreaper (Linux, FreeBSD) or as PID 1; run \(name) in the foreground instead (without its daemonizing option) and leave out --program-pid-file"
            )
        }
        var shown = Progress(fd: progress, waitingFor: options.ready.waitingFor, timeout: options.timeout)
        var (child, failure) = launch(probe, progress: &shown)
        if let failure {
            shown.finish()
            fail(failure.error.code, failure.error.message)
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
            let status = failure?.ending ?? supervise(child, probe: probe)
            Self.current.withLock { $0 = nil }
            let ended = "\(name) (pid \(child.pid)) \(status.phrase)" + endLeftovers()
            // Everything the run wrote reaches the log before the line about how it ended.
            probe.drainOutput()
            if let failure, failure.error.launcherExitCode == ExitStatus.badInput.code {
                Tool.note(ended)
                finish(.exited(ExitStatus.badInput.code), probe: probe)
            }
            guard let respawnLimit, !Self.stopping.load(ordering: .sequentiallyConsistent),
                stoppedByKeeper || !status.isStop
            else {
                Tool.note(ended)
                finish(status, probe: probe)
            }
            if Platform.monotonicMilliseconds() - began >= Self.steadyMilliseconds {
                failures = 0
                pause = 1000
            }
            failures += 1
            guard failures <= respawnLimit else {
                Tool.note(ended)
                Tool.note("giving up: \(name) failed \(respawnLimit) times in a row (--respawn-limit)")
                finish(status, probe: probe)
            }
            Tool.note("\(ended); starting it again in \(pause / 1000) s (\(failures) of \(respawnLimit))")
            // Between two runs the pid file names this process, which ends on terminate.
            try? daemon.namePIDFile(Platform.processID)
            let resume = Platform.monotonicMilliseconds() + pause
            while Platform.monotonicMilliseconds() < resume {
                // Stopped between two runs: a clean stop, whatever the last run's failure was.
                if Self.stopping.load(ordering: .sequentiallyConsistent) { finish(.exited(0), probe: probe) }
                Platform.sleep(milliseconds: 50)
            }
            pause = min(pause * 2, 60_000)
            do {
                try probe.rearm()
            } catch {
                Tool.note("could not prepare --ready \(options.ready.text) again: \(error)")
                finish(status, probe: probe)
            }
            began = Platform.monotonicMilliseconds()
            var silent = Progress(fd: nil, waitingFor: "", timeout: options.timeout)
            (child, failure) = launch(probe, progress: &silent)
            stoppedByKeeper = failure?.error.code == .readinessTimeout
            if let failure {
                Tool.note(failure.error.message)
            } else if !probe.statusText.isEmpty {
                daemon.status(probe.statusText)
            }
        }
    }

    /// Ends what the program left behind (`SIGTERM`, `SIGKILL` after ``stopGrace``); what to
    /// add to the note of its end (empty when nothing was left).
    private func endLeftovers() -> String {
        let left = reaper.endTree(first: nil, grace: Self.stopGrace)
        guard !left.isEmpty else { return "" }
        return
            "; ended \(left.count) process(es) it left behind (pid \(left.map(String.init).joined(separator: ", ")))"
    }

    /// Waits for the program to end, keeping the notify state up to date meanwhile.
    private func supervise(_ child: ChildProcess, probe: ReadinessProbe) -> ProcessEnding {
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

    /// Ends as the program ended, after removing what the keeper made: with its exit status, or
    /// killed by the signal that killed it (as PID 1, which its own signal cannot end: 128 + N),
    /// so that a supervisor sees "killed by SIGTERM". The pid file is removed first either way.
    private func finish(_ status: ProcessEnding, probe: ReadinessProbe) -> Never {
        probe.drainOutput()
        Self.removeNotifySocket()
        for socket in listening { socket.removeFile() }
        if probe.notify != nil, let pidFile = daemon.pidFile { NotifyState.remove(forPIDFile: pidFile) }
        KeeperLogs.end(failed: false)
        if case .signaled(let signal) = status {
            Platform.flushStandardStreams()
            // What exit would run: the pid file's removal (and the rest of the library's).
            Platform.runCleanup()
            Platform.exitBySignal(signal)
        }
        Platform.exitProcess(ExitStatus(passingOn: status).code)
    }

    /// Passes terminate, interrupt, quit, hangup and the user signals on to the program.
    private func installForwarding() {
        let passed: [Signal] = [.terminate, .interrupt, .quit, .hangup, .user1, .user2, .windowChanged]
        // `run` keeps the signal mask it was started with (a detached start has it cleared);
        // a supervisor that blocked these would leave them pending forever.
        Platform.unblockSignals(passed.map(\.rawValue))
        do {
            try Signals.handle(passed) { signal in
                if signal == .terminate || signal == .interrupt || signal == .quit {
                    Self.stopping.store(true, ordering: .sequentiallyConsistent)
                }
                // Never a pid that was reaped: the system may have given it to another process.
                let child = Self.current.withLock { $0 }
                child?.send(signal)
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

    var logHint: String {
        if let log = options.errorLog ?? options.log { return " in \(log)" }
        return foreground ? "" : " (start it with --log FILE to keep it)"
    }

    /// Fails the start: the launcher prints `message` and exits with `code`'s status.
    /// Whatever of the program's tree still runs is stopped first.
    func fail(_ code: DaemonikerError.Code, _ message: String) -> Never {
        reaper.endTree(first: Self.current.withLock { $0?.pid }, grace: Self.stopGrace)
        KeeperLogs.end(failed: true)
        Self.removeNotifySocket()
        for socket in listening { socket.removeFile() }
        if let pidFile = daemon.pidFile { NotifyState.remove(forPIDFile: pidFile) }
        daemon.fail(DaemonikerError(code, message))
    }
}
