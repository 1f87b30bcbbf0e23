import Foundation

/// A condition did not come true before its deadline.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var what: String
    var seconds: Double
    var description: String { "timed out after \(seconds) s waiting for \(what)" }
}

/// Checks `condition` every few milliseconds until it returns a value or `seconds` pass.
/// This is how the tests synchronise: on a condition with a deadline, never on a fixed sleep.
func waitFor<T>(_ what: String, seconds: Double = 15, _ condition: () throws -> T?) throws -> T {
    let deadline = Date().addingTimeInterval(seconds)
    var pause: UInt32 = 1000
    while true {
        if let value = try condition() { return value }
        if Date() >= deadline { throw DeadlineExceeded(what: what, seconds: seconds) }
        usleep(pause)
        pause = min(pause * 2, 20_000)
    }
}

/// Whether a process exists (a zombie counts).
func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
}
