import Daemoniker
import DaemonikerPlatform

/// `stop --pid-file PATH [--signal SIG] [--timeout SECONDS]`: signals the program, waits for it
/// to end, and kills it after the timeout, saying so.
enum StopCommand {
    /// Stops the program; 0 once it has ended (or was not running).
    static func run(_ arguments: [String]) throws(ToolError) -> Int32 {
        let parsed = try ParsedArguments(
            arguments, subcommand: "stop", valued: ["--pid-file", "--signal", "--timeout"], flags: [])
        try Arguments.noPositional(parsed, subcommand: "stop")
        let pidFile = try parsed.pidFile(for: "stop")
        let signal =
            try parsed.value("--signal").map { text throws(ToolError) in
                try Parsing.signal(text, subcommand: "stop")
            } ?? .terminate
        let timeout =
            try parsed.value("--timeout").map { text throws(ToolError) in
                try Parsing.seconds(text, option: "--timeout", subcommand: "stop")
            } ?? 10
        return try stop(pidFile: pidFile, signal: signal, timeout: timeout)
    }

    /// Stops the program `pidFile` names, as `stop` does; also `restart`'s first half.
    static func stop(pidFile: String, signal: Signal, timeout: Double) throws(ToolError) -> Int32 {
        // A file there that cannot be read is not "no pid file": say so (as `status` does).
        if (try? Platform.info(ofPath: pidFile)) != nil,
            (try? Platform.open(pidFile, .existingNoFollow, permissions: 0)).map({ Platform.close($0) })
                == nil
        {
            throw ToolError(
                2,
                "pid file \(pidFile) exists but cannot be opened (a symbolic link, or not readable by this user); give the real file's path, or run as its owner or root"
            )
        }
        let file = PIDFile(pidFile)
        let pid: Int32
        switch file.status() {
        case .stopped:
            print("not running (no pid file \(pidFile))")
            return 0
        case .stale(let named):
            print("not running (pid file \(pidFile) is stale\(named.map { ", it names pid \($0)" } ?? ""))")
            return 0
        case .starting:
            throw ToolError(
                1, "the program of pid file \(pidFile) is still starting; try again once it is ready")
        case .running(let running):
            pid = running
        }
        if signal == .terminate {
            do {
                switch try file.stop(timeout: Parsing.duration(timeout)) {
                case .terminated: print("stopped pid \(pid) (SIGTERM)")
                case .killed:
                    print(
                        "pid \(pid) was still running \(Parsing.text(timeout)) s after SIGTERM; killed it (SIGKILL)"
                    )
                }
            } catch {
                if error.code == .stalePIDFile || error.code == .notRunning {
                    print("not running any more (pid \(pid) ended before SIGTERM was sent)")
                    return 0
                }
                throw stopFailure(error, pid: pid)
            }
            return 0
        }
        do {
            try file.send(signal)
        } catch {
            if error.code == .stalePIDFile || error.code == .notRunning {
                print("not running any more (pid \(pid) ended before \(signal.name) was sent)")
                return 0
            }
            throw stopFailure(error, pid: pid)
        }
        if Waiting.untilEnded(file, pid: pid, milliseconds: Parsing.milliseconds(timeout)) {
            print("stopped pid \(pid) (\(signal.name))")
            return 0
        }
        do {
            try file.send(.kill)
        } catch {
            if error.code == .stalePIDFile || error.code == .notRunning {
                print("stopped pid \(pid) (\(signal.name))")
                return 0
            }
            throw stopFailure(error, pid: pid)
        }
        guard Waiting.untilEnded(file, pid: pid, milliseconds: 10_000) else {
            throw ToolError(1, "pid \(pid) (pid file \(pidFile)) still runs 10 s after SIGKILL")
        }
        print(
            "pid \(pid) was still running \(Parsing.text(timeout)) s after \(signal.name); killed it (SIGKILL)"
        )
        return 0
    }

    /// `stop`'s status for a library error: 2 for an unusable pid file (bad input), else 1.
    /// (Not running is no failure of `stop`: the callers print that and return 0.)
    private static func stopFailure(_ error: DaemonikerError, pid: Int32) -> ToolError {
        switch error.code {
        case .invalidConfiguration, .pidFileUnusable: ToolError(2, error.message)
        default: ToolError(1, error.message)
        }
    }
}
