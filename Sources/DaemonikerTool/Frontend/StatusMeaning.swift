/// One exit status a subcommand declares, with what it means for that subcommand; the help
/// lists them. The meanings several subcommands share are written once here.
struct StatusMeaning: Sendable {
    /// The status.
    let status: ExitStatus
    /// What it means, one or more lines.
    let meaning: String

    /// `status`, meaning `meaning`.
    init(_ status: ExitStatus, _ meaning: String) {
        self.status = status
        self.meaning = meaning
    }

    /// Bad input on the command line.
    static let badInput = StatusMeaning(.badInput, "bad input")
    /// Bad input, or a pid file that cannot be used (a symbolic link, unreadable).
    static let badInputOrPIDFile = StatusMeaning(.badInput, "bad input, or a pid file it cannot use")
    /// The program does not run.
    static let notRunning = StatusMeaning(.notRunning, "not running")
    /// A start's program was not ready in time, and was stopped.
    static let notReadyInTime = StatusMeaning(.timedOut, "not ready in time (COMMAND was stopped)")
    /// A start found the program already running.
    static let alreadyRunning = StatusMeaning(.alreadyRunning, "already running")
}
