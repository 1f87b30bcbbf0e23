import Daemoniker
import DaemonikerPlatform

/// A hangup that would kill the program is not sent: `reload` (and `signal HUP`) first look at
/// what the program does with `SIGHUP`, where the OS lets them (Linux: `/proc/PID/status`).
enum HangupCheck {
    /// Throws a failure, sending nothing, when the program `file` names runs with `SIGHUP` at
    /// its default action (it would end). Elsewhere, and when it cannot be told, it passes.
    static func refuseIfFatal(_ file: PIDFile, pidFile: String) throws(ToolError) {
        guard case .running(let pid) = file.status(),
            Platform.signalDisposition(of: pid, Signal.hangup.rawValue) == .byDefault
        else { return }
        let name = Platform.processIdentity(pid)?.name ?? "the program"
        throw ToolError(
            .failure,
            "\(name) (pid \(pid), pid file \(pidFile)) neither handles nor ignores SIGHUP, so the signal would have killed it; nothing was sent. Restart it instead (daemoniker restart), or give it a SIGHUP handler"
        )
    }
}
