extension Daemon {
    /// Returns once a new generation of this daemon has taken over after
    /// ``PIDFile/upgrade(timeout:drain:)`` (with ``Daemoniker/acceptsUpgrades``): the pid file now
    /// names the new generation, which accepts on the same listening sockets. Stop accepting
    /// (close the listening sockets: the new generation's copies stay open), finish the work in
    /// flight, and return from `main`; the process is killed when the upgrade's drain time has
    /// passed. This generation's exit no longer removes the pid file. Never returns in a daemon
    /// that is not upgraded.
    public func drainRequested() async {
        await (handOver?.drain ?? DrainEvent.never).wait()
    }

    /// Runs `handler` (on a thread of Daemoniker's) once a new generation has taken over: see
    /// ``drainRequested()``. Never runs in a daemon that is not upgraded.
    public func onDrain(_ handler: @escaping @Sendable () -> Void) {
        handOver?.drain.onFire(handler)
    }

    /// Whether a new generation has taken over and this one is draining.
    public var isDraining: Bool { handOver?.drain.hasFired ?? false }

    /// In a generation an upgrade started: the pid of the generation it replaced; nil in the
    /// first generation.
    public var upgradedFrom: Int32? { session.upgradedFrom }
}
