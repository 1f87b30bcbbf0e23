import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A condition did not come true before its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    /// What was waited for.
    public var what: String
    /// How long it was waited for.
    public var seconds: Double
    /// Says which wait ended.
    public var description: String { "timed out after \(seconds) s waiting for \(what)" }

    /// Creates a value.
    public init(what: String, seconds: Double) {
        self.what = what
        self.seconds = seconds
    }
}

/// Checks `condition` every few milliseconds until it returns a value, and returns that value; throws
/// ``DeadlineExceeded``, naming `what`, once `seconds` pass. This is how the tests synchronise: on a
/// condition with a deadline, never on a fixed sleep.
@discardableResult
public func waitFor<T>(_ what: String, seconds: Double = 15, _ condition: () throws -> T?) throws -> T {
    let deadline = Date().addingTimeInterval(seconds)
    var pause: UInt32 = 1000
    while true {
        if let value = try condition() { return value }
        if Date() >= deadline { throw DeadlineExceeded(what: what, seconds: seconds) }
        usleep(pause)
        pause = min(pause * 2, 20_000)
    }
}
