extension Daemon {
    /// Runs `handler` for each of `signals`, replacing any earlier action for them. The handler
    /// runs on Daemoniker's dispatcher thread, never inside the OS signal handler, so it may do
    /// anything (lock, allocate, log). A signal that arrives after this returns is never missed.
    public func onSignal(_ signals: Signal..., handler: @escaping @Sendable (Signal) -> Void)
        throws(DaemonikerError)
    {
        for signal in signals { try SignalHub.shared.setAction(.handle(handler), for: signal) }
    }

    /// Sets what happens on `signal`: a handler, ignore it, the OS default, or Daemoniker's
    /// default (see ``SignalAction``).
    public func setAction(_ action: SignalAction, for signal: Signal) throws(DaemonikerError) {
        try SignalHub.shared.setAction(action, for: signal)
    }

    /// The given signals as an async sequence, caught from the moment this returns. Handlers and
    /// streams can be used together: each gets every signal. When the consumer stops iterating,
    /// signals without another handler or stream go back to Daemoniker's default.
    public func signals(_ signals: Signal...) throws(DaemonikerError) -> AsyncStream<Signal> {
        try SignalHub.shared.stream(signals)
    }

    /// ``signals(_:)-(Signal...)`` for a list built at run time.
    public func signals(_ signals: [Signal]) throws(DaemonikerError) -> AsyncStream<Signal> {
        try SignalHub.shared.stream(signals)
    }
}
