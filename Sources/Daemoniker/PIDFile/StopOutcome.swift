/// How ``PIDFile/stop(timeout:)`` ended the daemon.
public enum StopOutcome: Sendable, Equatable {
    /// It exited after the terminate signal.
    case terminated
    /// It was still running at the timeout and was killed (`SIGKILL`, `TerminateProcess`).
    case killed
}
