import Synchronization

/// The one-time event that tells a generation to drain, awaited by ``Daemon/drainRequested()``
/// and by handlers set with ``Daemon/onDrain(_:)``.
final class DrainEvent: Sendable {
    private struct Waiting {
        var fired = false
        var continuations: [CheckedContinuation<Void, Never>] = []
        var handlers: [@Sendable () -> Void] = []
    }

    private let waiting = Mutex(Waiting())

    /// An event that never fires: what a daemon that takes no upgrades waits on.
    static let never = DrainEvent()

    var hasFired: Bool { waiting.withLock { $0.fired } }

    /// Fires the event: every waiter resumes and every handler runs, once.
    func fire() {
        let (continuations, handlers) = waiting.withLock { state in
            guard !state.fired else {
                return ([CheckedContinuation<Void, Never>](), [@Sendable () -> Void]())
            }
            state.fired = true
            defer {
                state.continuations = []
                state.handlers = []
            }
            return (state.continuations, state.handlers)
        }
        for continuation in continuations { continuation.resume() }
        for handler in handlers { handler() }
    }

    /// Returns once the event has fired (at once if it has).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = waiting.withLock { state -> Bool in
                if state.fired { return true }
                state.continuations.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Runs `handler` when the event fires (at once if it has).
    func onFire(_ handler: @escaping @Sendable () -> Void) {
        let now = waiting.withLock { state -> Bool in
            if state.fired { return true }
            state.handlers.append(handler)
            return false
        }
        if now { handler() }
    }
}
