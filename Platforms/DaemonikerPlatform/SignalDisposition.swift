/// What a process does when it gets a signal, as another process can read it.
package enum SignalDisposition: Sendable, Equatable {
    /// It runs a handler of its own.
    case caught
    /// It ignores the signal.
    case ignored
    /// The signal's default action (for most signals: the process ends).
    case byDefault
}
