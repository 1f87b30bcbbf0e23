import DaemonikerTestSupport
import Foundation

/// How a process ended, as its parent saw it: an exit status, or killed by a signal
/// (`WIFSIGNALED`, `WTERMSIG`). A shell's `$?` says 143 for both `exit(143)` and a death by
/// `SIGTERM`; a service manager does not.
enum Ending: Equatable, CustomStringConvertible {
    case exited(Int32)
    case killed(by: Int32)

    /// Decodes a `waitpid` status.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .killed(by: signal)
    }

    /// Reads the end of a harness line: `CODE` or `CODE signal N`.
    init?(harnessFields fields: ArraySlice<Substring>) {
        let fields = Array(fields)
        if fields.count == 3, fields[1] == "signal", let signal = Int32(fields[2]) {
            self = .killed(by: signal)
        } else if fields.count == 1, let code = Int32(fields[0]) {
            self = .exited(code)
        } else {
            return nil
        }
    }

    var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .killed(let signal): "killed by signal \(signal)"
        }
    }
}

extension HelperRun {
    /// How the launching process (the harness's command) ended, once it has.
    func launcherEnding(seconds: Double = 30) throws -> Ending {
        try ending(ofLineStartingWith: "launcher ", "the launcher to end", seconds: seconds)
    }

    /// How the orphan `pid` (the daemon) ended, once it has.
    func ending(of pid: Int32, seconds: Double = 15) throws -> Ending {
        try ending(ofLineStartingWith: "exit \(pid) ", "pid \(pid) to end", seconds: seconds)
    }

    private func ending(ofLineStartingWith prefix: String, _ what: String, seconds: Double) throws -> Ending {
        try waitFor(what, seconds: seconds) {
            statusLines.first { $0.hasPrefix(prefix) }.flatMap {
                Ending(harnessFields: $0.split(separator: " ").dropFirst(2))
            }
        }
    }
}
