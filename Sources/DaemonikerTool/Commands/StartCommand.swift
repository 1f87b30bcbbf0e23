import Daemoniker

/// `start`: runs the program detached, under a keeper, and exits once it is ready.
struct StartCommand: Subcommand {
    /// `--strategy S`: how the tool detaches.
    static let strategy = Option<DaemonizationStrategy>(
        "strategy", "S", help: "fork, relaunch or automatic (default): how the tool detaches")

    static let spec = CommandSpec(
        name: "start",
        abstract: "start COMMAND detached; exit 0 once it is ready",
        discussion: """
            Starts COMMAND detached and exits once it is ready. On failure nothing is left: no
            process, no pid file. The tool's keeper is COMMAND's parent and takes its end for the
            program's end, ending whatever COMMAND left behind; a COMMAND that forks itself into
            the background and exits needs --program-pid-file (Linux, FreeBSD).
            """,
        takesCommand: true,
        options: LaunchOptions.declarations(pidFile: SharedOptions.requiredPIDFile) + LogOptions.declarations
            + [strategy.declaration],
        statuses: KeeperLaunch.startStatuses)

    /// The program and how to run it.
    let options: LaunchOptions
    /// How to detach.
    let strategy: DaemonizationStrategy

    init(_ line: ParsedCommandLine) throws(ToolError) {
        options = try LaunchOptions(line)
        strategy = try line.value(Self.strategy, default: .automatic)
    }

    func run() throws(ToolError) -> ExitStatus {
        try KeeperLaunch(options: options, mode: .detached(strategy)).run()
    }
}
