import DaemonikerPlatform

/// The POSIX double fork of daemon(7), read top to bottom: refuse a multithreaded process, lock
/// the pid file, run setup, detach (fork, `setsid`, fork: one C function, shared with the
/// relaunch backend), then the launcher waits for readiness while the daemon applies the steps.
struct ForkBackend: Backend {
    var strategy: DaemonizationStrategy { .fork }

    func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon {
        guard Platform.hasFork else {
            throw DaemonikerError(
                .unsupported,
                "the fork strategy does not exist on \(Platform.name); use .relaunch or .automatic")
        }
        // 1. One thread only: `fork` copies the calling thread, not the others or their locks.
        if let threads = Self.threadsPreventingFork() {
            throw Self.multithreaded(
                "this process runs \(threads) threads (signal handlers or sequences set up before daemonize count: they start Daemoniker's dispatcher thread), and a forked child keeps only one of them (with any lock the others held); use strategy .relaunch, or .automatic which picks it"
            )
        }
        // 2. Lock the pid file, then run setup (never while another instance runs).
        let validated = try ValidatedConfiguration(request.configuration)
        let (lock, state) = try request.lockAndRunSetup(validated)
        // 3. Detach: fork, setsid, fork. The original process becomes the launcher.
        let channel: (read: Int32, write: Int32)
        let inDaemon: Bool
        do throws(DaemonikerError) {
            if let threads = Self.threadsPreventingFork() {
                throw Self.multithreaded(
                    "setup started threads (the process now runs \(threads)); start them after daemonize returns, or use strategy .relaunch"
                )
            }
            do {
                channel = try Platform.pipe()
            } catch {
                throw DaemonikerError("create the readiness channel", error)
            }
            Platform.flushStandardStreams()
            do {
                inDaemon = try Platform.detach(reportFD: channel.write)
            } catch {
                Platform.close(channel.read)
                Platform.close(channel.write)
                throw DaemonikerError("fork", error)
            }
        } catch {
            lock?.release()
            throw error
        }
        if !inDaemon {
            Platform.close(channel.write)
            Launcher.finish(
                waiter: ReadinessWaiter(descriptor: channel.read), lock: lock, strategy: strategy,
                timeoutMilliseconds: validated.timeoutMilliseconds, whenReady: request.whenReady)
        }
        // 4. The daemon: a session member, not its leader, so it never gets a terminal.
        Platform.close(channel.read)
        let reporter = ReadinessReporter(descriptor: channel.write)
        let session = DaemonSteps.detachedSession(strategy, validated, lock: lock, reporter: reporter)
        return DetachedDaemon(state: state, session: session)
    }

    /// The number of threads this process runs when that is more than one (fork is unsafe).
    static func threadsPreventingFork() -> Int? {
        guard let threads = Platform.threadCount(), threads > 1 else { return nil }
        return threads
    }

    private static func multithreaded(_ why: String) -> DaemonikerError {
        DaemonikerError(.multithreaded, "cannot fork: \(why)")
    }
}
