import Foundation

/// Polls `condition` until it gives a value or `seconds` pass (then throws, naming `what`).
@discardableResult
func waitFor<T>(_ what: String, seconds: Double = 10, _ condition: () throws -> T?) throws -> T {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        if let value = try condition() { return value }
        guard Date() < deadline else { throw TimedOut(what: what, seconds: seconds) }
        usleep(10_000)
    }
}
