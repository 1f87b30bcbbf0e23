import DaemonikerPlatform

extension PIDFile {
    /// Sends `signal` to the daemon this pid file names, from any process. When the
    /// daemon relays signals through a sentinel (always on Windows; with `signalRelay` on POSIX)
    /// the signal goes through the relay, and this returns only once the relay is armed again,
    /// so signals sent one after another are each delivered. Otherwise it is sent directly.
    /// `SIGKILL` and `SIGSTOP` always go directly.
    ///
    /// Throws `DaemonikerError/Code/notRunning`, `DaemonikerError/Code/stalePIDFile`,
    /// `DaemonikerError/Code/permissionDenied` or `DaemonikerError/Code/relayNotAnswering`.
    public func send(_ signal: Signal, timeout: Duration = .seconds(5)) throws(DaemonikerError) {
        let pidFile = path
        let deadline = Platform.monotonicMilliseconds() + Self.milliseconds(timeout)
        let pid = try Self.runningPID(pidFile, deadline: deadline)
        let file = try? Platform.info(ofPath: pidFile)
        if signal.isRelayable, let owner = file?.owner,
            let record = SentinelRecord.read(
                SentinelRecord.path(forPIDFile: pidFile), daemon: pid, owner: owner)
        {
            try Self.relay(
                signal, through: record, pidFile: pidFile, pid: pid, owner: owner, deadline: deadline)
            return
        }
        try Self.signalDirectly(signal.rawValue, pid: pid, pidFile: pidFile, file: file)
    }

    /// Signals `pid` if it still holds the pid file open (checked where the OS tells, through a
    /// pidfd on Linux): a pid file rewritten after the daemon locked it never gets another
    /// process signalled.
    private static func signalDirectly(_ signal: Int32, pid: Int32, pidFile: String, file: FileInfo?)
        throws(DaemonikerError)
    {
        let sent: Bool
        do throws(SystemError) {
            // A zombie takes a signal and does nothing with it; on Linux it holds no file open.
            guard Platform.processIsAlive(pid) else {
                throw SystemError("signal pid \(pid)", code: SystemError.noSuchProcessCode)
            }
            if let file {
                sent = try Platform.signalHolder(pid, of: file, signal: signal)
            } else {
                try Platform.kill(pid, signal)
                sent = true
            }
        } catch {
            throw Self.failure(error, pid: pid, pidFile: pidFile)
        }
        guard sent else {
            throw DaemonikerError(
                .pidFileUnusable,
                "pid file \(pidFile) names pid \(pid), which does not hold it open: the file was rewritten after its daemon locked it; refusing to signal pid \(pid)"
            )
        }
    }

    /// Stops the daemon this pid file names: sends terminate, waits until the pid file's lock is
    /// released, and kills the daemon if that has not happened within `timeout`, whatever state
    /// its relay is in (a relay that does not answer is bypassed). Returns which of
    /// the two ended it. Throws what ``send(_:timeout:)`` throws.
    @discardableResult
    public func stop(timeout: Duration = .seconds(10)) throws(DaemonikerError) -> StopOutcome {
        let pidFile = path
        let pid = try Self.runningPID(pidFile, deadline: Platform.monotonicMilliseconds() + 1000)
        let file = try? Platform.info(ofPath: pidFile)
        // The sentinel to end if it is left behind: only one seen running as the daemon's child
        // now, and later only while the same pid still runs under the same name (a record may
        // name a pid that has ended, and the pid may be reused meanwhile).
        let sentinel = file.flatMap { file in
            SentinelRecord.read(SentinelRecord.path(forPIDFile: pidFile), daemon: pid, owner: file.owner)
        }.flatMap { record in
            Platform.processIdentity(record.pid).flatMap { $0.parent == pid ? (record.pid, $0.name) : nil }
        }
        defer { if let sentinel { Self.endLeftBehind(pid: sentinel.0, name: sentinel.1) } }
        do {
            try send(.terminate)
        } catch {
            // A relay that does not answer (its daemon or sentinel frozen, or its sentinel gone)
            // must not keep the daemon from being stopped: terminate directly where the OS can,
            // then wait and escalate as for any daemon.
            guard error.code == .relayNotAnswering else { throw error }
            try? Self.signalDirectly(Signal.terminate.rawValue, pid: pid, pidFile: pidFile, file: file)
        }
        if Self.waitForRelease(pidFile, pid: pid, milliseconds: Self.milliseconds(timeout)) {
            return .terminated
        }
        do {
            try Self.signalDirectly(Signal.kill.rawValue, pid: pid, pidFile: pidFile, file: file)
        } catch {
            if error.code == .stalePIDFile { return .terminated }  // It ended just before the kill.
            throw error
        }
        guard Self.waitForRelease(pidFile, pid: pid, milliseconds: 10_000) else {
            throw DaemonikerError(
                .systemCallFailed, "pid \(pid) (pid file \(pidFile)) still holds its lock 10 s after SIGKILL")
        }
        // A killed daemon could not remove its sentinel record; unless a new daemon has started
        // meanwhile, remove it (the pid file itself stays, and reads as stale).
        if case .stale = PIDFile(pidFile).status() { SentinelRecord.removeLeftovers(forPIDFile: pidFile) }
        return .killed
    }

    /// A sentinel ends by itself once its daemon is gone, unless it is stopped (SIGSTOP) and
    /// cannot: then it is killed, so that stopping a daemon leaves nothing behind.
    private static func endLeftBehind(pid: Int32, name: String) {
        if !Platform.waitUntilGone(pid, milliseconds: 1000), Platform.processIdentity(pid)?.name == name {
            try? Platform.kill(pid, Signal.kill.rawValue)
        }
    }

    /// Relays `signal` through the sentinel `record` names, in the protocol the record says.
    private static func relay(
        _ signal: Signal, through record: SentinelRecord, pidFile: String, pid: Int32, owner: UInt32,
        deadline: Int64
    ) throws(DaemonikerError) {
        let recordPath = SentinelRecord.path(forPIDFile: pidFile)
        // Where a sentinel ends with the signal it relays, one relayed signal at a time: two sent
        // to it at the same moment would arrive as one. A sentinel that answers in place is sent
        // queued signals, which never merge.
        let serializer =
            record.answersInPlace
            ? nil : try? Platform.open(SentinelRecord.lockPath(forPIDFile: pidFile), .existingNoFollow)
        defer { if let serializer { Platform.close(serializer) } }
        var current = record
        if let serializer {
            while (try? Platform.tryLockExclusive(serializer)) != true {
                if Platform.monotonicMilliseconds() >= deadline {
                    throw notAnswering(pid: pid, pidFile: pidFile, recordPath: recordPath)
                }
                Platform.sleep(milliseconds: 1)
            }
            // The record may have changed while we waited for our turn, or gone with its daemon.
            guard let now = SentinelRecord.read(recordPath, daemon: pid, owner: owner) else {
                throw failure(
                    SystemError("sigqueue", code: SystemError.noSuchProcessCode), pid: pid, pidFile: pidFile)
            }
            current = now
        }
        // Send to the recorded sentinel. One that is just being replaced is gone (ESRCH): wait for
        // its successor's record and send again. A full queue (EAGAIN): the daemon is behind; try
        // again until the deadline.
        while true {
            do throws(SystemError) {
                // A sentinel that has ended but is not yet reaped would take the signal silently.
                if !Platform.processIsAlive(current.pid) {
                    throw SystemError("sigqueue", code: SystemError.noSuchProcessCode)
                }
                try Platform.relaySignal(
                    signal.rawValue, toSentinel: current.pid, token: current.token,
                    inPlace: current.answersInPlace)
                break
            } catch {
                if error.isWouldBlock {
                    // The sentinel's queue is full: the daemon is behind.
                    guard Platform.monotonicMilliseconds() < deadline else {
                        throw notAnswering(pid: pid, pidFile: pidFile, recordPath: recordPath)
                    }
                    Platform.sleep(milliseconds: 1)
                    continue
                }
                guard error.isNoSuchProcess else { throw failure(error, pid: current.pid, pidFile: pidFile) }
            }
            guard
                let next = waitForRecord(
                    recordPath, otherThan: current, daemon: pid, owner: owner, pidFile: pidFile,
                    deadline: deadline)
            else {
                throw notAnswering(pid: pid, pidFile: pidFile, recordPath: recordPath)
            }
            current = next
        }
        // Queued for a sentinel that stays: nothing more to wait for.
        if current.answersInPlace { return }
        // Armed again once the record names a new sentinel (or the daemon has ended).
        let rearmed = waitForRecord(
            recordPath, otherThan: current, daemon: pid, owner: owner, pidFile: pidFile, deadline: deadline)
        guard rearmed != nil else {
            throw notAnswering(pid: pid, pidFile: pidFile, recordPath: recordPath)
        }
    }

    /// Waits until the record differs from `old`. Returns the new record, `old` itself when the
    /// daemon has ended meanwhile, or nil at the deadline.
    private static func waitForRecord(
        _ path: String, otherThan old: SentinelRecord, daemon: Int32, owner: UInt32, pidFile: String,
        deadline: Int64
    ) -> SentinelRecord? {
        var pause = 0
        while Platform.monotonicMilliseconds() < deadline {
            if let now = SentinelRecord.read(path, daemon: daemon, owner: owner) {
                if now != old { return now }
            } else if case .running = PIDFile(pidFile).status() {
                // Between the daemon's removal of the record and its exit; keep waiting.
            } else {
                return old
            }
            if pause > 0 { Platform.sleep(milliseconds: pause) }
            pause = min(pause + 1, 5)
        }
        return nil
    }

    static func runningPID(_ pidFile: String, deadline: Int64) throws(DaemonikerError) -> Int32 {
        while true {
            switch PIDFile(pidFile).status() {
            case .running(let pid): return pid
            case .stopped:
                throw DaemonikerError(
                    .notRunning, "no daemon is running: pid file \(pidFile) does not exist; start it first")
            case .stale(let pid):
                throw DaemonikerError(
                    .stalePIDFile,
                    "pid file \(pidFile) is stale: it names \(pid.map { "pid \($0)" } ?? "no pid") but no process holds its lock; the daemon ended without removing it (start it again, which takes the file over)"
                )
            case .starting:
                if Platform.monotonicMilliseconds() >= deadline {
                    throw DaemonikerError(
                        .notRunning,
                        "the daemon with pid file \(pidFile) is still starting; try again once it is ready")
                }
                Platform.sleep(milliseconds: 5)
            }
        }
    }

    private static func waitForRelease(_ pidFile: String, pid: Int32, milliseconds: Int64) -> Bool {
        let deadline = Platform.monotonicMilliseconds() + milliseconds
        while Platform.monotonicMilliseconds() < deadline {
            if case .running(let holder) = PIDFile(pidFile).status(), holder == pid {
                Platform.sleep(milliseconds: 5)
                continue
            }
            return true
        }
        return false
    }

    static func failure(_ error: SystemError, pid: Int32, pidFile: String) -> DaemonikerError {
        if error.isPermissionDenied {
            return DaemonikerError(
                .permissionDenied,
                "not permitted to signal pid \(pid) (pid file \(pidFile)); run as the daemon's user or as root",
                cause: error)
        }
        if error.isNoSuchProcess {
            return DaemonikerError(
                .stalePIDFile,
                "pid \(pid) named by pid file \(pidFile) is no longer running (it has ended, or is a zombie its parent has not reaped); the pid file is stale, and nothing was signalled",
                cause: error)
        }
        return DaemonikerError("signal pid \(pid) (pid file \(pidFile))", error)
    }

    private static func notAnswering(pid: Int32, pidFile: String, recordPath: String) -> DaemonikerError {
        DaemonikerError(
            .relayNotAnswering,
            "the signal relay of pid \(pid) (pid file \(pidFile)) did not re-arm in time (sentinel record \(recordPath)); the daemon may be stuck: stop(timeout:) escalates to SIGKILL"
        )
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        max(0, duration.clampedMilliseconds)
    }
}
