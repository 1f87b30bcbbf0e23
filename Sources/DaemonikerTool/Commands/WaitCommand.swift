import Daemoniker
import DaemonikerPlatform

/// `wait`: waits until the program ends.
struct WaitCommand: Subcommand {
    /// `--timeout SECONDS`.
    static let timeout = SharedOptions.timeout("how long to wait (default: forever)")

    static let spec = CommandSpec(
        name: "wait",
        abstract: "wait until the program ends",
        discussion: "Waits until the program the pid file names has ended.",
        options: [SharedOptions.requiredPIDFile, timeout.declaration],
        statuses: [
            StatusMeaning(.success, "it is not running"), .badInput,
            StatusMeaning(.timedOut, "it still runs at --timeout"),
        ])

    /// The pid file.
    let pidFile: String
    /// How long to wait; nil: forever.
    let timeout: Seconds?

    init(_ line: ParsedCommandLine) throws(ToolError) {
        pidFile = try line.required(SharedOptions.pidFile)
        timeout = try line.value(Self.timeout)
    }

    func run() throws(ToolError) -> ExitStatus {
        let file = PIDFile(pidFile)
        let deadline = timeout.map { Platform.monotonicMilliseconds() + $0.milliseconds }
        while true {
            switch file.status() {
            case .running, .starting:
                if let deadline, let timeout, Platform.monotonicMilliseconds() >= deadline {
                    throw ToolError(
                        .timedOut,
                        "still running after \(timeout.text) s (pid file \(pidFile)); raise --timeout")
                }
                Platform.sleep(milliseconds: 20)
            case .stale(let pid):
                print("ended\(pid.map { " (pid \($0))" } ?? ""); pid file \(pidFile) was left behind")
                return .success
            case .stopped:
                print("not running")
                return .success
            }
        }
    }
}
