/// `run`: runs the program in the foreground under a keeper, for a supervisor.
struct RunCommand: Subcommand {
    /// `--respawn`.
    static let respawn = Flag(
        "respawn",
        help: """
            start COMMAND again when it fails (1 s, 2 s, 4 s ... up to 60 s apart);
            not after exit 0 or SIGTERM, SIGINT, SIGQUIT, SIGKILL (what stop sends)
            """)
    /// `--respawn-limit N`.
    static let respawnLimit = Option<PositiveCount>(
        "respawn-limit", "N",
        help: "give up after N failures in a row, each within 10 s of its start (default 5)")

    static let spec = CommandSpec(
        name: "run",
        abstract: "run COMMAND in the foreground, for a supervisor (or --respawn)",
        discussion: """
            Runs COMMAND in the foreground, for a supervisor: the pid file names COMMAND, readiness is
            reported as READY=1 to the supervisor's NOTIFY_SOCKET when there is one, signals are
            passed on, and it ends as COMMAND ended: with its exit status, or killed by the same
            signal (as PID 1, which cannot be, with 128 + N after signal N). As PID 1 (a
            container's entrypoint) it reaps every orphaned process.
            """,
        takesCommand: true,
        options: LaunchOptions.declarations(pidFile: SharedOptions.pidFile.declaration)
            + LogOptions.declarations
            + [respawn.declaration, respawnLimit.declaration],
        statuses: [
            StatusMeaning(
                .success,
                "COMMAND exited with 0 (otherwise its status; killed by signal N:\nkilled by N too, or 128 + N as PID 1)"
            ),
            StatusMeaning(.failure, "it could not be started, or it failed before it was ready"), .badInput,
            .alreadyRunning, .notReadyInTime,
        ])

    /// The program and how to run it.
    let options: LaunchOptions
    /// With `--respawn`: how many quick failures in a row end it.
    let respawnLimit: Int?

    init(_ line: ParsedCommandLine) throws(ToolError) {
        options = try LaunchOptions(line)
        let limit = try line.value(Self.respawnLimit, default: PositiveCount(5))
        respawnLimit = line.isSet(Self.respawn) ? limit.value : nil
    }

    func run() throws(ToolError) -> ExitStatus {
        try KeeperLaunch(options: options, mode: .foreground(respawnLimit: respawnLimit)).run()
    }
}
