import DaemonikerPlatform
import Synchronization

/// The process-wide signal dispatcher behind ``Signals`` and ``SignalSequence``. The OS handler
/// only writes the signal's number to a pipe; one dispatcher thread reads it, runs the handler
/// and feeds the sequences. Every change decides and installs under one lock (the OS handler
/// never takes it), so two threads changing the same signal cannot leave it with an action that
/// contradicts the registry; installing takes effect before it returns, so a signal that arrives
/// afterwards is never missed.
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

        /// Installs what `signal` should do now: the wake-up while someone waits, else its action.
        func install(_ signal: Int32) throws(SystemError) {
            if isWaitedFor(signal), let wake {
                try Platform.installWakeHandler(signal, wakeFD: wake.write)
                return
            }
            switch actions[signal] {
            case nil: try Platform.restoreOriginalAction(signal)
            case .ignore: try Platform.setDisposition(signal, ignore: true)
            case .systemDefault: try Platform.setDisposition(signal, ignore: false)
            case .cleanExit: try Platform.installCleanExit(signal)
            case .reopenLogs: try Platform.installLogReopening(signal)
            }
        }
    }

    private let registry = Mutex(Registry())

    /// Sets the handler for each of `signals`, replacing earlier ones.
    func setHandler(_ handler: @escaping @Sendable (Signal) -> Void, for signals: [Signal])
        throws(DaemonikerError)
    {
        try checkCatchable(signals)
        try startDispatcher()
        try change(signals) { registry, signal in registry.handlers[signal.rawValue] = handler }
    }

    /// Sets the action for `signal` (and removes its handler if asked); the action takes effect
    /// now unless a handler or sequence still waits for the signal.
    func setAction(_ action: SignalAction, for signals: [Signal], removingHandler: Bool)
        throws(DaemonikerError)
    {
        try checkCatchable(signals)
        try change(signals) { registry, signal in
            if removingHandler { registry.handlers[signal.rawValue] = nil }
            registry.actions[signal.rawValue] = action
        }
    }

    /// A stream of `signals`, caught from the moment this returns until ``end(_:_:)``.
    func stream(_ signals: [Signal]) throws(DaemonikerError) -> (AsyncStream<Signal>, id: Int) {
        try checkCatchable(signals)
        try startDispatcher()
        let (stream, continuation) = AsyncStream<Signal>.makeStream(bufferingPolicy: .unbounded)
        let id = registry.withLock { registry in
            registry.nextStream += 1
            return registry.nextStream
        }
        try change(signals) { registry, signal in
            registry.streams[signal.rawValue, default: [:]][id] = continuation
        }
        // A cancelled consumer ends the registration at once; the sequence's deinit is the backstop.
        continuation.onTermination = { [weak self] _ in self?.end(id, signals) }
        return (stream, id)
    }

    /// Ends the stream `id` (idempotent): its signals go back to their action unless someone
    /// else still waits for them.
    func end(_ id: Int, _ signals: [Signal]) {
        let continuation = try? change(signals) { registry, signal in
            registry.streams[signal.rawValue]?.removeValue(forKey: id)
        }
        continuation?.compactMap { $0 }.first?.finish()
    }

    /// The dispatcher's own descriptors, which a daemon must keep when it closes the others.
    func descriptors() -> [Int32] {
        registry.withLock { registry in registry.wake.map { [$0.read, $0.write] } ?? [] }
    }

    /// Installs again what every signal known here should do (after every disposition was reset).
    func reinstall() throws(DaemonikerError) {
        let signals = registry.withLock { registry in
            Set(registry.handlers.keys).union(registry.streams.keys).union(registry.actions.keys)
        }
        try change(signals.sorted().map { Signal(rawValue: $0) }) { _, _ in () }
    }

    /// Applies `update` to the registry for each signal and installs the result, under the lock.
    @discardableResult
    private func change<Value>(_ signals: [Signal], _ update: (inout Registry, Signal) -> Value)
        throws(DaemonikerError) -> [Value]
    {
        let outcome: Result<[Value], DaemonikerError> = registry.withLock { registry in
            var results: [Value] = []
            for signal in signals {
                results.append(update(&registry, signal))
                do throws(SystemError) {
                    try registry.install(signal.rawValue)
                } catch {
                    return .failure(DaemonikerError("change the action of \(signal)", error))
                }
            }
            return .success(results)
        }
        return try outcome.get()
    }

    private func checkCatchable(_ signals: [Signal]) throws(DaemonikerError) {
        for signal in signals where !signal.isCatchable {
            throw DaemonikerError(
                .invalidConfiguration,
                "\(signal) cannot be caught, ignored or handled; no process can change what it does (leave it out, and use SIGTERM to ask a process to stop)"
            )
        }
    }

    /// Creates the wake pipe and the dispatcher thread the first time; a failure leaves nothing.
    private func startDispatcher() throws(DaemonikerError) {
        let failure = registry.withLock { registry -> DaemonikerError? in
            if registry.wake != nil { return nil }
            let made: (read: Int32, write: Int32)
            do throws(SystemError) {
                made = try Platform.pipe()
            } catch {
                return DaemonikerError("create the signal dispatcher's pipe", error)
            }
            Platform.setNonBlocking(made.write, true)
            do throws(SystemError) {
                try Platform.startThread { [self] in dispatch(from: made.read) }
            } catch {
                Platform.close(made.read)
                Platform.close(made.write)
                return DaemonikerError("start the signal dispatcher thread", error)
            }
            registry.wake = made
            return nil
        }
        if let failure { throw failure }
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
        if let handler {
            // A hangup handler reloads: under a service manager that asked for the reload
            // (systemd Type=notify-reload), it is announced before and done after.
            let announced = signal == .hangup && Platform.notifyReloading()
            handler(signal)
            if announced { Platform.notifyServiceManager("READY=1") }
        }
        for stream in streams { stream.yield(signal) }
        if handler == nil && streams.isEmpty {
            // Removed between delivery and dispatch: do what would have happened without us.
            Self.perform(action, signal)
        }
    }

    /// `action` for `signal`, done outside a signal handler (nil: what was there before, which
    /// the wake-up handler already called if it was a handler).
    private static func perform(_ action: SignalAction?, _ signal: Signal) {
        switch action {
        case .ignore, nil: return
        case .reopenLogs: Platform.reopenLogs()
        case .cleanExit:
            Platform.runCleanup()
            Platform.flushStandardStreams()
            Platform.exitBySignal(signal.rawValue)
        case .systemDefault:
            try? Platform.setDisposition(signal.rawValue, ignore: false)
            Platform.raiseInProcess(signal.rawValue)
        }
    }
}
