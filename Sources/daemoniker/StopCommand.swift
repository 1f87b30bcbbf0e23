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
                throw Failure.of(error)
            }
            return 0
        }
        do {
            try file.send(signal)
        } catch {
            throw Failure.of(error)
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
            throw Failure.of(error)
        }
        guard Waiting.untilEnded(file, pid: pid, milliseconds: 10_000) else {
            throw ToolError(1, "pid \(pid) (pid file \(pidFile)) still runs 10 s after SIGKILL")
        }
        print(
            "pid \(pid) was still running \(Parsing.text(timeout)) s after \(signal.name); killed it (SIGKILL)"
        )
        return 0
    }
}
