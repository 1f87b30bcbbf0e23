import DaemonikerPlatform

/// Picks the backend for this process: `.foreground` under a supervisor that already runs it in
/// the background (`NOTIFY_SOCKET` from systemd `Type=notify`, `XPC_SERVICE_NAME` from launchd);
/// `.relaunch` on Windows, in a relaunched process, and in a process that runs more than one
/// thread; `.fork` otherwise.
public struct AutomaticStrategy: DaemonizationStrategy {
    /// Creates the strategy.
    public init() {}

    /// `"automatic"`.
    public var name: String { "automatic" }

    /// The backend this process should use now.
    public func resolve(_ configuration: Daemoniker) -> any DaemonizationStrategy {
        if RelaunchSwitch.isPresent { return RelaunchStrategy() }
        if Platform.environmentValue("NOTIFY_SOCKET") != nil { return ForegroundStrategy() }
        // Terminal sessions on macOS carry XPC_SERVICE_NAME=0; only a real label means launchd.
        if let label = Platform.environmentValue("XPC_SERVICE_NAME"), !label.isEmpty, label != "0" {
            return ForegroundStrategy()
        }
        guard Platform.detachesByForking else { return RelaunchStrategy() }
        if let threads = Platform.threadCount(), threads > 1 { return RelaunchStrategy() }
        return ForkStrategy()
    }

    /// Detaches with the backend ``resolve(_:)`` picks.
    public func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon {
        try resolve(request.configuration).detach(request)
    }
}

extension DaemonizationStrategy where Self == AutomaticStrategy {
    /// The right backend for this process; see ``AutomaticStrategy``.
    public static var automatic: AutomaticStrategy { AutomaticStrategy() }
}
