/// Carries a value the compiler cannot prove `Sendable` across the one hand-over where it is
/// known to be safe (the daemon's setup runs on one thread).
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
