import DaemonikerPlatform
import Synchronization

/// A daemon's side of an upgrade: takes the request ``PIDFile/upgrade(timeout:drain:)`` sends,
/// starts the next generation of the program through the relaunch machinery (switch, token,
/// state, readiness channel) with a new, locked pid file (``PIDFileSuccessor``) and the
/// listening sockets, waits for that process's own readiness, then renames the new file over the
/// pid file and drains this generation; or stops it, removes the new file and answers why,
/// leaving everything as it was. Where the new file cannot be made (the pid file's directory is
/// not writable for the daemon's user, or the pid file belongs to another user), the new
/// generation inherits this one's lock and the pid file is rewritten in place.
final class GenerationHandOver: Sendable {
    private enum Phase {
        case serving
        case upgrading
        case draining
    }

    let session: DaemonSession
    let drain = DrainEvent()
    private let lock: PIDFileLock
    private let files: UpgradeFiles
    private let state: [UInt8]
    private let sockets: [ActivatedSocket]
    private let inheritedStreams: [Int32]
    private let phase = Mutex(Phase.serving)

    init(
        session: DaemonSession, lock: PIDFileLock, state: [UInt8], sockets: [ActivatedSocket],
        inheritedStreams: [Int32]
    ) {
        self.session = session
        self.lock = lock
        self.files = UpgradeFiles(pidFile: lock.path)
        self.state = state
        self.sockets = sockets
        self.inheritedStreams = inheritedStreams
    }

    /// Takes upgrade requests from now on; the record beside the pid file says so once this
    /// generation is ready (a new generation is not the pid file's until then).
    func start() throws(DaemonikerError) {
        try Signals.handle(UpgradeSignal.signal) { [self] _ in requested() }
        session.whenReady { [self] in try? UpgradeFiles.write("\(Platform.processID)\n", to: files.record) }
    }

    private func requested() {
        guard let text = UpgradeFiles.read(files.request), let request = UpgradeRequest(parsing: text)
        else { return }
        let busy = phase.withLock { phase -> Phase? in
            guard phase == .serving else { return phase }
            phase = .upgrading
            return nil
        }
        if let busy {
            answer(
                request,
                .busy(
                    busy == .draining
                        ? "pid \(Platform.processID) is draining: a newer generation has taken over; upgrade that one"
                        : "an upgrade of pid \(Platform.processID) is already in progress; wait for it to finish"
                ))
            return
        }
        do {
            try Platform.startThread { [self] in run(request) }
        } catch {
            phase.withLock { $0 = .serving }
            answer(request, .failed("could not start the upgrade's thread: \(error)"))
        }
    }

    private func answer(_ request: UpgradeRequest, _ outcome: UpgradeResult.Outcome) {
        try? UpgradeFiles.write(
            UpgradeResult(token: request.token, outcome: outcome).encoded, to: files.result)
    }

    private func run(_ request: UpgradeRequest) {
        let outcome = upgrade(request)
        if case .upgraded = outcome {
            phase.withLock { $0 = .draining }
            // Answered before the drain starts: the caller returns while this generation drains.
            answer(request, outcome)
            beginDraining(milliseconds: request.drainMilliseconds)
        } else {
            // A new generation stopped after it reported ready (it was late, or the switch
            // failed) has already written the record and told systemd it is the main process:
            // both name this one again, so that it can be upgraded later and stays the unit's.
            try? UpgradeFiles.write("\(Platform.processID)\n", to: files.record)
            session.tell("MAINPID=\(Platform.processID)")
            phase.withLock { $0 = .serving }
            answer(request, outcome)
        }
    }

    /// Starts the new generation and waits for it; switches the pid file to it once ready.
    private func upgrade(_ request: UpgradeRequest) -> UpgradeResult.Outcome {
        let successor: PIDFileSuccessor?
        do {
            successor = try PIDFileSuccessor.prepare(pidFile: lock.path, current: lock.descriptor)
        } catch {
            Platform.writeStandardError(
                "daemoniker: upgrade: could not make a new pid file beside \(lock.path) (\(error)); it will be rewritten in place\n"
            )
            successor = nil
        }
        // The new generation holds only the new file open, not this one's.
        if successor != nil { Platform.setCloseOnExec(lock.descriptor, true) }
        let started: (waiter: ReadinessWaiter, executable: String)
        do {
            started = try startNextGeneration(lock: successor?.descriptor ?? lock.descriptor)
        } catch {
            successor?.discard()
            return .failed(
                "could not start the new generation: \(error.message); the running one (pid \(Platform.processID)) keeps serving"
            )
        }
        let outcome = started.waiter.wait(milliseconds: request.timeoutMilliseconds)
        Platform.close(started.waiter.descriptor)
        // Unless the new file became the pid file: removed once the failed new generation is
        // ended (at return, after the `end` below).
        var switched = false
        defer { if !switched { successor?.discard() } }
        let kept =
            "; it was stopped, and pid \(Platform.processID) keeps serving with the pid file \(lock.path) unchanged"
        switch outcome {
        case .ready(let pid):
            if let failure = switchPIDFile(to: pid, successor: successor) {
                Self.end(pid, kill: true)
                return .failed("the new generation (pid \(pid)) was ready, but \(failure)\(kept)")
            }
            switched = true
            return .upgraded(pid)
        case .failed(let error, let pid):
            Self.end(pid, kill: false)
            return .failed(
                "the new generation\(Self.naming(pid)) failed before it was ready: \(error.message)\(kept)")
        case .execFailed(let code, let pid):
            Self.end(pid, kill: false)
            let cause = SystemError("exec \(started.executable)", code: code)
            return .failed(
                "could not start the new generation from \(started.executable): \(cause.reason)\(kept)")
        case .detachFailed(let code):
            return .failed(
                "could not detach the new generation: \(SystemError("fork", code: code).reason)\(kept)")
        case .exited(let pid):
            Self.end(pid, kill: false)
            return .failed(
                "the new generation\(Self.naming(pid)) exited before it reported ready (it crashed or exited; look at its standard error)\(kept)"
            )
        case .timedOut(let pid):
            Self.end(pid, kill: true)
            return .failed(
                "the new generation\(Self.naming(pid)) was not ready within \(Double(request.timeoutMilliseconds) / 1000) s\(kept)"
            )
        }
    }

    /// Names `pid` in the pid file: by renaming `successor` over it (this process's copy of its
    /// descriptor is then closed; the new generation's keeps the lock), or without one, in place.
    /// Why it could not, or nil; then the pid file is as it was.
    private func switchPIDFile(to pid: Int32, successor: PIDFileSuccessor?) -> String? {
        guard let successor else {
            do {
                try lock.write(pid: pid)
            } catch {
                return error.message
            }
            return nil
        }
        do {
            try successor.promote(pid: pid)
        } catch {
            return "the new pid file \(successor.path) could not replace \(lock.path): \(error)"
        }
        Platform.close(successor.descriptor)
        return nil
    }

    private static func naming(_ pid: Int32?) -> String { pid.map { " (pid \($0))" } ?? "" }

    /// Makes sure the failed new generation `pid` is gone, never touching the pid file.
    private static func end(_ pid: Int32?, kill: Bool) {
        guard let pid else { return }
        if kill { try? Platform.kill(pid, Signal.kill.rawValue) }
        if !Platform.waitUntilGone(pid, milliseconds: 10_000) {
            try? Platform.kill(pid, Signal.kill.rawValue)
            _ = Platform.waitUntilGone(pid, milliseconds: 5_000)
        }
    }

    /// Starts the executable anew, detached, as the relaunch backend does, with the pid-file
    /// lock `lockDescriptor` (the new file's, or this generation's own), the state, the sockets
    /// and the readiness channel; returns the channel's waiter.
    private func startNextGeneration(lock lockDescriptor: Int32) throws(DaemonikerError) -> (
        waiter: ReadinessWaiter, executable: String
    ) {
        let token = Token.hex(bytes: 16)
        let stateDescriptor = try StateStore.write(token: token, state: state)
        defer { Platform.close(stateDescriptor) }
        let executable: String
        do {
            executable = Self.onDisk(try Platform.executablePath())
        } catch {
            throw DaemonikerError("prepare the new generation", error)
        }
        // Every listening socket (declared or activated) goes at the number it has here.
        let carriers = [SocketActivation.carrierVariable, DeclaredSockets.variable].map {
            Array(($0 + "=").utf8)
        }
        let waiter = try RelaunchStart.start(
            executable, token: token, lock: lockDescriptor, state: stateDescriptor,
            inheriting: sockets.map(\.descriptor) + inheritedStreams, preparing: "prepare the new generation"
        ) { environment in
            var environment = environment.filter { entry in !carriers.contains { entry.starts(with: $0) } }
            environment.append(Array("\(UpgradeGeneration.variable)=\(Platform.processID)".utf8))
            if !sockets.isEmpty {
                environment.append(
                    Array("\(DeclaredSockets.variable)=\(DeclaredSockets.encoded(sockets))".utf8))
            }
            return environment
        }
        return (waiter, executable)
    }

    /// The executable's path as it is on disk now: Linux names a running binary that was
    /// replaced "PATH (deleted)", and the new build is at PATH.
    private static func onDisk(_ path: String) -> String {
        let suffix = " (deleted)"
        return path.hasSuffix(suffix) ? String(path.dropLast(suffix.count)) : path
    }

    /// The pid file names the new generation: this one lets go of it (its exit no longer removes
    /// the file; its descriptor stays open until it ends, so that the file it locked, which a
    /// reader may have opened just before the switch, stays locked while it runs), tells the
    /// program to drain, and ends itself after `milliseconds` if the program has not.
    private func beginDraining(milliseconds: Int64) {
        Platform.configureCleanup(pidFile: nil, lockFD: -1, sentinelRecord: nil, notify: nil)
        lock.relinquish()
        try? Platform.startThread {
            Platform.sleep(milliseconds: Int(clamping: milliseconds))
            Platform.writeStandardError(
                "daemoniker: pid \(Platform.processID) had not finished draining \(Double(milliseconds) / 1000) s after an upgrade; killing it\n"
            )
            try? Platform.kill(Platform.processID, Signal.kill.rawValue)
        }
        drain.fire()
    }
}
