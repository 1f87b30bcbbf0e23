import DaemonikerPlatform

extension DaemonizationStrategy {
    /// The backend that runs this strategy now. `.automatic` picks: `.foreground` under a
    /// supervisor that already runs the process in the background (`NOTIFY_SOCKET` from systemd
    /// `Type=notify`, `XPC_SERVICE_NAME` from launchd); `.relaunch` in a relaunched process, on an
    /// OS that cannot detach by forking, and in a process that runs more than one thread;
    /// `.fork` otherwise.
    var backend: any Backend {
        switch kind {
        case .fork: return ForkBackend()
        case .relaunch: return RelaunchBackend()
        case .foreground: return ForegroundBackend()
        case .automatic: return Self.automaticChoice.backend
        }
    }

    private static var automaticChoice: DaemonizationStrategy {
        if RelaunchSwitch.isPresent { return .relaunch }
        if Platform.environmentValue("NOTIFY_SOCKET") != nil { return .foreground }
        // Terminal sessions on macOS carry XPC_SERVICE_NAME=0; only a real label means launchd.
        if let label = Platform.environmentValue("XPC_SERVICE_NAME"), !label.isEmpty, label != "0" {
            return .foreground
        }
        guard Platform.detachesByForking, ForkBackend.threadsPreventingFork() == nil else { return .relaunch }
        return .fork
    }
}
