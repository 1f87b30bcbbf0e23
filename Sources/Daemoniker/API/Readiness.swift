/// When the launching process considers the daemon ready.
public enum Readiness: Sendable, Equatable {
    /// Ready as soon as `daemonize` returns in the daemon.
    case automatic
    /// Ready when the daemon calls ``Daemon/ready()``; until then the launcher waits.
    case manual
}
