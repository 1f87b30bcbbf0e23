/// What `whenReady` learns about the daemon it started.
public struct Launch: Sendable, Equatable {
    /// The daemon's process id.
    public var pid: Int32
    /// The pid file, if one is configured.
    public var pidFile: String?
    /// The strategy that detached it: ``DaemonizationStrategy/fork``,
    /// ``DaemonizationStrategy/relaunch`` or ``DaemonizationStrategy/foreground`` (never
    /// `.automatic`, which picks one of them).
    public var strategy: DaemonizationStrategy
}
