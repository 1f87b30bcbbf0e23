import Daemoniker
import DaemonikerPlatform

/// One generation of the program: the process the keeper supervises as COMMAND and the probe that
/// watched it become ready (its own notify socket, output pipes and readiness descriptor).
struct Generation {
    /// The process.
    var child: ChildProcess
    /// Its probe.
    var probe: ReadinessProbe
    /// 1 for the first, one more for each upgrade.
    var number: Int
}

/// A generation an upgrade replaced: told to stop, killed at `killAt` if it still runs, reaped
/// by the keeper meanwhile. Its end does not end the keeper.
struct RetiredGeneration {
    /// The process.
    let child: ChildProcess
    /// Its generation number.
    let number: Int
    /// When it gets `SIGKILL` (monotonic milliseconds).
    let killAt: Int64
    /// Whether it has been sent `SIGKILL`.
    var killed = false
}

/// `daemoniker upgrade`: a new generation of COMMAND beside the running one, ready before it
/// replaces it. Carried out on the keeper's main thread, between two looks at the running
/// generation (``UpgradeRequest``).
extension Keeper {
    /// Starts a new generation of the program the way the first was started (same command line,
    /// environment, descriptors, output routing; the executable is read from disk anew), waits
    /// for its own readiness within the request's timeout, then names it in the pid file (in
    /// place, never empty), makes it the generation signals and the supervision go to, and sends
    /// the old one `SIGTERM` (``RetiredGeneration``). If the new one fails it is stopped alone
    /// and nothing else changes. Answers the request either way.
    func upgrade(
        _ current: inout Generation, _ request: UpgradeRequest, retired: inout [RetiredGeneration],
        state: inout NotifyState
    ) {
        let old = current
        let serving = "the running generation \(old.child.pid) keeps serving"
        if let refusal = upgradeRefusal() {
            request.answer(UpgradeRequest.failure(.badInput, refusal))
            return
        }
        let started = Platform.monotonicMilliseconds()
        let probe: ReadinessProbe
        let child: ChildProcess
        do {
            probe = try ReadinessProbe(options.ready, output: KeeperLogs.relay)
        } catch {
            old.probe.resumeOutput()
            request.answer(UpgradeRequest.failure(.failure, "\(error.message); \(serving)"))
            return
        }
        let successor: PIDFileSuccessor?
        do {
            successor = try held.prepareSuccessor(daemon: daemon)
        } catch {
            // The keeper's user may not create files beside the pid file: rewritten in place.
            Tool.note(
                "upgrade: could not make a new pid file beside \(daemon.pidFile ?? "the pid file") (\(error)); it will be rewritten in place"
            )
            successor = nil
        }
        // The new generation holds only the new pid file open, not the running one's.
        if successor != nil, let current = held.descriptor(of: daemon) {
            Platform.setCloseOnExec(current, true)
        }
        do {
            child = try spawn(probe, lock: successor?.descriptor)
        } catch {
            successor?.discard()
            probe.discard()
            old.probe.resumeOutput()
            request.answer(
                UpgradeRequest.failure(
                    .failure,
                    "could not start a new generation of \(program): \(error.reason); \(serving); check the command and its permissions"
                ))
            return
        }
        probe.childStarted()
        let number = old.number + 1
        Tool.note(
            "upgrade: started generation \(number) of \(name) as pid \(child.pid); waiting for \(options.ready.waitingFor)"
        )
        if let failure = awaitUpgradeReadiness(of: child, probe: probe, old: old.child, request: request) {
            let ending = child.stopAlone(grace: Self.stopGrace)
            successor?.discard()
            probe.discard()
            old.probe.resumeOutput()
            var message = failure.message(new: child.pid, ending: ending, serving: serving)
            if failure.concernsNewGeneration { message += "; look at its output\(logHint)" }
            Tool.note("upgrade failed: \(message)")
            request.answer(UpgradeRequest.failure(.failure, message))
            return
        }
        let ready = Platform.monotonicMilliseconds() - started
        if let failure = switchPIDFile(to: child.pid, successor: successor) {
            // Not renamed (the rename is the last step): the pid file is as it was.
            let ending = child.stopAlone(grace: Self.stopGrace)
            successor?.discard()
            probe.discard()
            old.probe.resumeOutput()
            let message =
                "new generation \(child.pid) was ready, but the pid file could not name it (\(failure)), so it was stopped (it \(ending.phrase)); \(serving)"
            Tool.note("upgrade failed: \(message)")
            request.answer(UpgradeRequest.failure(.failure, message))
            return
        }
        Self.current.withLock { $0 = child }
        Self.notify.withLock { $0 = probe.notify }
        old.probe.discard()
        current = Generation(child: child, probe: probe, number: number)
        KeeperLogs.recordGeneration(pid: child.pid, number: number)
        if !probe.statusText.isEmpty {
            state.status = probe.statusText
            daemon.status(probe.statusText)
        }
        if let pidFile = daemon.pidFile, probe.notify != nil { state.write(forPIDFile: pidFile) }
        old.child.send(.terminate)
        retired.append(
            RetiredGeneration(
                child: old.child, number: old.number,
                killAt: Platform.monotonicMilliseconds() + request.drain.milliseconds))
        let message =
            "generation \(number) (pid \(child.pid)) is ready (\(options.ready.text)) after \(Self.threeDecimals(ready)) s and the pid file names it; generation \(old.number) (pid \(old.child.pid)) was sent SIGTERM (SIGKILL in \(request.drain.text) s if it still runs)"
        Tool.note("upgraded: \(message)")
        request.answer("ok \(message)")
    }

    /// Names `pid` in the pid file: by renaming `successor` over it, or, without one (another
    /// user's pid file, root's under `--user`), in place. Why it could not, or nil.
    private func switchPIDFile(to pid: Int32, successor: PIDFileSuccessor?) -> String? {
        if let successor {
            do {
                try held.promote(successor, pid: pid, daemon: daemon)
            } catch {
                return "\(error)"
            }
        } else if daemon.pidFile != nil {
            do {
                try held.name(pid, daemon: daemon)
            } catch {
                return error.message
            }
        }
        return nil
    }

    /// Why this keeper cannot upgrade its program (bad input), or nil when it can.
    private func upgradeRefusal() -> String? {
        if let path = options.programPIDFile {
            return
                "\(name) was started with --program-pid-file \(path): it forks itself into the background, so a new generation would be adopted from the same pid file the running one wrote; upgrade needs a program the keeper runs as its child (start it in the foreground, without its daemonizing option)"
        }
        switch options.ready {
        case .tcp, .unix, .http:
            return
                "--ready \(options.ready.text) cannot tell the new generation's readiness: it connects through the socket the running generation listens on, which would answer for it; start the program with --ready notify, fd:N, log:REGEX, delay:SECONDS or exec to upgrade it"
        case .file(let path):
            return
                "--ready \(options.ready.text) cannot tell the new generation's readiness: \(path) exists already (the running generation made it); start the program with --ready notify, fd:N, log:REGEX, delay:SECONDS or exec to upgrade it"
        default:
            return nil
        }
    }

    /// Why a new generation is not taken.
    enum UpgradeFailure {
        /// It ended before it was ready.
        case ended
        /// It was not ready within the timeout.
        case notReady(Seconds)
        /// The running generation ended meanwhile (the keeper ends with it).
        case oldEnded(ProcessEnding)
        /// The keeper was told to stop meanwhile.
        case stopping

        /// Whether the new generation's output tells why (not when the keeper is ending).
        var concernsNewGeneration: Bool {
            switch self {
            case .ended, .notReady: true
            case .oldEnded, .stopping: false
            }
        }

        /// What the upgrade says, with how the new generation `new` ended.
        func message(new: Int32, ending: ProcessEnding, serving: String) -> String {
            switch self {
            case .ended:
                "new generation \(new) \(ending.phrase) before it was ready; \(serving)"
            case .notReady(let timeout):
                "new generation \(new) was not ready within \(timeout.text) s and was stopped (it \(ending.phrase)); \(serving); raise --timeout or look at why it is not ready"
            case .oldEnded(let old):
                "the running generation \(old.phrase) during the upgrade, so the keeper ends; new generation \(new) was stopped (it \(ending.phrase))"
            case .stopping:
                "the keeper was told to stop during the upgrade; new generation \(new) was stopped (it \(ending.phrase))"
            }
        }
    }

    /// Waits for the new generation `child`'s own readiness (its own notify socket, descriptor
    /// pipe or output), up to the request's timeout, while watching the running generation
    /// `old`; nil once it is ready.
    private func awaitUpgradeReadiness(
        of child: ChildProcess, probe: ReadinessProbe, old: ChildProcess, request: UpgradeRequest
    ) -> UpgradeFailure? {
        let started = Platform.monotonicMilliseconds()
        let deadline = started + request.timeout.milliseconds
        while true {
            if Self.stopping.load(ordering: .sequentiallyConsistent) { return .stopping }
            if let ending = old.poll() { return .oldEnded(ending) }
            if child.poll() != nil { return .ended }
            if options.ready == .exec { return nil }
            let now = Platform.monotonicMilliseconds()
            if probe.isReady(elapsed: now - started, milliseconds: 50, deadline: deadline) {
                probe.finished()
                return child.poll() == nil ? nil : .ended
            }
            if Platform.monotonicMilliseconds() >= deadline { return .notReady(request.timeout) }
        }
    }

    /// `milliseconds` as seconds with three decimals: `0.412`.
    static func threeDecimals(_ milliseconds: Int64) -> String {
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Notes the retired generations that have ended, and kills those whose drain time is over.
    func tend(_ retired: inout [RetiredGeneration]) {
        let now = Platform.monotonicMilliseconds()
        retired.removeAll { generation in
            if let ending = generation.child.poll() {
                Tool.note(
                    "generation \(generation.number) (pid \(generation.child.pid)), replaced by an upgrade, \(ending.phrase)"
                )
                return true
            }
            return false
        }
        for index in retired.indices where !retired[index].killed && now >= retired[index].killAt {
            retired[index].child.send(.kill)
            retired[index].killed = true
            Tool.note(
                "generation \(retired[index].number) (pid \(retired[index].child.pid)) still ran at the end of the drain time; killed it (SIGKILL)"
            )
        }
    }
}
