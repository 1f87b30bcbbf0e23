import Daemoniker
import DaemonikerPlatform

/// `stop`: signals the program, waits for it to end, and kills it after the timeout, saying so.
struct StopCommand: Subcommand {
    /// `--signal SIG`.
    static let signal = Option<Signal>(
        "signal", "SIG", help: "the signal that asks it to stop (default TERM)")
    /// `--timeout SECONDS`.
    static let timeout = SharedOptions.timeout("how long to wait before SIGKILL (default 10)")

    static let spec = CommandSpec(
        name: "stop",
        abstract: "stop the program (SIGTERM, then SIGKILL after --timeout)",
        discussion: """
            Sends SIG (default TERM) to the program the pid file names and waits until it has ended;
            after --timeout (default 10) kills it with SIGKILL and says so.
            """,
        options: [SharedOptions.requiredPIDFile, signal.declaration, timeout.declaration],
        statuses: [
            StatusMeaning(.success, "it is not running (any more, or it was not)"),
            StatusMeaning(.failure, "it could not be stopped"), .badInputOrPIDFile,
        ])

    /// The pid file.
    let pidFile: String
    /// The signal sent first.
    let signal: Signal
    /// How long to wait before `SIGKILL`.
    let timeout: Seconds

    init(_ line: ParsedCommandLine) throws(ToolError) {
        pidFile = try line.required(SharedOptions.pidFile)
        signal = try line.value(Self.signal, default: .terminate)
        timeout = try line.value(Self.timeout, default: Seconds(10))
    }

    /// Stops the program with `SIGTERM`, as `restart` does first.
    init(pidFile: String, timeout: Seconds) {
        self.pidFile = pidFile
        self.signal = .terminate
        self.timeout = timeout
    }

    func run() throws(ToolError) -> ExitStatus {
        try PIDFileAccess.checkReadable(pidFile)
        let file = PIDFile(pidFile)
        let pid: Int32
        switch file.status() {
        case .stopped:
            print("not running (no pid file \(pidFile))")
            return .success
        case .stale(let named):
            print("not running (pid file \(pidFile) is stale\(named.map { ", it names pid \($0)" } ?? ""))")
            return .success
        case .starting:
            throw ToolError(
                .failure, "the program of pid file \(pidFile) is still starting; try again once it is ready")
        case .running(let running):
            pid = running
        }
        guard let ended = try stop(file, pid: pid) else {
            print("not running any more (pid \(pid) ended before \(signal.name) was sent)")
            return .success
        }
        print(ended)
        return .success
    }

    /// Stops `pid`; what happened, or nil when it had ended before the first signal.
    private func stop(_ file: PIDFile, pid: Int32) throws(ToolError) -> String? {
        let killed =
            "pid \(pid) was still running \(timeout.text) s after \(signal.name); killed it (SIGKILL)"
        if signal == .terminate {
            switch try Self.endedAlready(try file.stop(timeout: timeout.duration)) {
            case nil: return nil
            case .terminated: return "stopped pid \(pid) (SIGTERM)"
            case .killed: return killed
            }
        }
        guard try Self.endedAlready(try file.send(signal)) != nil else { return nil }
        if Waiting.untilEnded(file, pid: pid, milliseconds: timeout.milliseconds) {
            return "stopped pid \(pid) (\(signal.name))"
        }
        guard try Self.endedAlready(try file.send(.kill)) != nil else {
            return "stopped pid \(pid) (\(signal.name))"
        }
        guard Waiting.untilEnded(file, pid: pid, milliseconds: 10_000) else {
            throw ToolError(.failure, "pid \(pid) (pid file \(pidFile)) still runs 10 s after SIGKILL")
        }
        return killed
    }

    /// The result of `body`, or nil when the program had already ended (not running, or a
    /// stale pid file): no failure for `stop`. Any other library error is the tool's.
    private static func endedAlready<Result>(_ body: @autoclosure () throws(DaemonikerError) -> Result)
        throws(ToolError) -> Result?
    {
        do {
            return try body()
        } catch {
            if error.code == .stalePIDFile || error.code == .notRunning { return nil }
            throw ToolError(ExitStatus(error), error.message)
        }
    }
}
