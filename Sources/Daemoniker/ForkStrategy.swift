import DaemonikerPlatform

/// The POSIX double fork of daemon(7): lock the pid file, run setup, fork, `setsid`, fork again,
/// and configure the grandchild. Refuses a process that runs more than one thread, because
/// `fork` copies only the calling thread and can leave the child with locks nobody will release.
public struct ForkStrategy: DaemonizationStrategy {
    /// Creates the strategy.
    public init() {}

    /// `"fork"`.
    public var name: String { "fork" }

    /// Detaches by forking twice; see the type's documentation.
    public func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon {
        guard Platform.hasFork else {
            throw DaemonikerError(
                .unsupported,
                "the fork strategy does not exist on \(Platform.name); use .relaunch or .automatic")
        }
        if let threads = Platform.threadCount(), threads > 1 {
            throw DaemonikerError(
                .multithreaded,
                "cannot fork: this process runs \(threads) threads, and a forked child keeps only one of them (with any lock the others held); use strategy .relaunch, or .automatic which picks it"
            )
        }
        let validated = try request.validate()
        let (lock, state) = try request.lockAndRunSetup(validated)
        if let threads = Platform.threadCount(), threads > 1 {
            lock?.release()
            throw DaemonikerError(
                .multithreaded,
                "cannot fork: setup started threads (the process now runs \(threads)); start them after daemonize returns, or use strategy .relaunch"
            )
        }
        let channel: (read: Int32, write: Int32)
        do {
            channel = try Platform.pipe()
        } catch {
            lock?.release()
            throw DaemonikerError("create the readiness channel", error)
        }
        Platform.flushStandardStreams()
        let child: Int32
        do {
            child = try Platform.fork()
        } catch {
            lock?.release()
            throw DaemonikerError("fork", error)
        }
        if child > 0 {
            Platform.close(channel.write)
            _ = try? Platform.wait(for: child)
            Launcher.finish(
                waiter: ReadinessWaiter(descriptor: channel.read), lock: lock, strategy: name,
                timeoutMilliseconds: validated.timeoutMilliseconds, whenReady: request.whenReady)
        }
        // The first child: lead a new session (leaving the terminal's), then fork again so
        // the daemon is not a session leader and can never acquire a controlling terminal.
        let reporter = ReadinessReporter(descriptor: channel.write)
        Platform.close(channel.read)
        do {
            try Platform.newSession()
            if try Platform.fork() > 0 { Platform.exitImmediately(0) }
        } catch {
            reporter.send(.failure(DaemonikerError("detach from the session", error)))
            Platform.exitImmediately(1)
        }
        reporter.send(.pid(Platform.processID))
        let session = DaemonSteps.detachedSession(name, validated, lock: lock, reporter: reporter)
        return DetachedDaemon(state: state, strategy: name, session: session, validated: validated)
    }
}

extension DaemonizationStrategy where Self == ForkStrategy {
    /// The POSIX double fork (not on Windows). Refuses a multithreaded process.
    public static var fork: ForkStrategy { ForkStrategy() }
}
