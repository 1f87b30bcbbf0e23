import DaemonikerPlatform
import Synchronization

/// Where the keeper sends one of COMMAND's standard streams once it has read it from its pipe.
enum OutputSink: Sendable {
    /// Into a log file, as that file's stream number `stream` (a file fed by both standard
    /// output and error keeps each one's partial line apart).
    case log(RotatingLog, stream: Int)
    /// Copied on, as it comes, to a descriptor of the keeper's own (`--ready log:` without a
    /// log file: the output goes where it would have gone without the pipe).
    case descriptor(Int32)
}

/// COMMAND's standard output and error as the keeper relays them: for each child, a pipe per
/// stream and a thread that reads it (``OutputPipes``), writing to the log files, which stay the
/// same across respawns.
final class OutputRelay: Sendable {
    /// What becomes of the child's descriptors 1 and 2; nil: the child gets the keeper's own,
    /// unless `--ready log:` needs to read it (then it is copied on to the keeper's own).
    let sinks: [OutputSink?]
    /// The log files written.
    let logs: [RotatingLog]
    /// The current child's pipes.
    private let current = Mutex<OutputPipes?>(nil)
    /// Whether ``drain(milliseconds:)`` has already waited for them.
    private let drained = Atomic(false)

    /// A relay to `sinks` (for descriptors 1 and 2), writing `logs`.
    init(sinks: [OutputSink?], logs: [RotatingLog]) {
        self.sinks = sinks
        self.logs = logs
    }

    /// A relay that only reads, for `--ready log:` with no log file: both streams are copied
    /// on to the keeper's own descriptors.
    static func passthrough() -> OutputRelay {
        OutputRelay(sinks: [nil, nil], logs: [])
    }

    /// New pipes for a child about to start, their threads reading already; with `pattern`
    /// (`--ready log:`), both streams are read and their lines matched against it.
    func connect(pattern: String?) throws(SystemError) -> OutputPipes {
        let targets = sinks.enumerated().map { index, sink in
            sink ?? (pattern != nil ? .descriptor(Int32(index + 1)) : nil)
        }
        let pipes = try OutputPipes(sinks: targets, pattern: pattern)
        current.withLock { $0 = pipes }
        drained.store(false, ordering: .releasing)
        return pipes
    }

    /// Makes `pipes` (a child's, connected earlier) the current child's again.
    func makeCurrent(_ pipes: OutputPipes) {
        current.withLock { $0 = pipes }
    }

    /// Waits (once, at most `milliseconds`) until the current child's pipes have ended, that is
    /// until everything it and its children wrote has been read; then writes out what is left
    /// of every log's partial lines. A process that keeps a pipe open (a child COMMAND left
    /// behind) ends the wait at the deadline.
    func drain(milliseconds: Int64) {
        let pipes = current.withLock { $0 }
        if let pipes, !drained.exchange(true, ordering: .acquiringAndReleasing) {
            pipes.closeChildEnds()
            pipes.awaitEnd(milliseconds: milliseconds)
        }
        for log in logs { log.flush() }
    }
}

/// One child's pipes: the write ends it gets as descriptors 1 and 2, and a thread per pipe that
/// blocks in `read(2)` (no CPU while COMMAND is quiet) and hands what it read to its sink.
final class OutputPipes: Sendable {
    /// How much a pipe holds (Linux; elsewhere the system's size): a program that writes fast
    /// waits less often for the keeper, and each read takes more at once.
    static let pipeSize = 1 << 20
    /// The most one read takes.
    static let readSize = 1 << 18

    /// The child's descriptors: `(from, to)`, the pipes' write ends onto 1 and 2.
    let moves: [(from: Int32, to: Int32)]
    private let childEnds: [Int32]
    private let childEndsClosed = Atomic(false)
    private let matched = Atomic(false)
    /// How many reading threads have not ended yet.
    private let open: Atomic<Int>
    /// A pipe each reading thread writes a byte to as it ends, which ``awaitEnd(milliseconds:)``
    /// waits on (closed once no thread holds this object any more).
    private let ended: (read: Int32, write: Int32)

    /// A pipe and a reading thread for each sink (index 0: descriptor 1, index 1: descriptor 2);
    /// none for a nil one. With `pattern`, each line read is matched until one matches.
    init(sinks: [OutputSink?], pattern: String?) throws(SystemError) {
        var moves: [(from: Int32, to: Int32)] = []
        var sources: [(Int32, OutputSink)] = []
        let ended = try Platform.pipe()
        do {
            for (index, sink) in sinks.enumerated() {
                guard let sink else { continue }
                let pipe = try Platform.pipe()
                Platform.enlargePipe(pipe.write, toBytes: Self.pipeSize)
                moves.append((pipe.write, Int32(index + 1)))
                sources.append((pipe.read, sink))
            }
        } catch {
            for fd in [ended.read, ended.write] + sources.map(\.0) + moves.map(\.from) { Platform.close(fd) }
            throw error
        }
        self.moves = moves
        self.ended = ended
        childEnds = moves.map(\.from)
        open = Atomic(sources.count)
        for (source, sink) in sources {
            try Platform.startThread { [self] in self.relay(from: source, to: sink, pattern: pattern) }
        }
    }

    /// Whether a line has matched the pattern.
    var isReady: Bool { matched.load(ordering: .acquiring) }

    /// Closes the keeper's copies of the child's ends (once), so that the pipes end with the
    /// child.
    func closeChildEnds() {
        guard !childEndsClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for fd in childEnds { Platform.close(fd) }
    }

    /// Waits up to `milliseconds` until every pipe has reached its end and all was handed on.
    func awaitEnd(milliseconds: Int64) {
        let deadline = Platform.monotonicMilliseconds() + milliseconds
        while open.load(ordering: .acquiring) > 0 {
            let left = deadline - Platform.monotonicMilliseconds()
            guard left > 0, (try? Platform.waitReadable(ended.read, milliseconds: Int32(left))) == true else {
                return
            }
            _ = try? Platform.read(ended.read, upTo: 16)
        }
    }

    deinit {
        // No reading thread is left: each holds this object until it has ended.
        Platform.close(ended.read)
        Platform.close(ended.write)
    }

    /// The thread's body: reads until the end of the pipe, hands each read on (first, so that
    /// a line that makes the program ready is in the log by then), then matches it.
    private func relay(from source: Int32, to sink: OutputSink, pattern: String?) {
        var matcher = pattern.flatMap(LineMatcher.init)
        while let bytes = try? Platform.read(source, upTo: Self.readSize), !bytes.isEmpty {
            switch sink {
            case .log(let log, let stream): log.take(bytes, from: stream)
            case .descriptor(let fd): try? Platform.write(fd, bytes)
            }
            if matcher != nil, !matched.load(ordering: .relaxed), matcher?.matches(bytes) == true {
                matched.store(true, ordering: .releasing)
                matcher = nil
            }
        }
        if case .log(let log, let stream) = sink { log.endOfStream(stream) }
        Platform.close(source)
        open.subtract(1, ordering: .releasing)
        try? Platform.write(ended.write, [1])
    }
}

/// `--ready log:REGEX` on one stream: collects lines (up to 64 KiB each) and matches each whole
/// one against the expression.
private struct LineMatcher {
    private let expression: Regex<AnyRegexOutput>
    private var line: [UInt8] = []

    /// A matcher for `pattern`; nil when it does not compile (the parser has checked it does).
    init?(_ pattern: String) {
        guard let expression = try? Regex(pattern) else { return nil }
        self.expression = expression
    }

    /// Whether a line completed in `bytes` matches.
    mutating func matches(_ bytes: [UInt8]) -> Bool {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                let text = String(decoding: line, as: UTF8.self)
                line.removeAll(keepingCapacity: true)
                if (try? expression.firstMatch(in: text)) != nil { return true }
            } else if line.count < 65536 {
                line.append(byte)
            }
        }
        return false
    }
}
