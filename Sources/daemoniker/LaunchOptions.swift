import Daemoniker
import DaemonikerPlatform

/// What `start`, `run`, `restart` and `generate` are told: the program and how to run it.
struct LaunchOptions: Sendable {
    /// The options every launching subcommand takes, with a value.
    static let valued: Set<String> = [
        "--pid-file", "--log", "--error-log", "--chdir", "--umask", "--user", "--group", "--env", "--ready",
        "--timeout", "--strategy",
    ]

    /// The pid file, as given (the library makes it absolute).
    var pidFile: String
    /// Standard output's file (`--log`), appended to.
    var log: String?
    /// Standard error's file (`--error-log`); without it, standard error goes with `--log`.
    var errorLog: String?
    /// The working directory (`--chdir`).
    var workingDirectory: String?
    /// The file mode creation mask (`--umask`).
    var umask: UInt32?
    /// The user to run as.
    var user: String?
    /// The group to run as.
    var group: String?
    /// `NAME=VALUE` pairs added to the program's environment.
    var environment: [String]
    /// When the program counts as ready.
    var ready: ReadyMode
    /// How long `start` waits for readiness.
    var timeout: Double
    /// `--strategy`: `fork`, `relaunch` or `automatic`.
    var strategy: String
    /// `run --respawn`: start the program again when it ends.
    var respawn: Bool
    /// `run --respawn-limit N`: give up after N quick failures in a row.
    var respawnLimit: Int
    /// The program and its arguments.
    var command: [String]
    /// The options as given, for `restart` and `generate` to pass on.
    var optionArguments: [String]

    /// Parses `arguments` for `subcommand`; `extraValued` and `extraFlags` are the
    /// subcommand's own options, left in `parsed` for it.
    init(
        _ arguments: [String], subcommand: String, extraValued: Set<String> = [], extraFlags: Set<String> = []
    ) throws(ToolError) {
        let parsed = try ParsedArguments(
            arguments, subcommand: subcommand, valued: Self.valued.union(extraValued), flags: extraFlags,
            takesCommand: true)
        try self.init(parsed: parsed, subcommand: subcommand)
    }

    /// Builds the options from `parsed`, checking each value.
    init(parsed: ParsedArguments, subcommand: String) throws(ToolError) {
        let pidFileRequired = subcommand != "generate" && subcommand != "run"
        pidFile = pidFileRequired ? try parsed.pidFile(for: subcommand) : (parsed.value("--pid-file") ?? "")
        log = parsed.value("--log")
        errorLog = parsed.value("--error-log")
        workingDirectory = parsed.value("--chdir")
        umask = try parsed.value("--umask").map { text throws(ToolError) in
            try Parsing.umask(text, subcommand: subcommand)
        }
        user = parsed.value("--user")
        group = parsed.value("--group")
        environment = parsed.all("--env")
        for pair in environment {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw .usage("--env '\(pair)' is not NAME=VALUE", of: subcommand)
            }
        }
        ready =
            try parsed.value("--ready").map { text throws(ToolError) in
                try ReadyMode(parsing: text, subcommand: subcommand)
            } ?? .exec
        timeout =
            try parsed.value("--timeout").map { text throws(ToolError) in
                try Parsing.seconds(text, option: "--timeout", subcommand: subcommand)
            } ?? 30
        if case .delay(let seconds) = ready, seconds >= timeout {
            throw .usage(
                "--ready delay:\(Parsing.text(seconds)) is not shorter than --timeout \(Parsing.text(timeout)) s, so the start could never be ready in time; raise --timeout above \(Parsing.text(seconds)) or shorten the delay",
                of: subcommand)
        }
        strategy = parsed.value("--strategy") ?? "automatic"
        guard ["fork", "relaunch", "automatic"].contains(strategy) else {
            throw .usage("--strategy '\(strategy)' is not fork, relaunch or automatic", of: subcommand)
        }
        respawn = parsed.flags.contains("--respawn")
        let limit = parsed.value("--respawn-limit") ?? "5"
        guard let respawnLimit = Int(limit), respawnLimit > 0 else {
            throw .usage("--respawn-limit '\(limit)' is not a positive number", of: subcommand)
        }
        self.respawnLimit = respawnLimit
        command = parsed.command
        optionArguments = parsed.optionArguments
        guard let program = command.first, !program.isEmpty else {
            throw .usage("the command is missing: put it after --, as in -- sleep 100", of: subcommand)
        }
    }

    /// The library's strategy for a detaching start. `automatic` never means the foreground
    /// here: `start` always detaches, even under a supervisor (use `run` there).
    var detachingStrategy: DaemonizationStrategy {
        switch strategy {
        case "fork": return .fork
        case "relaunch": return .relaunch
        default:
            let singleThreaded = Platform.threadCount() == 1
            return Platform.detachesByForking && singleThreaded ? .fork : .relaunch
        }
    }

    /// The program's path: as given when it has a slash, else the first match on `PATH`.
    /// Bad input (exit 2) when there is none, before anything starts.
    func resolvedProgram(subcommand: String) throws(ToolError) -> String {
        let program = command[0]
        if program.contains("/") {
            let absolute = Platform.absolutePath(program)
            guard Executables.isExecutable(absolute) else {
                throw .usage("\(program) is not an executable file; check the path", of: subcommand)
            }
            return absolute
        }
        let search = Platform.environmentValue("PATH") ?? "/usr/bin:/bin"
        for directory in search.split(separator: Executables.pathSeparator) where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if Executables.isExecutable(candidate) { return Platform.absolutePath(candidate) }
        }
        throw .usage(
            "command '\(program)' is not found on PATH (\(search)); give its full path", of: subcommand)
    }
}
