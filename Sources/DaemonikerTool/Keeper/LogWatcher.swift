import DaemonikerPlatform
import Synchronization

/// `--ready log:REGEX`: the program's standard output and error come through pipes; a thread
/// for each copies every byte on to the keeper's own (the log files) and looks for a line
/// matching the expression.
final class LogWatcher: Sendable {
    /// The pipes' write ends, for the child's descriptors 1 and 2.
    let childEnds: [Int32]
    private let matched = Atomic(false)
    private let open = Atomic(2)

    /// Creates the pipes and starts the copying threads.
    init(pattern: String) throws(SystemError) {
        let output = try Platform.pipe()
        let error = try Platform.pipe()
        childEnds = [output.write, error.write]
        let sources = [(output.read, Int32(1)), (error.read, Int32(2))]
        for (source, target) in sources {
            try Platform.startThread { [self] in self.copy(from: source, to: target, pattern: pattern) }
        }
    }

    /// Whether a line has matched.
    var isReady: Bool { matched.load(ordering: .acquiring) }

    /// Waits up to `milliseconds` until both pipes have reached their end and everything the
    /// program wrote has been copied on (its last lines, once it has ended).
    func drain(milliseconds: Int64) {
        let deadline = Platform.monotonicMilliseconds() + milliseconds
        while open.load(ordering: .acquiring) > 0, Platform.monotonicMilliseconds() < deadline {
            Platform.sleep(milliseconds: 5)
        }
    }

    /// Closes the keeper's copies of the child's ends, once the child has them.
    func closeChildEnds() {
        for fd in childEnds { Platform.close(fd) }
    }

    private func copy(from source: Int32, to target: Int32, pattern: String) {
        let expression = try? Regex(pattern)
        var line: [UInt8] = []
        while let bytes = try? Platform.read(source, upTo: 4096), !bytes.isEmpty {
            try? Platform.write(target, bytes)
            guard !matched.load(ordering: .relaxed), let expression else { continue }
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    let text = String(decoding: line, as: UTF8.self)
                    if (try? expression.firstMatch(in: text)) != nil {
                        matched.store(true, ordering: .releasing)
                    }
                    line.removeAll(keepingCapacity: true)
                } else if line.count < 65536 {
                    line.append(byte)
                }
            }
        }
        Platform.close(source)
        open.subtract(1, ordering: .releasing)
    }
}
