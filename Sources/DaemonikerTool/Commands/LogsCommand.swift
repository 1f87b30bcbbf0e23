import Daemoniker
import DaemonikerPlatform

/// `logs`: prints the end of the program's log (found through the keeper's record beside the pid
/// file), follows it, or has the keeper open its logs anew.
struct LogsCommand: Subcommand {
    /// `--lines N`.
    static let lines = Option<Count>("lines", "N", help: "how many of the last lines to print (default 10)")
    /// `--follow`.
    static let follow = Flag(
        "follow",
        help: "then print new lines as they come, across rotations, until the\nprogram ends (or Ctrl-C)")
    /// `--errors`.
    static let errors = Flag("errors", help: "the --error-log file instead of --log")
    /// `--reopen`.
    static let reopen = Flag(
        "reopen",
        help: "print nothing; have the keeper open its log files anew (after\nlogrotate renamed them)")

    static let spec = CommandSpec(
        name: "logs",
        abstract: "print the program's log (--follow: and what follows), or --reopen it",
        discussion: """
            Prints the last lines of the --log file of the program the pid file names, from the
            rotated files too when the log holds fewer; with --follow, then prints what it writes,
            across rotations, until it ends. With --reopen, has its keeper open the log files anew
            (for logrotate, after it has renamed them) and prints nothing else. The keeper records
            its logs beside the pid file (PIDFILE.keeper), where this finds them.
            """,
        options: [
            SharedOptions.requiredPIDFile, lines.declaration, follow.declaration, errors.declaration,
            reopen.declaration,
        ],
        statuses: [
            StatusMeaning(.success, "printed (--follow: until the program ended); --reopen: reopened"),
            StatusMeaning(
                .failure,
                "the log cannot be read, the keeper could not reopen a log (it says why),\nor the running program's keeper left no record of its logs"
            ),
            StatusMeaning(.badInput, "bad input, or the program was started without --log"),
            StatusMeaning(.notRunning, "not running, and no record of its logs (--reopen: not running)"),
        ])

    /// The pid file.
    let pidFile: String
    /// How many of the last lines to print.
    let count: Int
    /// Whether to go on printing what follows.
    let following: Bool
    /// Whether the error log is meant.
    let errorLog: Bool
    /// Whether to reopen instead.
    let reopening: Bool

    init(_ line: ParsedCommandLine) throws(ToolError) {
        pidFile = try line.required(SharedOptions.pidFile)
        count = try line.value(Self.lines, default: Count(10)).value
        following = line.isSet(Self.follow)
        errorLog = line.isSet(Self.errors)
        reopening = line.isSet(Self.reopen)
        let linesGiven = try line.value(Self.lines) != nil
        if reopening, following || errorLog || linesGiven {
            throw .usage(
                "--reopen prints no lines; give it alone (with --pid-file), and ask for lines in another call"
            )
        }
    }

    func run() throws(ToolError) -> ExitStatus {
        try PIDFileAccess.checkReadable(pidFile)
        let absolute = Platform.absolutePath(pidFile)
        let recordPath = KeeperRecord.path(forPIDFile: absolute)
        guard let record = try KeeperRecord.read(forPIDFile: absolute) else {
            guard isRunning else {
                throw ToolError(
                    .notRunning,
                    "not running (pid file \(pidFile)), and no record of its logs (\(recordPath)); look in the log file itself"
                )
            }
            throw ToolError(
                .failure,
                "pid file \(pidFile) names a running program, but its keeper left no record of its logs (\(recordPath)): it was started by an earlier daemoniker, or the keeper's user may not write \(Platform.directory(of: absolute)); start it again with this one"
            )
        }
        if reopening { return try reopenLogs(record) }
        let path = try logPath(record)
        var follower = LogFollower(path: path, keep: record.keep ?? 0, owner: record.owner)
        try emit(try follower.start(lastLines: count))
        guard following else { return .success }
        // Interrupting ends it, even when it was started with these signals blocked (as
        // some supervisors and test runners do): they would stay pending forever.
        Platform.unblockSignals([Signal.interrupt, .terminate, .hangup].map(\.rawValue))
        while isRunning {
            Platform.sleep(milliseconds: LogFollower.interval)
            try emit(try follower.poll())
        }
        // Its last lines, and the keeper's note on how it ended, came before the pid file went.
        try emit(try follower.poll())
        follower.close()
        return .success
    }

    /// Whether the pid file names a running (or starting) program.
    private var isRunning: Bool {
        switch PIDFile(pidFile).status() {
        case .running, .starting: true
        case .stale, .stopped: false
        }
    }

    /// The log asked for, as the record names it; bad input when the program has none.
    private func logPath(_ record: KeeperRecord) throws(ToolError) -> String {
        if errorLog {
            if let path = record.errorLog { return path }
            let goes = record.log.map { "its standard error goes to --log \($0); leave out --errors" }
            throw ToolError(
                .badInput,
                "the program of pid file \(pidFile) was started without --error-log: \(goes ?? "start it with --error-log PATH")"
            )
        }
        guard let path = record.log else {
            throw ToolError(
                .badInput,
                "the program of pid file \(pidFile) was started without --log, so there is no log to show; start it again with --log PATH (and --log-max-size SIZE to rotate it)"
            )
        }
        return path
    }

    /// `--reopen`: asks the keeper through its control socket.
    private func reopenLogs(_ record: KeeperRecord) throws(ToolError) -> ExitStatus {
        guard isRunning else {
            throw ToolError(
                .notRunning, "not running (pid file \(pidFile)): no keeper is there to reopen its logs")
        }
        guard record.log != nil || record.errorLog != nil else {
            throw ToolError(
                .badInput,
                "the program of pid file \(pidFile) was started without --log or --error-log: there is no log to reopen"
            )
        }
        guard let control = record.control else {
            throw ToolError(
                .failure,
                "the keeper of pid file \(pidFile) has no control socket (its log says why); start the program again to get one"
            )
        }
        switch try KeeperControl.send(ControlServer.reopen, to: control, owner: record.owner) {
        case .done(let text):
            print(text)
            return .success
        case .refused(let reason), .failed(_, let reason):
            throw ToolError(.failure, "the keeper could not reopen its logs: \(reason)")
        case .unreachable(let why):
            throw ToolError(
                .failure,
                "cannot reach the keeper of pid file \(pidFile) (pid \(record.keeper)): \(why); run as the keeper's user or root"
            )
        }
    }

    /// Writes `bytes` to standard output as they are.
    private func emit(_ bytes: [UInt8]) throws(ToolError) {
        guard !bytes.isEmpty else { return }
        do {
            try Platform.write(1, bytes)
        } catch {
            throw ToolError(.failure, "cannot write to standard output: \(error.reason)")
        }
    }
}
