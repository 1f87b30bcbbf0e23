import Daemoniker

/// `restart`: stops what runs (escalating to `SIGKILL` after `--timeout`), then starts as
/// `start` does.
struct RestartCommand: Subcommand {
    static let spec = CommandSpec(
        name: "restart",
        abstract: "stop, then start with start's arguments",
        discussion: """
            Stops the program the pid file names (SIGTERM, SIGKILL after --timeout), then starts
            COMMAND detached and exits once it is ready, as start does.
            """,
        takesCommand: true,
        options: StartCommand.spec.options,
        statuses: KeeperLaunch.startStatuses)

    /// What `start` is given.
    let start: StartCommand

    init(_ line: ParsedCommandLine) throws(ToolError) {
        start = try StartCommand(line)
    }

    func run() throws(ToolError) -> ExitStatus {
        // A relaunched keeper runs this code again: what ran is already stopped.
        if !Daemoniker.isRelaunchedDaemon, let pidFile = start.options.pidFile {
            _ = try StopCommand(pidFile: pidFile, timeout: start.options.timeout).run()
        }
        return try start.run()
    }
}
