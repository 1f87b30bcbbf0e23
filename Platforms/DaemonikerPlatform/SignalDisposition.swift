/// What a process does when it gets a signal, as another process can read it.
package enum SignalDisposition: Sendable, Equatable {
    /// It runs a handler of its own.
    case caught
    /// It ignores the signal.
    case ignored
    /// It blocks the signal and takes it when it chooses (`signalfd`, `sigwait`): pending, not
    /// acted on, so it does not end the process either.
    case blocked
    /// The signal's default action (for most signals: the process ends).
    case byDefault
}
