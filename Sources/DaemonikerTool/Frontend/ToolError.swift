/// A failure of the tool: printed as `daemoniker: MESSAGE` on standard error, and ending it with
/// its exit status. Bad input on the command line also prints the subcommand's usage.
struct ToolError: Error {
    /// The status the tool exits with.
    var status: ExitStatus
    /// What went wrong, why, and what to do about it.
    var message: String
    /// Whether the subcommand's help follows the message (bad command-line input).
    var showsUsage = false

    /// An error ending the tool with `status`.
    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Bad input on the command line: exit status 2, followed by the subcommand's help.
    static func usage(_ message: String) -> ToolError {
        var error = ToolError(.badInput, message)
        error.showsUsage = true
        return error
    }
}
