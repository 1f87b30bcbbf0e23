import Daemoniker
import DaemonikerPlatform

/// How an ended program is described.
extension ProcessEnding {
    /// `exited with status 3`, `was killed by SIGKILL`.
    var phrase: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "was killed by \(Signal(rawValue: signal).name)"
        }
    }

    /// Whether this is how `stop` ends a program (`SIGTERM`, or `SIGINT`, `SIGQUIT` or
    /// `SIGKILL`), or a clean exit (status 0): `run --respawn` does not start it again.
    var isStop: Bool {
        switch self {
        case .exited(let code): code == 0
        case .signaled(let signal):
            [Signal.terminate, .interrupt, .quit, .kill].map(\.rawValue).contains(signal)
        }
    }
}
