import DaemonikerPlatform

extension PIDFile {
    /// Upgrades the daemon this pid file names, from any process: the daemon (configured with
    /// ``Daemoniker/acceptsUpgrades``) starts its executable anew (the binary on disk may be a new
    /// build) with its listening sockets and its pid-file lock, and waits until that new
    /// generation is ready; then the pid file names the new generation (switched in place: never
    /// missing, never empty), and the old one's ``Daemon/drainRequested()`` returns: it stops
    /// accepting, finishes what is in flight and returns from `main`, and is killed once `drain`
    /// has passed. The lock is never released in between, so no start can slip in.
    ///
    /// Returns the new generation's pid once it is ready and the old one has been told to drain.
    /// If the new generation exits, crashes, fails or is not ready within `timeout`, it is stopped,
    /// the old one keeps serving, the pid file is byte for byte as before, and this throws
    /// `DaemonikerError/Code/upgradeFailed` saying why. One upgrade at a time: a second one throws
    /// `DaemonikerError/Code/upgradeInProgress`. Also throws `notRunning`, `stalePIDFile`,
    /// `permissionDenied`, and `unsupported` for a daemon that does not take upgrades and on
    /// Windows.
    @discardableResult
    public func upgrade(timeout: Duration = .seconds(30), drain: Duration = .seconds(30))
        throws(DaemonikerError) -> Int32
    {
        let pidFile = Platform.absolutePath(path)
        guard Platform.deliversSignals else {
            throw DaemonikerError(
                .unsupported,
                "upgrade does not exist on \(Platform.name): a daemon there cannot hand its listening sockets to a new process yet; use stop and start"
            )
        }
        let timeoutMilliseconds = Self.milliseconds(timeout)
        guard timeoutMilliseconds > 0 else {
            throw DaemonikerError(
                .invalidConfiguration,
                "upgrade timeout \(timeout) is not positive; give one such as .seconds(30)")
        }
        let files = UpgradeFiles(pidFile: pidFile)
        let pid = try Self.runningPID(pidFile, deadline: Platform.monotonicMilliseconds() + 1000)
        let guardFD = try Self.holdUpgradeLock(files, pid: pid)
        defer { Platform.close(guardFD) }
        // A daemon records that it takes upgrades once it is ready; a generation that has just
        // taken over may not have yet.
        let recordDeadline = Platform.monotonicMilliseconds() + 2000
        var current = pid
        while !files.recordNames(current) {
            guard Platform.monotonicMilliseconds() < recordDeadline else {
                throw DaemonikerError(
                    .unsupported,
                    "the daemon (pid \(current), pid file \(pidFile)) does not take upgrade requests: no record \(files.record) names it; configure acceptsUpgrades = true in the program (and let it call drainRequested()), or use stop and start"
                )
            }
            Platform.sleep(milliseconds: 5)
            current = try Self.runningPID(pidFile, deadline: Platform.monotonicMilliseconds() + 1000)
        }
        let request = UpgradeRequest(
            token: Token.hex(bytes: 16), timeoutMilliseconds: timeoutMilliseconds,
            drainMilliseconds: Self.milliseconds(drain))
        try? Platform.unlink(files.result)
        try UpgradeFiles.write(request.encoded, to: files.request)
        defer {
            try? Platform.unlink(files.request)
            try? Platform.unlink(files.result)
        }
        do {
            try Platform.kill(current, UpgradeSignal.signal.rawValue)
        } catch {
            throw Self.failure(error, pid: current, pidFile: pidFile)
        }
        // The daemon answers once the new generation is ready or has failed; it stops a new
        // generation itself at `timeout`, and needs a moment more to say so.
        let deadline = Platform.monotonicMilliseconds() + timeoutMilliseconds + 15_000
        while true {
            if let text = files.readResult(), let result = UpgradeResult(parsing: text),
                result.token == request.token
            {
                switch result.outcome {
                case .upgraded(let newPID): return newPID
                case .failed(let message): throw DaemonikerError(.upgradeFailed, message)
                case .busy(let message): throw DaemonikerError(.upgradeInProgress, message)
                }
            }
            if !Platform.processIsAlive(current) {
                throw DaemonikerError(
                    .upgradeFailed,
                    "the daemon (pid \(current), pid file \(pidFile)) ended during the upgrade without answering"
                )
            }
            if Platform.monotonicMilliseconds() >= deadline {
                throw DaemonikerError(
                    .upgradeFailed,
                    "the daemon (pid \(current), pid file \(pidFile)) did not answer the upgrade request within \(timeoutMilliseconds / 1000 + 15) s; look at its standard error"
                )
            }
            Platform.sleep(milliseconds: 2)
        }
    }

    /// Takes `P.upgrade.lock` for this caller's whole upgrade, or throws `upgradeInProgress`.
    private static func holdUpgradeLock(_ files: UpgradeFiles, pid: Int32) throws(DaemonikerError) -> Int32 {
        let fd: Int32
        do {
            fd = try Platform.open(files.lock, .pidFile, permissions: 0o644)
        } catch {
            throw DaemonikerError("open the upgrade lock \(files.lock)", error)
        }
        let held: Bool
        do {
            held = try Platform.tryLockExclusive(fd)
        } catch {
            Platform.close(fd)
            throw DaemonikerError("lock \(files.lock)", error)
        }
        guard held else {
            Platform.close(fd)
            throw DaemonikerError(
                .upgradeInProgress,
                "an upgrade of the daemon (pid \(pid), pid file \(files.pidFile)) is already in progress (\(files.lock) is locked); wait for it to finish, then try again"
            )
        }
        return fd
    }
}
