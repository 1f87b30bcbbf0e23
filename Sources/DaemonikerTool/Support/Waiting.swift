import Daemoniker
import DaemonikerPlatform

/// Waiting on a pid file.
enum Waiting {
    /// Waits up to `milliseconds` until `file` no longer names `pid` as running (it ended, or
    /// another program started); whether that happened.
    static func untilEnded(_ file: PIDFile, pid: Int32, milliseconds: Int64) -> Bool {
        let deadline = Platform.monotonicMilliseconds() + milliseconds
        while true {
            guard case .running(let holder) = file.status(), holder == pid else { return true }
            if Platform.monotonicMilliseconds() >= deadline { return false }
            Platform.sleep(milliseconds: 10)
        }
    }
}
