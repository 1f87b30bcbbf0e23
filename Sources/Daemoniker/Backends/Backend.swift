/// One way of detaching: ``DaemonizationStrategy/fork``, ``DaemonizationStrategy/relaunch`` and
/// ``DaemonizationStrategy/foreground`` are each one type implementing it (`.automatic` picks
/// one, see `DaemonizationStrategy+Backend.swift`).
protocol Backend: Sendable {
    /// The strategy it implements, as `Launch` and `Daemon` report it.
    var strategy: DaemonizationStrategy { get }

    /// In the original process: runs setup, starts the daemon and ends as the launcher; throws
    /// only for failures found before anything detached. Returns only in the daemon.
    func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon
}

/// The daemon's side of the handover, as a backend returns it.
struct DetachedDaemon: Sendable {
    let state: [UInt8]
    let session: DaemonSession
}
