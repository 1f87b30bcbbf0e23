import Daemoniker
import DaemonikerPlatform
import Synchronization

/// The keeper's one reaper. Every child the keeper has — the program, and on Linux and FreeBSD
/// (a child subreaper), or as PID 1, every orphan of the program's tree — is reaped here, with
/// `waitpid(-1, WNOHANG)`, and the status of each process the keeper watches (the program, the
/// process it adopted) is kept by pid, so that no wait takes a status meant for another.
///
/// Reaping, and signalling a watched process, happen under one lock: a pid is never signalled
/// once it has been reaped (the system may already have given it to another process). A
/// `SIGCHLD` writes a byte to a pipe, so the keeper sleeps in ``waitForChange(milliseconds:)``
/// until a child ends instead of polling.
final class Reaper: Sendable {
    /// What the lock guards.
    private struct State {
        /// The processes whose ending is kept: started or adopted, not yet reaped.
        var watched: Set<Int32> = []
        /// How each watched process ended, once reaped.
        var ended: [Int32: ProcessEnding] = [:]
        /// How the last few orphans reaped ended, oldest first: a program's daemonized process
        /// that ends before the keeper adopts it is reaped as an orphan.
        var orphans: [(pid: Int32, ending: ProcessEnding)] = []
    }

    /// How many reaped orphans are remembered.
    private static let rememberedOrphans = 64
    private let state = Mutex(State())
    /// The pipe a `SIGCHLD` writes a byte to (both ends non-blocking).
    private let wake: (read: Int32, write: Int32)
    /// Whether orphans of the program's tree become the keeper's children: it is PID 1 (init),
    /// or a child subreaper (Linux, FreeBSD).
    let adoptsOrphans: Bool

    /// Makes this process a child subreaper where the OS has one, and sets up the wake-up on
    /// `SIGCHLD`; before the first child starts.
    init() throws(DaemonikerError) {
        adoptsOrphans = Platform.processID == 1 || Platform.becomeChildSubreaper()
        do throws(SystemError) {
            wake = try Platform.pipe()
        } catch {
            throw DaemonikerError("create the keeper's pipe for SIGCHLD", error)
        }
        Platform.setNonBlocking(wake.read, true)
        Platform.setNonBlocking(wake.write, true)
        let write = wake.write
        // A full pipe has a wake-up pending already: the byte can be dropped.
        try Signals.handle([.child]) { _ in try? Platform.writeWithoutBrokenPipeSignal(write, [1]) }
    }

    /// Starts a child (``Platform/spawnChild(path:arguments:environment:moves:pidVariable:)``)
    /// and watches it. Under the lock, so that it is watched before any reaping can see it end.
    func spawn(
        path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)],
        pidVariable: String? = nil
    ) throws(SystemError) -> Int32 {
        let outcome: Result<Int32, SystemError> = state.withLock { state in
            do throws(SystemError) {
                let pid = try Platform.spawnChild(
                    path: path, arguments: arguments, environment: environment, moves: moves,
                    pidVariable: pidVariable)
                Self.watch(pid, &state)
                return .success(pid)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Watches `pid` from now on if it is this process's child (an orphan it adopted, reaped or
    /// not); whether it is. Under the lock: a child stays this process's until reaped here.
    func adopt(_ pid: Int32) -> Bool {
        state.withLock { state in
            if state.watched.contains(pid) { return true }
            guard Platform.processIdentity(pid)?.parent == Platform.processID else { return false }
            Self.watch(pid, &state)
            return true
        }
    }

    /// Watches the live child `pid`, forgetting how an earlier process with the same number
    /// ended (pids are reused: a respawned program may get a pid an earlier run had).
    private static func watch(_ pid: Int32, _ state: inout State) {
        state.ended[pid] = nil
        state.orphans.removeAll { $0.pid == pid }
        state.watched.insert(pid)
    }

    /// How `pid` ended if it is a recently reaped orphan (an adopted process that ended first).
    func orphanEnding(_ pid: Int32) -> ProcessEnding? {
        state.withLock { state in state.orphans.last { $0.pid == pid }?.ending }
    }

    /// Reaps every child that has ended; keeps the statuses of the watched ones. Whether any
    /// child is left.
    @discardableResult
    func collect() -> Bool {
        state.withLock { state in Self.collect(&state, wake: wake.read) }
    }

    /// How watched `pid` ended, reaping first; nil while it runs. A pid that is neither watched nor
    /// reaped (nothing to wait for) counts as ended with an unknown status, reported as 255.
    func ending(of pid: Int32) -> ProcessEnding? {
        state.withLock { state in
            _ = Self.collect(&state, wake: wake.read)
            if let ending = state.ended[pid] { return ending }
            return state.watched.contains(pid) ? nil : .exited(255)
        }
    }

    /// Sends `signal` to watched `pid` unless it has been reaped.
    func send(_ signal: Signal, to pid: Int32) {
        state.withLock { state in
            if state.watched.contains(pid) { try? Platform.kill(pid, signal.rawValue) }
        }
    }

    /// Sleeps until a child ends (a `SIGCHLD`), or `milliseconds` pass.
    func waitForChange(milliseconds: Int32) {
        _ = try? Platform.waitReadable(wake.read, milliseconds: milliseconds)
    }

    /// Ends every process left in the tree: `SIGTERM` to each child (the program `first`, if it
    /// still runs, and every orphan the keeper adopted), again to each new orphan as its parent
    /// ends, then, after `grace`, `SIGKILL` the same way; reaps them all. Returns once the keeper
    /// has no child left (or 10 s after `SIGKILL`, with a note). The pids of the processes
    /// other than `first` it signalled.
    @discardableResult
    func endTree(first: Int32?, grace: Seconds) -> [Int32] {
        let killAt = Platform.monotonicMilliseconds() + grace.milliseconds
        let giveUpAt = killAt + 10_000
        var signal = Signal.terminate
        var signalled: Set<Int32> = []
        var others: [Int32] = []
        // As init without this namespace's /proc: whether `kill(-1)` went out in this phase.
        var everyoneSignalled = false
        while true {
            let now = Platform.monotonicMilliseconds()
            if signal == .terminate, now >= killAt {
                signal = .kill
                signalled = []
                everyoneSignalled = false
            }
            let round: (sent: [Int32], left: [Int32])? = state.withLock { state in
                guard Self.collect(&state, wake: wake.read) else { return nil }
                // Listed under the lock: nothing reaps meanwhile, so each is still a child
                // (perhaps ended, not yet reaped), never a pid given to another process.
                let listed = Platform.childProcesses()
                var children = listed ?? Array(state.watched)
                if let first, children.contains(first) {
                    children.removeAll { $0 == first }
                    children.insert(first, at: 0)
                }
                let new = children.filter { !signalled.contains($0) }
                for pid in new { try? Platform.kill(pid, signal.rawValue) }
                if listed == nil, Platform.processID == 1, !everyoneSignalled {
                    // As init, with a /proc that is not this namespace's: every other process
                    // of the namespace is a descendant. Once per phase: a program may take a
                    // second SIGTERM for "force quit".
                    try? Platform.kill(-1, signal.rawValue)
                    everyoneSignalled = true
                }
                return (new, children)
            }
            guard let round else { return others }
            signalled.formUnion(round.sent)
            for pid in round.sent where pid != first && !others.contains(pid) { others.append(pid) }
            if now >= giveUpAt {
                let pids = round.left.map(String.init).joined(separator: " ")
                Tool.note(
                    "gave up waiting for pids \(pids) to end, 10 s after SIGKILL (a process in uninterruptible sleep?)"
                )
                return others
            }
            // Short: an orphan appears without a SIGCHLD when its parent (not a child) ends.
            waitForChange(
                milliseconds: Int32(min(20, max(1, (signal == .terminate ? killAt : giveUpAt) - now))))
        }
    }

    /// Reaps every ended child; whether any child is left.
    private static func collect(_ state: inout State, wake: Int32) -> Bool {
        // Emptied first: a SIGCHLD from now on wakes the next wait.
        while let bytes = try? Platform.read(wake, upTo: 64), !bytes.isEmpty {}
        while true {
            switch Platform.reapAnyChild() {
            case .reaped(let pid, let status):
                if state.watched.remove(pid) != nil {
                    state.ended[pid] = status
                } else {
                    state.orphans.append((pid, status))
                    if state.orphans.count > rememberedOrphans { state.orphans.removeFirst() }
                }
            case .running: return true
            case .none: return false
            }
        }
    }
}
