import DaemonikerPlatform

/// The daemon's side of the signal relay. It keeps one sentinel alive: a child that is the
/// daemon's own executable entered in sentinel mode before any user code runs, blocked on a
/// pipe only the daemon writes to (so it uses no CPU, and ends as soon as the daemon is gone,
/// however the daemon ended). A watcher thread waits for the sentinel to end. If it ended as a
/// relayed signal, the watcher starts and records the next sentinel *first*, then raises the
/// signal in the daemon, where it is handled exactly like one delivered by the OS. A sentinel
/// that ended any other way is replaced and nothing is dispatched.
final class SentinelRelay: Sendable {
    let recordPath: String
    private let executable: String
    private let waitPipe: (read: Int32, write: Int32)

    /// Starts the first sentinel and the watcher.
    init(pidFile: String) throws(DaemonikerError) {
        recordPath = SentinelRecord.path(forPIDFile: pidFile)
        do {
            executable = try Platform.executablePath()
            waitPipe = try Platform.pipe()
            // Senders lock this file to relay one signal at a time: a sentinel can carry only one.
            let lockPath = SentinelRecord.lockPath(forPIDFile: pidFile)
            Platform.close(try Platform.open(lockPath, .pidFile, permissions: 0o644))
        } catch {
            throw DaemonikerError("prepare the signal relay", error)
        }
        let first = try spawn()
        do {
            try Platform.startThread { [self] in watch(first) }
        } catch {
            throw DaemonikerError("start the signal relay's watcher thread", error)
        }
    }

    /// Starts a sentinel and records it. Returns its pid.
    private func spawn() throws(DaemonikerError) -> Int32 {
        let token = Token.positive32()
        let environment = ChildEnvironment.current(setting: Platform.sentinelVariable, to: "\(token)")
        let ready: (read: Int32, write: Int32)
        do {
            ready = try Platform.pipe()
        } catch {
            throw DaemonikerError("start the signal sentinel", error)
        }
        defer { Platform.close(ready.read) }
        let pid: Int32
        do {
            pid = try Platform.spawnSentinel(
                path: executable,
                arguments: [Array(executable.utf8), Array("--daemoniker-sentinel".utf8)],
                environment: environment, waitFD: waitPipe.read, readyFD: ready.write)
        } catch {
            Platform.close(ready.write)
            throw DaemonikerError("start the signal sentinel", error)
        }
        Platform.close(ready.write)
        // Recorded only once its handlers are in place (it writes one byte, then waits).
        let armed =
            (try? Platform.waitReadable(ready.read, milliseconds: 10_000)) == true
            && (try? Platform.read(ready.read, upTo: 1))?.count == 1
        guard armed else {
            try? Platform.kill(pid, Signal.kill.rawValue)
            _ = try? Platform.wait(for: pid)
            throw DaemonikerError(
                .systemCallFailed,
                "the signal sentinel (pid \(pid)) did not start; is \(executable) still there?")
        }
        do {
            try SentinelRecord(pid: pid, token: token, daemon: Platform.processID).write(to: recordPath)
        } catch {
            throw DaemonikerError("record the signal sentinel in \(recordPath)", error)
        }
        return pid
    }

    private func watch(_ first: Int32) {
        var sentinel = first
        while true {
            guard let status = try? Platform.wait(for: sentinel) else { return }
            let relayed = Platform.relayedSignal(from: status)
            var next: Int32?
            for attempt in 0..<50 {
                if let pid = try? spawn() {
                    next = pid
                    break
                }
                Platform.sleep(milliseconds: min(10 * (attempt + 1), 200))
            }
            guard let next else {
                Platform.writeStandardError(
                    "daemoniker: the signal relay could not start a new sentinel; relayed signals will not arrive\n"
                )
                return
            }
            sentinel = next
            if let relayed { Platform.raiseInProcess(relayed) }
        }
    }
}
