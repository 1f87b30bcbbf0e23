/// A positive number of seconds, as options take it (`30`, `0.5`), up to a year.
struct Seconds: OptionValue, Comparable, Hashable {
    /// The seconds.
    let value: Double

    /// `value` seconds.
    init(_ value: Double) {
        self.value = value
    }

    init(parsing text: String, option: String) throws(ToolError) {
        guard let value = Double(text), value > 0, value.isFinite, value <= 31_536_000 else {
            throw .usage("\(option) '\(text)' is not a positive number of seconds (write 30 or 0.5)")
        }
        self.value = value
    }

    /// In milliseconds, for the platform's clock.
    var milliseconds: Int64 { Int64((value * 1000).rounded()) }

    /// As the library's `Duration`.
    var duration: Swift.Duration { .milliseconds(milliseconds) }

    /// As written back to a user: `30`, `0.5`.
    var text: String { value == value.rounded() ? "\(Int64(value))" : "\(value)" }

    static func < (left: Seconds, right: Seconds) -> Bool { left.value < right.value }

    static func + (left: Seconds, right: Seconds) -> Seconds { Seconds(left.value + right.value) }
}
