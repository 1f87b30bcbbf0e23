import Daemoniker
import DaemonikerPlatform

/// What `start`, `run`, `restart` and `generate` are told: the program and how to run it.
struct LaunchOptions: Sendable {
    /// `--log PATH`.
    static let log = Option<String>("log", "PATH", help: "COMMAND's standard output (and error), appended to")
    /// `--error-log PATH`.
    static let errorLog = Option<String>("error-log", "PATH", help: "COMMAND's standard error, appended to")
    /// `--chdir DIR`.
    static let chdir = Option<String>(
        "chdir", "DIR", help: "working directory (start: default /; run: unchanged)")
    /// `--umask MODE`.
    static let umask = Option<FileModeMask>(
        "umask", "MODE", help: "file mode creation mask, octal (default 022)")
    /// `--user U`.
    static let user = Option<String>("user", "USER", help: "run as this user (name or id; needs root)")
    /// `--group G`.
    static let group = Option<String>("group", "GROUP", help: "run as this group (name or id; needs root)")
    /// `--env NAME=VALUE`.
    static let environment = Option<EnvironmentAssignment>(
        "env", "NAME=VALUE", repeats: true, help: "add to COMMAND's environment (repeatable)")
    /// `--ready MODE`.
    static let ready = Option<ReadyMode>(
        "ready", "MODE",
        help: """
            when COMMAND is ready (default exec):
              exec            it was started
              notify          it sent READY=1 to $NOTIFY_SOCKET (systemd's protocol)
              fd:N            it wrote a line to descriptor N (s6's protocol)
              tcp:HOST:PORT   a TCP connection succeeds
              unix:PATH       a connection to a Unix stream socket succeeds
              http:URL        GET URL answers 2xx or 3xx (plain http only)
              file:PATH       PATH exists
              log:REGEX       a line of its output matches REGEX (Swift Regex)
              delay:SECONDS   it still runs after SECONDS
            """)
    /// `--program-pid-file PATH`: COMMAND daemonizes itself and writes its pid there.
    static let programPIDFile = Option<String>(
        "program-pid-file", "PATH",
        help: """
            COMMAND forks itself into the background and writes its pid to
            PATH: the keeper waits for COMMAND to exit 0, adopts the process
            PATH names and supervises it as COMMAND (Linux, FreeBSD)
            """)
    /// `--listen ADDRESS`, repeatable: sockets the keeper binds for the program.
    static let listen = Option<ListenAddress>(
        "listen", "ADDRESS", repeats: true,
        help: """
            bind this listening socket before COMMAND starts (as root before
            --user) and pass it by systemd's socket activation (LISTEN_FDS,
            LISTEN_PID, LISTEN_FDNAMES), from descriptor 3 on in order;
            repeatable. ADDRESS: [NAME=]tcp:HOST:PORT ([::1] in brackets) or
            [NAME=]unix:PATH (NAME default "unknown")
            """)
    /// `--timeout SECONDS`: how long a start waits for readiness.
    static let timeout = SharedOptions.timeout(
        "how long to wait for readiness (default 30); then COMMAND is\nstopped and the exit status is 4")

    /// The group's declarations, with `pidFile` (required or not) first.
    static func declarations(pidFile: OptionDeclaration) -> [OptionDeclaration] {
        [
            pidFile, log.declaration, errorLog.declaration, chdir.declaration, umask.declaration,
            user.declaration, group.declaration, environment.declaration, ready.declaration,
            programPIDFile.declaration, listen.declaration, timeout.declaration,
        ]
    }

    /// The pid file, as given (the library makes it absolute); nil when not given.
    var pidFile: String?
    /// Standard output's file (`--log`), appended to.
    var log: String?
    /// Standard error's file (`--error-log`); without it, standard error goes with `--log`.
    var errorLog: String?
    /// The working directory (`--chdir`).
    var workingDirectory: String?
    /// The file mode creation mask (`--umask`).
    var umask: FileModeMask?
    /// The user to run as.
    var user: String?
    /// The group to run as.
    var group: String?
    /// Variables added to the program's environment.
    var environment: [EnvironmentAssignment]
    /// When the program counts as ready.
    var ready: ReadyMode
    /// The pid file COMMAND writes itself after forking into the background
    /// (`--program-pid-file`), as given.
    var programPIDFile: String?
    /// The sockets to bind and pass to the program (`--listen`), in order; Unix paths absolute.
    var listen: [ListenAddress]
    /// How long a start waits for readiness.
    var timeout: Seconds
    /// The program and its arguments.
    var command: [String]
    /// How the keeper writes the logs (`start` and `run`; ``LogOptions``).
    var logging: LogOptions

    /// Reads the group from `line`, checking the values against each other.
    init(_ line: ParsedCommandLine) throws(ToolError) {
        pidFile = try line.value(SharedOptions.pidFile)
        log = try line.value(Self.log)
        errorLog = try line.value(Self.errorLog)
        workingDirectory = try line.value(Self.chdir)
        umask = try line.value(Self.umask)
        user = try line.value(Self.user)
        group = try line.value(Self.group)
        environment = try line.values(Self.environment)
        ready = try line.value(Self.ready, default: .exec)
        programPIDFile = try line.value(Self.programPIDFile)
        listen = try line.values(Self.listen)
        timeout = try line.value(Self.timeout, default: Seconds(30))
        command = line.command
        logging = try LogOptions(line, log: log, errorLog: errorLog)
        let passed = Int32(listen.count)
        if case .descriptor(let number) = ready, passed > 0, number < 3 + passed {
            throw .usage(
                "\(Self.ready.flag) fd:\(number) is where a listening socket is passed (\(Self.listen.flag) takes descriptors \(passed == 1 ? "3" : "3 to \(2 + passed)")); choose fd:\(3 + passed) or above"
            )
        }
        if case .delay(let seconds) = ready, seconds >= timeout {
            throw .usage(
                "\(Self.ready.flag) delay:\(seconds.text) is not shorter than \(Self.timeout.flag) \(timeout.text) s, so the start could never be ready in time; raise \(Self.timeout.flag) above \(seconds.text) or shorten the delay"
            )
        }
    }

    /// The program's name as given.
    var programName: String { command.first ?? "" }

    /// The program's path: as given when it has a slash, else the first match on `PATH`.
    /// Bad input (exit 2) when there is none, before anything starts.
    func resolvedProgram() throws(ToolError) -> String {
        let program = programName
        if program.contains("/") {
            let absolute = Platform.absolutePath(program)
            guard Platform.isExecutableFile(absolute) else {
                throw .usage("\(program) is not an executable file; check the path")
            }
            return absolute
        }
        let search = Platform.environmentValue("PATH") ?? "/usr/bin:/bin"
        for directory in search.split(separator: Platform.searchPathSeparator) where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if Platform.isExecutableFile(candidate) { return Platform.absolutePath(candidate) }
        }
        throw .usage("command '\(program)' is not found on PATH (\(search)); give its full path")
    }
}
