extension Daemon {
    /// Runs `handler` for each of `signals` on the dispatcher thread, never inside the OS signal
    /// handler, replacing any earlier handler for them; the same as
    /// `Signals.handle(_:with:)`. A signal that arrives after this returns is never missed.
    public func onSignal(_ signals: Signal..., handler: @escaping @Sendable (Signal) -> Void)
        throws(DaemonikerError)
    {
        try Signals.handle(signals, with: handler)
    }

    /// The given signals as an async sequence, caught from the moment this returns; the same as
    /// `SignalSequence(_:)`. Handlers and sequences can be used together: each gets every
    /// signal. When the sequence ends, its signals go back to their action (a daemon's default:
    /// clean exit on terminate, interrupt and abort; reopening the logs on hangup).
    public func signals(_ signals: Signal...) throws(DaemonikerError) -> SignalSequence {
        try SignalSequence(signals)
    }

    /// ``signals(_:)-(Signal...)`` for a list built at run time.
    public func signals(_ signals: [Signal]) throws(DaemonikerError) -> SignalSequence {
        try SignalSequence(signals)
    }
}
