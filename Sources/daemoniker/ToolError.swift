/// A failure of the tool: the message printed as `daemoniker: MESSAGE` on standard error, and
/// the exit status. Usage errors (status 2) also print the subcommand's usage.
struct ToolError: Error {
    /// The exit status.
    var status: Int32
    /// What went wrong, why, and what to do about it.
    var message: String
    /// The subcommand whose usage is printed after the message, if any.
    var usageOf: String?

    /// An error ending the tool with `status`.
    init(_ status: Int32, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Bad input on the command line: exit status 2, with `subcommand`'s usage.
    static func usage(_ message: String, of subcommand: String) -> ToolError {
        var error = ToolError(2, message)
        error.usageOf = subcommand
        return error
    }
}
