/// A way of turning the process into a daemon. Each backend is one type implementing it; pick
/// one with ``Daemoniker/strategy`` (`.automatic`, `.fork`, `.relaunch`, `.foreground`).
public protocol DaemonizationStrategy: Sendable {
    /// The strategy's name as reports and messages give it (`"fork"`).
    var name: String { get }

    /// Chooses the backend that will actually run: itself, or (for `.automatic`) another.
    func resolve(_ configuration: Daemoniker) -> any DaemonizationStrategy

    /// Detaches. In the original process this runs `request.setup`, starts the daemon and hands
    /// over to the launcher; it throws only for failures found before anything detached.
    /// It returns only in the daemon, with the daemon's side of the handover.
    func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon
}

extension DaemonizationStrategy {
    /// A strategy resolves to itself unless it says otherwise.
    public func resolve(_ configuration: Daemoniker) -> any DaemonizationStrategy { self }
}

/// What a strategy is asked to do: the configuration, and the user's setup, already wrapped to
/// produce the encoded state. Created only by ``Daemoniker``.
public struct DetachRequest {
    /// The configuration as the program gave it.
    public let configuration: Daemoniker
    let setup: () throws -> [UInt8]
    let whenReady: (Launch) -> Void

    /// Checks the configuration and resolves names and paths.
    func validate() throws(DaemonikerError) -> ValidatedConfiguration {
        try ValidatedConfiguration(configuration)
    }

    /// Locks the pid file, then runs setup (so setup never runs while another instance does);
    /// releases the lock again if setup fails.
    func lockAndRunSetup(_ validated: ValidatedConfiguration) throws(DaemonikerError) -> (
        PIDFileLock?, [UInt8]
    ) {
        let lock = try validated.pidFile.map { path throws(DaemonikerError) in try PIDFile(path).lock() }
        do {
            return (lock, try runSetup())
        } catch {
            lock?.release()
            throw error
        }
    }

    /// Runs the user's setup, wrapping what it throws.
    func runSetup() throws(DaemonikerError) -> [UInt8] {
        do {
            return try setup()
        } catch let error as DaemonikerError {
            throw error
        } catch {
            throw DaemonikerError(.setupFailed, "setup failed: \(error)")
        }
    }
}

/// The daemon's side of the handover a strategy returns. Created only by the backends.
public struct DetachedDaemon: Sendable {
    let state: [UInt8]
    let strategy: String
    let session: DaemonSession
    let validated: ValidatedConfiguration
}
