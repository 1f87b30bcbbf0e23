import DaemonikerPlatform
import Synchronization

/// What a daemon does with a signal.
public enum SignalAction: Sendable {
    /// Run this closure on Daemoniker's dispatcher thread (never inside the OS signal handler).
    case handle(@Sendable (Signal) -> Void)
    /// Ignore the signal (`SIG_IGN`).
    case ignore
    /// The OS default (`SIG_DFL`): for most signals, the process ends without cleanup.
    case systemDefault
    /// Daemoniker's default: terminate, interrupt and abort remove the pid file, stop the
    /// sentinel and exit with 128 + signal; hangup reopens the configured log files; any other
    /// signal keeps the OS default.
    case daemonDefault
}

/// The process-wide signal dispatcher. The OS handler only writes the signal's number to a
/// pipe; one dispatcher thread reads it and runs the closures and feeds the async streams.
/// Installing an action takes effect before it returns, so a signal that arrives afterwards is
/// never missed; actions may be replaced or removed at any time, from any thread.
final class SignalHub: Sendable {
    static let shared = SignalHub()

    private struct Registry {
        var handlers: [Int32: @Sendable (Signal) -> Void] = [:]
        var streams: [Int32: [Int: AsyncStream<Signal>.Continuation]] = [:]
        var nextStream = 0
        var wake: (read: Int32, write: Int32)?
    }

    private let registry = Mutex(Registry())

    /// Sets the action for `signal`.
    func setAction(_ action: SignalAction, for signal: Signal) throws(DaemonikerError) {
        try checkCatchable(signal)
        switch action {
        case .handle(let closure):
            let wake = try wakeDescriptor()
            registry.withLock { $0.handlers[signal.rawValue] = closure }
            try install(signal, wake: wake)
        case .ignore, .systemDefault:
            registry.withLock { $0.handlers[signal.rawValue] = nil }
            do {
                try Platform.setDisposition(signal.rawValue, ignore: action.isIgnore)
            } catch {
                throw DaemonikerError("set the disposition of \(signal)", error)
            }
        case .daemonDefault:
            let streaming = registry.withLock { registry in
                registry.handlers[signal.rawValue] = nil
                return !(registry.streams[signal.rawValue]?.isEmpty ?? true)
            }
            if !streaming { try restoreDefault(signal) }
        }
    }

    /// A stream of the given signals; the signals are caught from the moment this returns.
    func stream(_ signals: [Signal]) throws(DaemonikerError) -> AsyncStream<Signal> {
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
        for signal in signals { try install(signal, wake: wake) }
        continuation.onTermination = { [weak self] _ in self?.endStream(id, signals) }
        return stream
    }

    private func endStream(_ id: Int, _ signals: [Signal]) {
        let unused = registry.withLock { registry in
            signals.filter { signal in
                registry.streams[signal.rawValue]?[id] = nil
                return registry.handlers[signal.rawValue] == nil
                    && (registry.streams[signal.rawValue]?.isEmpty ?? true)
            }
        }
        for signal in unused { try? restoreDefault(signal) }
    }

    private func checkCatchable(_ signal: Signal) throws(DaemonikerError) {
        guard signal.isCatchable else {
            throw DaemonikerError(.invalidConfiguration, "\(signal) cannot be caught, ignored or handled")
        }
    }

    private func install(_ signal: Signal, wake: Int32) throws(DaemonikerError) {
        do {
            try Platform.installWakeHandler(signal.rawValue, wakeFD: wake)
        } catch {
            throw DaemonikerError("install a handler for \(signal)", error)
        }
    }

    private func restoreDefault(_ signal: Signal) throws(DaemonikerError) {
        do {
            if DaemonSteps.defaultActionSignals.contains(signal) {
                try Platform.installDefaultAction(signal.rawValue)
            } else {
                try Platform.setDisposition(signal.rawValue, ignore: false)
            }
        } catch {
            throw DaemonikerError("restore the default action of \(signal)", error)
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
        let (handler, streams) = registry.withLock { registry in
            (registry.handlers[signal.rawValue], Array((registry.streams[signal.rawValue] ?? [:]).values))
        }
        handler?(signal)
        for stream in streams { stream.yield(signal) }
        if handler == nil && streams.isEmpty {
            // Removed between delivery and dispatch: do what would have happened without us.
            Self.performDefault(signal)
        }
    }

    /// Daemoniker's default action for `signal`, outside a signal handler.
    static func performDefault(_ signal: Signal) {
        if signal == .hangup {
            Platform.reopenLogs()
        } else if DaemonSteps.defaultActionSignals.contains(signal) {
            Platform.runCleanup()
            Platform.flushStandardStreams()
            Platform.exitImmediately(128 + signal.rawValue)
        } else {
            try? Platform.setDisposition(signal.rawValue, ignore: false)
            Platform.raiseInProcess(signal.rawValue)
        }
    }
}

extension SignalAction {
    fileprivate var isIgnore: Bool {
        if case .ignore = self { return true }
        return false
    }
}
