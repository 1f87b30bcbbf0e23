import Daemoniker
import DaemonikerPlatform

/// `status --pid-file PATH [--json]`: whether the program runs, with LSB's exit codes.
enum StatusCommand {
    /// Reports; 0 running, 1 dead but the pid file exists, 3 not running, 4 unknown.
    static func run(_ arguments: [String]) throws(ToolError) -> Int32 {
        let parsed = try ParsedArguments(
            arguments, subcommand: "status", valued: ["--pid-file"], flags: ["--json"])
        try Arguments.noPositional(parsed, subcommand: "status")
        let pidFile = try parsed.pidFile(for: "status")
        let report = Report(pidFile: pidFile)
        print(parsed.flags.contains("--json") ? report.json : report.text)
        return report.code
    }

    /// What `status` found.
    struct Report {
        /// The pid file asked about.
        var pidFile: String
        /// `running`, `starting`, `dead`, `stopped` or `unknown`.
        var state: String
        /// The LSB exit code.
        var code: Int32
        /// The pid the file names.
        var pid: Int32?
        /// When that process started, in seconds since 1970, where the OS says.
        var since: Int64?
        /// Why the state is unknown.
        var reason: String?

        /// Looks at `pidFile`.
        init(pidFile: String) {
            self.pidFile = pidFile
            if (try? Platform.info(ofPath: pidFile)) != nil,
                (try? Platform.open(pidFile, .existingNoFollow, permissions: 0)).map({ Platform.close($0) })
                    == nil
            {
                state = "unknown"
                code = 4
                reason = "pid file \(pidFile) exists but cannot be opened; run as its owner or root"
                return
            }
            switch PIDFile(pidFile).status() {
            case .running(let running):
                state = "running"
                code = 0
                pid = running
                since = Platform.processStartTime(running)
            case .starting:
                state = "starting"
                code = 0
            case .stale(let named):
                state = "dead"
                code = 1
                pid = named
            case .stopped:
                state = "stopped"
                code = 3
            }
        }

        /// One line for people.
        var text: String {
            switch state {
            case "running":
                let started = since.map { " since \(UTCTime.text($0)) (\(UTCTime.age(since: $0)))" } ?? ""
                return "running as pid \(pid ?? 0)\(started) (pid file \(pidFile))"
            case "starting": return "starting (pid file \(pidFile) is locked, no pid written yet)"
            case "dead":
                return
                    "dead: pid file \(pidFile) is left behind\(pid.map { " naming pid \($0)" } ?? ""), but nothing holds it; start takes it over"
            case "stopped": return "not running (no pid file \(pidFile))"
            default: return "unknown: \(reason ?? "")"
            }
        }

        /// The same as a JSON object.
        var json: String {
            var fields = [
                "\"pidFile\":\(JSON.string(pidFile))", "\"state\":\(JSON.string(state))", "\"code\":\(code)",
            ]
            fields.append("\"pid\":\(pid.map { "\($0)" } ?? "null")")
            fields.append("\"since\":\(since.map { JSON.string(UTCTime.text($0)) } ?? "null")")
            fields.append("\"sinceEpochSeconds\":\(since.map { "\($0)" } ?? "null")")
            if let reason { fields.append("\"reason\":\(JSON.string(reason))") }
            return "{" + fields.joined(separator: ",") + "}"
        }
    }
}
