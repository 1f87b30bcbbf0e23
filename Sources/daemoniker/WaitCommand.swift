import Daemoniker
import DaemonikerPlatform

/// `wait --pid-file PATH [--timeout SECONDS]`: waits until the program ends.
enum WaitCommand {
    /// Waits; 0 once it is not running, 4 when it still runs at the timeout.
    static func run(_ arguments: [String]) throws(ToolError) -> Int32 {
        let parsed = try ParsedArguments(
            arguments, subcommand: "wait", valued: ["--pid-file", "--timeout"], flags: [])
        try Arguments.noPositional(parsed, subcommand: "wait")
        let pidFile = try parsed.pidFile(for: "wait")
        let timeout = try parsed.value("--timeout").map { text throws(ToolError) in
            try Parsing.seconds(text, option: "--timeout", subcommand: "wait")
        }
        let file = PIDFile(pidFile)
        let deadline = timeout.map { Platform.monotonicMilliseconds() + Parsing.milliseconds($0) }
        while true {
            switch file.status() {
            case .running, .starting:
                if let deadline, Platform.monotonicMilliseconds() >= deadline {
                    throw ToolError(
                        4,
                        "still running after \(Parsing.text(timeout ?? 0)) s (pid file \(pidFile)); raise --timeout"
                    )
                }
                Platform.sleep(milliseconds: 20)
            case .stale(let pid):
                print("ended\(pid.map { " (pid \($0))" } ?? ""); pid file \(pidFile) was left behind")
                return 0
            case .stopped:
                print("not running")
                return 0
            }
        }
    }
}
