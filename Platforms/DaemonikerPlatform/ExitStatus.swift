/// How a child process ended.
///
/// On Windows, which has only exit codes, `.signaled` never occurs: a signal relayed through the
/// sentinel is an exit code there (see `Platform.relayedSignal(from:)`).
package enum ExitStatus: Sendable, Equatable {
    /// It ended with this exit code (on Windows the bit pattern of the `DWORD`).
    case exited(Int32)
    /// A signal ended it (POSIX only).
    case signaled(Int32)
}
