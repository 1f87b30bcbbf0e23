import Daemoniker

/// The tool's error for a library error: its message, with an exit status for the code.
enum Failure {
    /// 3 for "not running" and a stale pid file (as `status` says), 2 for bad input, else 1.
    static func of(_ error: DaemonikerError) -> ToolError {
        switch error.code {
        case .notRunning, .stalePIDFile: ToolError(3, error.message)
        case .invalidConfiguration, .pidFileUnusable: ToolError(2, error.message)
        default: ToolError(1, error.message)
        }
    }
}
