/// Signals as an `AsyncSequence`, caught from the moment it is created, the model being
/// swift-service-lifecycle's `UnixSignalsSequence`.
///
/// ```swift
/// for await signal in try SignalSequence(.terminate, .interrupt) {
///     print("stopping on \(signal)")
///     break
/// }
/// ```
///
/// Sequences and ``Signals/handle(_:with:)-(Signal...,_)`` handlers can be used together: each
/// gets every signal. Iterate a sequence once. When neither the sequence nor its iterator is
/// left (the loop ended and the sequence is out of scope, or the task was cancelled), its signals
/// go back to their ``SignalAction`` unless another handler or sequence still waits for them.
public struct SignalSequence: AsyncSequence, Sendable {
    /// Each element is one delivery of a signal.
    public typealias Element = Signal

    private let stream: AsyncStream<Signal>
    private let registration: Registration

    /// Starts catching `signals`. Throws ``DaemonikerError/Code/invalidConfiguration`` for
    /// `SIGKILL` or `SIGSTOP`.
    public init(_ signals: Signal...) throws(DaemonikerError) {
        try self.init(signals)
    }

    /// ``init(_:)-(Signal...)`` for a list built at run time.
    public init(_ signals: [Signal]) throws(DaemonikerError) {
        let (stream, id) = try SignalDispatcher.shared.stream(signals)
        self.stream = stream
        registration = Registration(id: id, signals: signals)
    }

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<Signal>.Iterator
        let registration: Registration

        /// The next signal, or nil once the sequence has ended or the task was cancelled.
        public mutating func next() async -> Signal? {
            await base.next()
        }
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), registration: registration)
    }

    /// Ends the registration once the last copy of the sequence or its iterator is gone.
    final class Registration: Sendable {
        let id: Int
        let signals: [Signal]

        init(id: Int, signals: [Signal]) {
            self.id = id
            self.signals = signals
        }

        deinit { SignalDispatcher.shared.end(id, signals) }
    }
}
