import DaemonikerPlatform

extension DaemonizationStrategy {
    /// The environment variable with which an operator picks the strategy without recompiling:
    /// `fork`, `relaunch`, `foreground`, `windows-service` or `automatic`. It replaces the strategy the program
    /// configured, and the daemon removes it from its own environment.
    static let overrideVariable = "DAEMONIKER_STRATEGY"

    /// The backend that runs this strategy now: the operator's `DAEMONIKER_STRATEGY` if set,
    /// else this strategy. `.automatic` picks `.relaunch` in a relaunched process;
    /// `.windowsService` in a process the Windows service control manager started (connecting to
    /// it, which is how that is found out); `.foreground` under a ``Supervisor``; `.relaunch` on an OS that cannot detach by forking and in a
    /// process that runs more than one thread; `.fork` otherwise. Throws `invalidConfiguration`
    /// for a `DAEMONIKER_STRATEGY` it does not know.
    func backend() throws(DaemonikerError) -> any Backend {
        var chosen = self
        if let value = Platform.environmentValue(Self.overrideVariable) {
            guard let named = DaemonizationStrategy(name: value) else {
                throw DaemonikerError(
                    .invalidConfiguration,
                    "\(Self.overrideVariable) is \"\(value)\", which is not a strategy; set it to fork, relaunch, foreground, windows-service or automatic, or unset it"
                )
            }
            chosen = named
        }
        // An upgrade's new generation resumes as a relaunched daemon, whatever the strategy that
        // started the first generation.
        if RelaunchSwitch.isPresent, Platform.environmentValue(UpgradeGeneration.variable) != nil {
            return RelaunchBackend()
        }
        switch chosen.kind {
        case .fork: return ForkBackend()
        case .relaunch: return RelaunchBackend()
        case .foreground: return ForegroundBackend()
        case .windowsService: return try WindowsServiceBackend.required()
        case .automatic: return try Self.automaticChoice()
        }
    }

    private static func automaticChoice() throws(DaemonikerError) -> any Backend {
        if RelaunchSwitch.isPresent { return RelaunchBackend() }
        if let service = try WindowsServiceBackend.connected() { return service }
        if Supervisor.current() != nil { return ForegroundBackend() }
        guard Platform.detachesByForking, ForkBackend.threadsPreventingFork() == nil else {
            return RelaunchBackend()
        }
        return ForkBackend()
    }
}
