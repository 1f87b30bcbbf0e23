import DaemonikerPlatform

/// What a backend is asked to do: the configuration, and the user's setup, already wrapped to
/// produce the encoded state; and the launcher's first steps, the same for every backend.
struct DetachRequest {
    /// The configuration as the program gave it.
    let configuration: Daemoniker
    let setup: () throws -> [UInt8]
    let whenReady: (Launch) -> Void
    /// The declared listening sockets to bind once the pid file is locked.
    var listening: [DeclaredSockets.Slot] = []

    /// Locks the pid file, then runs setup (so setup never runs while another instance does);
    /// releases the lock again if setup fails. A setup that calls `exit` leaves no pid file
    /// either: the exit-time clean-up removes it, armed for this process only while setup runs
    /// (so neither a forked daemon nor the launcher's own exit after the hand-over removes it).
    func lockAndRunSetup(_ validated: ValidatedConfiguration) throws(DaemonikerError) -> (
        PIDFileLock?, [UInt8]
    ) {
        let lock = try validated.pidFile.map { path throws(DaemonikerError) in try PIDFile(path).acquire() }
        if let lock {
            Platform.configureCleanup(
                pidFile: lock.path, lockFD: lock.descriptor, sentinelRecord: nil, notify: nil)
        }
        defer {
            if lock != nil {
                Platform.configureCleanup(pidFile: nil, lockFD: -1, sentinelRecord: nil, notify: nil)
            }
        }
        do {
            // Bound after the lock (a second start finds the daemon running, exit 3, and binds
            // nothing) and before setup; a taken port ends the start here, exit 2.
            try DeclaredSockets.bind(listening)
            return (lock, try runSetup())
        } catch {
            lock?.release()
            throw error
        }
    }

    private func runSetup() throws(DaemonikerError) -> [UInt8] {
        do {
            return try setup()
        } catch let error as DaemonikerError {
            throw error
        } catch {
            throw DaemonikerError(.setupFailed, "setup failed: \(error)")
        }
    }
}
