import DaemonikerPlatform

/// The daemon's side of the signal relay. It keeps one sentinel alive: a child that is the
/// daemon's own executable entered in sentinel mode before any user code runs, blocked on a
/// pipe only the daemon writes to (so it uses no CPU, and ends as soon as the daemon is gone,
/// however the daemon ended).
///
/// A watcher thread reads the sentinel's events pipe. Where the sentinel answers relayed signals
/// in place (Linux, FreeBSD), each byte is a relayed signal, raised in the daemon at once, where
/// it is handled exactly like one delivered by the OS; no process is started per signal. End of
/// file means the sentinel ended: if that end was itself a relayed signal (macOS, Windows), the
/// watcher starts and records the next sentinel *first*, then raises it; a sentinel that ended
/// any other way is replaced and nothing is dispatched.
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
            if !Platform.relayAnswersInPlace {
                // Senders lock this file to relay one signal at a time: such a sentinel can
                // carry only one.
                let lockPath = SentinelRecord.lockPath(forPIDFile: pidFile)
                // Mode 0600: a file others may read, they may also lock, and so block every sender.
                Platform.close(try Platform.open(lockPath, .pidFile, permissions: 0o600))
            }
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

    /// A running sentinel: its pid, and the read end of its events pipe.
    private struct Sentinel: Sendable {
        var pid: Int32
        var events: Int32
    }

    /// Starts a sentinel, waits until it is armed, and records it.
    private func spawn() throws(DaemonikerError) -> Sentinel {
        let token = Token.positive32()
        let environment = ChildEnvironment.current(setting: Platform.sentinelVariable, to: "\(token)")
        let events: (read: Int32, write: Int32)
        do {
            events = try Platform.pipe()
        } catch {
            throw DaemonikerError("start the signal sentinel", error)
        }
        let pid: Int32
        do {
            pid = try Platform.spawnSentinel(
                path: executable,
                arguments: [Array(executable.utf8), Array("--daemoniker-sentinel".utf8)],
                environment: environment, waitFD: waitPipe.read, readyFD: events.write)
        } catch {
            Platform.close(events.read)
            Platform.close(events.write)
            throw DaemonikerError("start the signal sentinel", error)
        }
        Platform.close(events.write)
        // Recorded only once its handlers are in place (it writes one byte, then waits).
        let armed =
            (try? Platform.waitReadable(events.read, milliseconds: 10_000)) == true
            && (try? Platform.read(events.read, upTo: 1))?.count == 1
        do throws(DaemonikerError) {
            guard armed else {
                throw DaemonikerError(
                    .systemCallFailed,
                    "the signal sentinel (pid \(pid)) did not start; is \(executable) still there?")
            }
            do {
                try SentinelRecord(
                    pid: pid, token: token, daemon: Platform.processID,
                    answersInPlace: Platform.relayAnswersInPlace
                ).write(to: recordPath)
            } catch {
                throw DaemonikerError("record the signal sentinel in \(recordPath)", error)
            }
        } catch {
            Platform.close(events.read)
            try? Platform.kill(pid, Signal.kill.rawValue)
            _ = try? Platform.wait(for: pid)
            throw error
        }
        return Sentinel(pid: pid, events: events.read)
    }

    /// Starts the next sentinel, trying again until it can (a full filesystem, no processes
    /// left), ever more slowly, up to every 5 s: the relay recovers once the fault is gone, and at
    /// most one sentinel is alive meanwhile (a failed start kills what it started).
    private func startReplacement() -> Sentinel {
        var attempt = 0
        while true {
            do {
                return try spawn()
            } catch {
                if attempt == 10 {
                    Platform.writeStandardError(
                        "daemoniker: the signal relay cannot start a new sentinel (\(error.message)); relayed signals wait until it can\n"
                    )
                }
                attempt += 1
                Platform.sleep(milliseconds: min(10 * attempt * attempt, 5000))
            }
        }
    }

    private func watch(_ first: Sentinel) {
        var sentinel = first
        var armedAt = Platform.monotonicMilliseconds()
        var quickDeaths = 0
        while true {
            // Each byte is a signal the sentinel relayed and stays for; end of file (or an error
            // reading) means it ended.
            if let relayed = try? Platform.read(sentinel.events, upTo: 256), !relayed.isEmpty {
                for signal in relayed { Platform.raiseInProcess(Int32(signal)) }
                continue
            }
            Platform.close(sentinel.events)
            guard let status = try? Platform.wait(for: sentinel.pid) else { return }
            let relayed = Platform.relayedSignal(from: status)
            // A sentinel that keeps dying soon after it started, not by a relayed signal, is
            // replaced ever more slowly (up to every 5 s), so that whatever kills it cannot make
            // the daemon start processes in a tight loop.
            if relayed == nil, Platform.monotonicMilliseconds() - armedAt < 1000 {
                quickDeaths += 1
                Platform.sleep(milliseconds: min(5000, 10 << min(quickDeaths, 9)))
            } else {
                quickDeaths = 0
            }
            sentinel = startReplacement()
            armedAt = Platform.monotonicMilliseconds()
            if let relayed { Platform.raiseInProcess(relayed) }
        }
    }
}
