import DaemonikerPlatform
import Synchronization

/// The process-wide signal dispatcher behind ``Signals`` and ``SignalSequence``. The OS handler
/// only writes the signal's number to a pipe; one dispatcher thread reads it, runs the handler
/// and feeds the sequences. Installing takes effect before it returns, so a signal that arrives
/// afterwards is never missed; everything may change at any time, from any thread.
final class SignalDispatcher: Sendable {
    static let shared = SignalDispatcher()

    private struct Registry {
        var handlers: [Int32: @Sendable (Signal) -> Void] = [:]
        var streams: [Int32: [Int: AsyncStream<Signal>.Continuation]] = [:]
        /// What happens when nobody waits for a signal; absent: what was there before Daemoniker.
        var actions: [Int32: SignalAction] = [:]
        var nextStream = 0
        var wake: (read: Int32, write: Int32)?

        func isWaitedFor(_ signal: Int32) -> Bool {
            handlers[signal] != nil || !(streams[signal]?.isEmpty ?? true)
        }
    }

    private let registry = Mutex(Registry())

    /// Sets the handler for `signal`, replacing any earlier one.
    func setHandler(_ handler: @escaping @Sendable (Signal) -> Void, for signal: Signal)
        throws(DaemonikerError)
    {
        try checkCatchable(signal)
        let wake = try wakeDescriptor()
        registry.withLock { $0.handlers[signal.rawValue] = handler }
        try install(signal, wake: wake)
    }

    /// Sets the action for `signal` (and removes its handler if asked); the action takes effect
    /// now unless a handler or sequence still waits for the signal.
    func setAction(_ action: SignalAction, for signal: Signal, removingHandler: Bool) throws(DaemonikerError)
    {
        try checkCatchable(signal)
        let streaming = registry.withLock { registry in
            if removingHandler { registry.handlers[signal.rawValue] = nil }
            registry.actions[signal.rawValue] = action
            return registry.isWaitedFor(signal.rawValue)
        }
        if !streaming { try apply(action, to: signal) }
    }

    /// A stream of `signals`, caught from the moment this returns until `end(_:_:)` is called
    /// with the id it returns.
    func stream(_ signals: [Signal]) throws(DaemonikerError) -> (AsyncStream<Signal>, id: Int) {
        for signal in signals { try checkCatchable(signal) }
        let wake = try wakeDescriptor()
        let (stream, continuation) = AsyncStream<Signal>.makeStream(bufferingPolicy: .unbounded)
        let id = registry.withLock { registry in
            registry.nextStream += 1
            for signal in signals {
                registry.streams[signal.rawValue, default: [:]][registry.nextStream] = continuation
            }
            return registry.nextStream
        }
        do {
            for signal in signals { try install(signal, wake: wake) }
        } catch {
            end(id, signals)
            throw error
        }
        return (stream, id)
    }

    /// Ends the stream `id`: its signals go back to their action unless someone else waits.
    func end(_ id: Int, _ signals: [Signal]) {
        let (unused, continuation) = registry.withLock { registry in
            var continuation: AsyncStream<Signal>.Continuation?
            let unused = signals.compactMap { signal -> (Signal, SignalAction?)? in
                if let removed = registry.streams[signal.rawValue]?.removeValue(forKey: id) {
                    continuation = removed
                }
                if registry.isWaitedFor(signal.rawValue) { return nil }
                return (signal, registry.actions[signal.rawValue])
            }
            return (unused, continuation)
        }
        continuation?.finish()
        for (signal, action) in unused { try? apply(action, to: signal) }
    }

    private func checkCatchable(_ signal: Signal) throws(DaemonikerError) {
        guard signal.isCatchable else {
            throw DaemonikerError(
                .invalidConfiguration,
                "\(signal) cannot be caught, ignored or handled; no process can change what it does")
        }
    }

    private func install(_ signal: Signal, wake: Int32) throws(DaemonikerError) {
        do {
            try Platform.installWakeHandler(signal.rawValue, wakeFD: wake)
        } catch {
            throw DaemonikerError("install a handler for \(signal)", error)
        }
    }

    /// Applies `action`, or with nil puts back what the signal did before Daemoniker.
    private func apply(_ action: SignalAction?, to signal: Signal) throws(DaemonikerError) {
        do {
            switch action {
            case nil: try Platform.restoreOriginalAction(signal.rawValue)
            case .ignore: try Platform.setDisposition(signal.rawValue, ignore: true)
            case .systemDefault: try Platform.setDisposition(signal.rawValue, ignore: false)
            case .cleanExit: try Platform.installCleanExit(signal.rawValue)
            case .reopenLogs: try Platform.installLogReopening(signal.rawValue)
            }
        } catch {
            throw DaemonikerError("set the action of \(signal)", error)
        }
    }

    /// The wake pipe's write end, creating the pipe and the dispatcher thread the first time.
    private func wakeDescriptor() throws(DaemonikerError) -> Int32 {
        if let wake = registry.withLock({ $0.wake }) { return wake.write }
        let made: (read: Int32, write: Int32)
        do {
            made = try Platform.pipe()
        } catch {
            throw DaemonikerError("create the signal dispatcher's pipe", error)
        }
        Platform.setNonBlocking(made.write, true)
        let (winner, lost) = registry.withLock { registry -> ((read: Int32, write: Int32), Bool) in
            if let existing = registry.wake { return (existing, true) }
            registry.wake = made
            return (made, false)
        }
        if lost {
            Platform.close(made.read)
            Platform.close(made.write)
            return winner.write
        }
        do {
            try Platform.startThread { [self] in dispatch(from: made.read) }
        } catch {
            throw DaemonikerError("start the signal dispatcher thread", error)
        }
        return made.write
    }

    private func dispatch(from fd: Int32) {
        while true {
            guard let bytes = try? Platform.read(fd, upTo: 256), !bytes.isEmpty else { return }
            for byte in bytes { deliver(Signal(rawValue: Int32(byte))) }
        }
    }

    private func deliver(_ signal: Signal) {
        let (handler, streams, action) = registry.withLock { registry in
            (
                registry.handlers[signal.rawValue], Array((registry.streams[signal.rawValue] ?? [:]).values),
                registry.actions[signal.rawValue]
            )
        }
        handler?(signal)
        for stream in streams { stream.yield(signal) }
        if handler == nil && streams.isEmpty {
            // Removed between delivery and dispatch: do what would have happened without us.
            Self.perform(action, signal)
        }
    }

    /// `action` for `signal`, done outside a signal handler (nil: what was there before).
    private static func perform(_ action: SignalAction?, _ signal: Signal) {
        switch action {
        case .ignore: return
        case nil:
            try? Platform.restoreOriginalAction(signal.rawValue)
            Platform.raiseInProcess(signal.rawValue)
        case .reopenLogs: Platform.reopenLogs()
        case .cleanExit:
            Platform.runCleanup()
            Platform.flushStandardStreams()
            Platform.exitImmediately(128 + signal.rawValue)
        case .systemDefault:
            try? Platform.setDisposition(signal.rawValue, ignore: false)
            Platform.raiseInProcess(signal.rawValue)
        }
    }
}
