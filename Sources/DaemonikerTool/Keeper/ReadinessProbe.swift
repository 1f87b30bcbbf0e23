import Daemoniker
import DaemonikerPlatform

/// Watches for one ``ReadyMode``: what the child needs (descriptors, `NOTIFY_SOCKET`), and
/// whether the condition holds yet.
final class ReadinessProbe {
    /// The mode watched for.
    let mode: ReadyMode
    /// Descriptors to move into place in the child: `(from, to)`.
    private(set) var moves: [(from: Int32, to: Int32)] = []
    /// Variables to add to the child's environment.
    private(set) var environment: [String] = []
    /// The notify socket, with `--ready notify` (it stays open after ready, for `reload`).
    private(set) var notify: NotifyListener?
    /// COMMAND's output, when the keeper reads it (log files, `log:`); nil: the child gets the
    /// keeper's own standard output and error.
    private let output: OutputRelay?
    /// The current child's output pipes.
    private var pipes: OutputPipes?
    private var descriptorPipe: (read: Int32, write: Int32)?
    private var descriptorBytes: [UInt8] = []
    private var lastStatus = ""
    /// The addresses `tcp:` and `http:` connect to, resolved once.
    private var addresses: [SocketAddress] = []

    /// Prepares what `mode` needs before the child starts, with COMMAND's output going through
    /// `output` (``KeeperLogs``) when the keeper writes log files. Names in `tcp:` and `http:`
    /// are resolved here, once: a lookup has no deadline of its own, and no program runs yet.
    init(_ mode: ReadyMode, output: OutputRelay? = nil) throws(DaemonikerError) {
        self.mode = mode
        if case .log = mode {
            self.output = output ?? OutputRelay.passthrough()
        } else {
            self.output = output
        }
        do throws(SystemError) {
            if case .notify = mode {
                let listener = try NotifyListener()
                notify = listener
                environment.append("NOTIFY_SOCKET=\(listener.address)")
            }
            try prepareChildEnds()
        } catch {
            throw DaemonikerError(.systemCallFailed, "could not prepare --ready \(mode.text): \(error)")
        }
        switch mode {
        case .tcp(let host, let port), .http(let host, let port, _):
            switch Platform.resolveStreamAddresses(host: host, port: port) {
            case .success(let resolved): addresses = resolved
            case .failure(let error):
                throw DaemonikerError(
                    .invalidConfiguration,
                    "--ready \(mode.text): cannot resolve \(host): \(error); give an address (127.0.0.1, [::1]) or a name this host resolves"
                )
            }
        default:
            break
        }
    }

    /// Prepares a new child's descriptors (a respawn). The notify socket stays the same, emptied
    /// of what came since the last program ended (a late `READY=1` is not the new one's).
    func rearm() throws(SystemError) {
        moves = []
        descriptorBytes = []
        notify?.drain()
        try prepareChildEnds()
    }

    /// The child's ends of its new output pipes (log files, `log:`) and of a new readiness pipe
    /// (`fd:`). The output pipes come first: a move onto `fd:N` then cannot overwrite one of
    /// their ends that happens to have N's number before it reaches 1 or 2.
    private func prepareChildEnds() throws(SystemError) {
        if let output {
            var pattern: String?
            if case .log(let expression) = mode { pattern = expression }
            let connected = try output.connect(pattern: pattern)
            pipes = connected
            moves += connected.moves
        }
        switch mode {
        case .descriptor(let number):
            let pipe = try Self.pipe(avoiding: number)
            // The last run's read end, when it failed before it was ready.
            if let old = descriptorPipe { Platform.close(old.read) }
            descriptorPipe = pipe
            moves.append((pipe.write, number))
        default:
            break
        }
    }

    /// A pipe for `fd:N` whose write end is not N itself: moving a descriptor onto its own
    /// number would leave it close-on-exec on some systems.
    private static func pipe(avoiding number: Int32) throws(SystemError) -> (read: Int32, write: Int32) {
        var pipe = try Platform.pipe()
        if pipe.write == number {
            let moved = try Platform.duplicate(pipe.write, atLeast: number + 1, closeOnExec: true)
            Platform.close(pipe.write)
            pipe.write = moved
        }
        Platform.setNonBlocking(pipe.read, true)
        return pipe
    }

    /// Closes the keeper's copies of what the child got, once it is started.
    func childStarted() {
        if let pipe = descriptorPipe { Platform.close(pipe.write) }
        pipes?.closeChildEnds()
    }

    /// Whether the program is ready, `elapsed` milliseconds after it started. Waits at most
    /// `milliseconds` where the mode can wait for an event; otherwise looks once, giving up
    /// on a connection or an answer at `deadline` (monotonic milliseconds) or after a second.
    func isReady(elapsed: Int64, milliseconds: Int32, deadline: Int64) -> Bool {
        let limit = min(deadline, Platform.monotonicMilliseconds() + 1000)
        switch mode {
        case .exec:
            return true
        case .notify:
            guard let lines = notify?.receive(milliseconds: milliseconds) else { return false }
            for line in lines where line.hasPrefix("STATUS=") { lastStatus = String(line.dropFirst(7)) }
            return lines.contains("READY=1")
        case .descriptor:
            guard let pipe = descriptorPipe else { return false }
            _ = try? Platform.waitReadable(pipe.read, milliseconds: milliseconds)
            if let bytes = try? Platform.read(pipe.read, upTo: 512) { descriptorBytes += bytes }
            return descriptorBytes.contains(UInt8(ascii: "\n"))
        case .tcp:
            guard let fd = Platform.connectStream(addresses, deadline: limit) else {
                return pause(milliseconds)
            }
            Platform.close(fd)
            return true
        case .unix(let path):
            return HTTPProbe.connects(toUnixSocket: path, deadline: limit) || pause(milliseconds)
        case .http(let host, let port, let path):
            let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            guard
                let code = HTTPProbe.status(
                    addresses, hostHeader: hostHeader, path: path, deadline: limit)
            else {
                return pause(milliseconds)
            }
            return (200..<400).contains(code) || pause(milliseconds)
        case .file(let path):
            return (try? Platform.info(ofPath: path)) != nil || pause(milliseconds)
        case .log:
            return pipes?.isReady == true || pause(milliseconds)
        case .delay(let seconds):
            return elapsed >= seconds.milliseconds || pause(milliseconds)
        }
    }

    /// Why the condition cannot tell this program's readiness, looked at once before it
    /// starts: it already holds (something else listens on the port or socket, the file is
    /// there), so it would pass without the program. Nil when it does not hold.
    func alreadyHolds(for name: String) -> String? {
        let deadline = Platform.monotonicMilliseconds() + 1000
        let before = "before \(name) started, so the check would pass without it"
        switch mode {
        case .tcp(let host, let port), .http(let host, let port, _):
            guard let fd = Platform.connectStream(addresses, deadline: deadline) else { return nil }
            Platform.close(fd)
            let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            return
                "--ready \(mode.text): something already listens on \(address) \(before); stop it or choose another port"
        case .unix(let path):
            guard HTTPProbe.connects(toUnixSocket: path, deadline: deadline) else { return nil }
            return
                "--ready \(mode.text): something already listens on \(path) \(before); stop it or choose another socket"
        case .file(let path):
            guard (try? Platform.info(ofPath: path)) != nil else { return nil }
            return
                "--ready \(mode.text): \(path) already exists \(before) (left from an earlier run?); remove it, or have the program create another file"
        default:
            return nil
        }
    }

    /// Waits (up to a second) until the program's output, when the keeper reads it, has all
    /// been written to the logs.
    func drainOutput() {
        output?.drain(milliseconds: 1000)
    }

    /// The program's last `STATUS=`, for messages.
    var statusText: String { lastStatus }

    /// Closes what is left once the condition holds (the descriptor pipe).
    func finished() {
        if let pipe = descriptorPipe { Platform.close(pipe.read) }
        descriptorPipe = nil
    }

    /// Makes this probe's child the one whose output the relay waits for at the end again (a
    /// new generation that failed: the running one's output is the one that matters).
    func resumeOutput() {
        if let pipes { output?.makeCurrent(pipes) }
    }

    /// Closes what this probe made for a child that is gone or replaced (a new generation that
    /// failed, an old one an upgrade replaced): the descriptor pipe and its own notify socket;
    /// lets go of its output pipes (their threads hold them until the child's output ends).
    func discard() {
        finished()
        pipes?.closeChildEnds()
        pipes = nil
        notify?.shutDown()
        notify = nil
    }

    private func pause(_ milliseconds: Int32) -> Bool {
        Platform.sleep(milliseconds: Int(min(milliseconds, 50)))
        return false
    }
}
