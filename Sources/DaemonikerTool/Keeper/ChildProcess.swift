import Daemoniker
import DaemonikerPlatform

/// The program the keeper runs (started with every signal at its default and none blocked, with
/// the descriptors the readiness mode needs moved into place), or the process it adopted from a
/// program that daemonizes itself (`--program-pid-file`).
///
/// Reaping and signalling go through the keeper's one ``Reaper``, so that a pid is never
/// signalled once it has been reaped (the system may already have given it to another process).
final class ChildProcess: Sendable {
    /// Its pid.
    let pid: Int32
    /// The keeper's reaper, which watches it.
    let reaper: Reaper

    private init(pid: Int32, reaper: Reaper) {
        self.pid = pid
        self.reaper = reaper
    }

    /// Starts `path` with `arguments` (the first is its name) and `environment`; each
    /// `(from, to)` in `moves` makes descriptor `to` in the child a copy of `from`; with
    /// `pidVariable` (`LISTEN_PID`) the child sets it to its own pid before exec. Throws the
    /// spawn's error (which includes the exec's).
    static func spawn(
        path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)],
        pidVariable: String? = nil, reaper: Reaper
    ) throws(SystemError) -> ChildProcess {
        ChildProcess(
            pid: try reaper.spawn(
                path: path, arguments: arguments, environment: environment, moves: moves,
                pidVariable: pidVariable),
            reaper: reaper)
    }

    /// The process `pid`, watched from now on, if it is the keeper's child (an orphan it adopted);
    /// nil otherwise.
    static func adopt(_ pid: Int32, reaper: Reaper) -> ChildProcess? {
        reaper.adopt(pid) ? ChildProcess(pid: pid, reaper: reaper) : nil
    }

    /// Sends `signal` unless it has been reaped.
    func send(_ signal: Signal) {
        reaper.send(signal, to: pid)
    }

    /// Reaps what has ended (every child of the keeper); how it ended, once it has.
    func poll() -> ProcessEnding? {
        reaper.ending(of: pid)
    }

    /// Waits until it ends, reaping every other child that ends meanwhile.
    func wait() -> ProcessEnding {
        while true {
            if let status = poll() { return status }
            // A second at most: a wake-up lost to a full pipe costs no more than that.
            reaper.waitForChange(milliseconds: 1000)
        }
    }

    /// Terminates it and every process of its tree (``Reaper/endTree(first:grace:)``):
    /// `SIGTERM`, then `SIGKILL` after `grace`; reaps them.
    func stop(grace: Seconds) -> ProcessEnding {
        reaper.endTree(first: pid, grace: grace)
        return poll() ?? .exited(255)
    }
}
