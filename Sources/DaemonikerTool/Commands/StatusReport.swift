import Daemoniker
import DaemonikerPlatform

/// What `status` found about a pid file.
struct StatusReport {
    /// The pid file asked about.
    var pidFile: String
    /// `running`, `starting`, `dead`, `stopped` or `unknown`.
    var state: String
    /// The LSB exit status.
    var status: ExitStatus
    /// The pid the file names.
    var pid: Int32?
    /// When that process started, in seconds since 1970, where the OS says.
    var since: Int64?
    /// Why the state is unknown.
    var reason: String?

    /// Looks at `pidFile`.
    init(pidFile: String) {
        self.pidFile = pidFile
        if PIDFileAccess.isUnreadable(pidFile) {
            state = "unknown"
            status = .unknown
            reason = "pid file \(pidFile) exists but cannot be opened; run as its owner or root"
            return
        }
        switch PIDFile(pidFile).status() {
        case .running(let running):
            state = "running"
            status = .success
            pid = running
            since = Platform.processStartTime(running)
        case .starting:
            state = "starting"
            status = .success
        case .stale(let named):
            state = "dead"
            status = .deadWithPIDFile
            pid = named
        case .stopped:
            state = "stopped"
            status = .notRunning
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
            "\"pidFile\":\(JSON.string(pidFile))", "\"state\":\(JSON.string(state))",
            "\"code\":\(status.code)",
        ]
        fields.append("\"pid\":\(pid.map { "\($0)" } ?? "null")")
        fields.append("\"since\":\(since.map { JSON.string(UTCTime.text($0)) } ?? "null")")
        fields.append("\"sinceEpochSeconds\":\(since.map { "\($0)" } ?? "null")")
        if let reason { fields.append("\"reason\":\(JSON.string(reason))") }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
