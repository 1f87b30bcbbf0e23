import Daemoniker
import DaemonikerPlatform
import Synchronization

/// The program the keeper runs: started with every signal at its default and none blocked, with
/// the descriptors the readiness mode needs moved into place.
///
/// Reaping and signalling go through one lock, so that a pid is never signalled once it has been
/// reaped (the system may already have given it to another process).
final class ChildProcess: Sendable {
    /// Its pid.
    let pid: Int32
    /// How it ended, once reaped.
    private let ended = Mutex<ProcessEnding?>(nil)

    private init(pid: Int32) {
        self.pid = pid
    }

    /// Starts `path` with `arguments` (the first is its name) and `environment`; each
    /// `(from, to)` in `moves` makes descriptor `to` in the child a copy of `from`. Throws the
    /// spawn's error (which includes the exec's).
    static func spawn(
        path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)]
    ) throws(SystemError) -> ChildProcess {
        ChildProcess(
            pid: try Platform.spawnChild(
                path: path, arguments: arguments, environment: environment, moves: moves))
    }

    /// Sends `signal` unless it has been reaped.
    func send(_ signal: Signal) {
        ended.withLock { status in
            if status == nil { try? Platform.kill(pid, signal.rawValue) }
        }
    }

    /// Reaps it if it has ended; its status from then on. A child that cannot be waited for
    /// (nothing left to reap: someone else reaped it) counts as ended, with an unknown status
    /// reported as 255.
    func poll() -> ProcessEnding? {
        ended.withLock { status in
            if status != nil { return status }
            do throws(SystemError) {
                status = try Platform.poll(child: pid)
            } catch {
                status = .exited(255)
            }
            return status
        }
    }

    /// Waits until it ends.
    func wait() -> ProcessEnding {
        while true {
            if let status = poll() { return status }
            Platform.sleep(milliseconds: 10)
        }
    }

    /// Terminates it: `SIGTERM`, then `SIGKILL` after `grace`; reaps it.
    func stop(grace: Seconds) -> ProcessEnding {
        send(.terminate)
        let deadline = Platform.monotonicMilliseconds() + grace.milliseconds
        while Platform.monotonicMilliseconds() < deadline {
            if let status = poll() { return status }
            Platform.sleep(milliseconds: 10)
        }
        send(.kill)
        return wait()
    }
}
