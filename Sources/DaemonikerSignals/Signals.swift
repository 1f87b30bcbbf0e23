import DaemonikerPlatform

/// Signal handling for any process, daemon or not: handler closures, an action for when nobody
/// handles a signal, and log files that a hangup reopens. ``SignalSequence`` gives the same
/// signals as an `AsyncSequence`.
///
/// The OS handler only writes the signal's number into a pipe; one dispatcher thread reads it
/// and runs the closures and feeds the sequences, so a handler may do anything (lock, allocate,
/// log). Everything takes effect before the call returns, so a signal that arrives afterwards is
/// never missed, and may be called at any time from any thread.
///
/// ```swift
/// try Signals.handle(.user1, .user2) { signal in print("got \(signal)") }
/// try Signals.setAction(.ignore, for: .brokenPipe)
/// ```
public enum Signals {
    /// Runs `handler` for each of `signals` on the dispatcher thread, replacing any handler set
    /// for them before. Handlers and sequences can be used together: each gets every signal.
    /// Throws ``DaemonikerError/Code/invalidConfiguration`` for `SIGKILL` or `SIGSTOP`.
    public static func handle(_ signals: Signal..., with handler: @escaping @Sendable (Signal) -> Void)
        throws(DaemonikerError)
    {
        try handle(signals, with: handler)
    }

    /// ``handle(_:with:)-(Signal...,_)`` for a list built at run time.
    public static func handle(_ signals: [Signal], with handler: @escaping @Sendable (Signal) -> Void)
        throws(DaemonikerError)
    {
        try SignalDispatcher.shared.setHandler(handler, for: signals)
    }

    /// Sets what happens on each of `signals` when no handler or sequence waits for it, and
    /// removes their handlers. See ``SignalAction``.
    public static func setAction(_ action: SignalAction, for signals: Signal...) throws(DaemonikerError) {
        try SignalDispatcher.shared.setAction(action, for: signals, removingHandler: true)
    }

    /// Sets the action for each of `signals` without removing a handler or sequence already
    /// waiting for it (the daemon's defaults must not displace what the program set up before).
    package static func setActionKeepingHandlers(_ action: SignalAction, for signals: Signal...)
        throws(DaemonikerError)
    {
        try SignalDispatcher.shared.setAction(action, for: signals, removingHandler: false)
    }

    /// The descriptors signal handling uses (the dispatcher's wake-up pipe): a daemon keeps them
    /// when it closes every other inherited descriptor.
    package static var descriptorsInUse: [Int32] { SignalDispatcher.shared.descriptors() }

    /// Installs again what each signal set up here should do, after something reset every
    /// disposition (a daemon does, as daemon(7) asks).
    package static func reinstallAfterReset() throws(DaemonikerError) {
        try SignalDispatcher.shared.reinstall()
    }

    /// Opens `path` for appending (creating it with mode 0640) onto `descriptor` (1, standard
    /// output, or 2, standard error) now, and again at the same path whenever a signal whose
    /// action is ``SignalAction/reopenLogs`` arrives.
    public static func openLog(_ path: String, onto descriptor: Int32) throws(DaemonikerError) {
        guard descriptor == 1 || descriptor == 2 else {
            throw DaemonikerError(
                .invalidConfiguration,
                "descriptor \(descriptor) is not standard output (1) or standard error (2); logs can be opened only onto those"
            )
        }
        let absolute = Platform.absolutePath(path)
        let (fd, follows) = try LogFile.open(absolute, append: true, name: "log file")
        if fd != descriptor {
            do {
                try Platform.duplicate(fd, onto: descriptor)
            } catch {
                Platform.close(fd)
                throw DaemonikerError("put log file \(absolute) on descriptor \(descriptor)", error)
            }
            Platform.close(fd)
        }
        Platform.addReopenableLog(absolute, target: descriptor, permissions: 0o640, followingLinks: follows)
    }
}
