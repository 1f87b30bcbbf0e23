import DaemonikerPlatform
import Synchronization

/// An `upgrade` asked over the keeper's control socket (``ControlServer``), waiting for the
/// keeper's main thread, which runs the generations, to carry it out and answer on the
/// connection. One at a time: while one waits or runs, the control thread refuses the next.
struct UpgradeRequest: Sendable {
    /// The request's first word on the control socket: `upgrade TIMEOUT_MS DRAIN_MS`.
    static let word = "upgrade"

    /// The connection to answer on (one line), then close.
    let connection: Int32
    /// How long the new generation has to become ready.
    let timeout: Seconds
    /// How long the old generation has between `SIGTERM` and `SIGKILL`.
    let drain: Seconds

    /// What the control thread and the main thread share.
    private struct Slot {
        var waiting: UpgradeRequest?
        var underWay = false
        /// Whether the main thread supervises a running generation and takes requests.
        var open = false
    }

    /// What became of a request the control thread posted.
    enum Posting {
        /// Left for the main thread, which answers it.
        case posted
        /// Another upgrade waits or runs.
        case busy
        /// No generation runs to be upgraded (the program is starting, or between two runs).
        case closed
    }

    private static let slot = Mutex(Slot())

    /// Parses `upgrade TIMEOUT_MS DRAIN_MS` (the text after the first word); nil when it does not.
    init?(connection: Int32, arguments: Substring) {
        let numbers = arguments.split(separator: " ").compactMap { Int64($0) }
        guard numbers.count == 2, numbers.allSatisfy({ $0 > 0 && $0 <= 31_536_000_000 }) else { return nil }
        self.connection = connection
        timeout = Seconds(Double(numbers[0]) / 1000)
        drain = Seconds(Double(numbers[1]) / 1000)
    }

    /// The request line for `timeout` and `drain`.
    static func line(timeout: Seconds, drain: Seconds) -> String {
        "\(word) \(timeout.milliseconds) \(drain.milliseconds)"
    }

    /// Leaves this request for the main thread, unless another one waits or runs, or the main
    /// thread takes none now (then the control thread answers at once: the asking `upgrade`
    /// never gives up on a request the keeper carries out later).
    func post() -> Posting {
        Self.slot.withLock { slot in
            guard slot.waiting == nil, !slot.underWay else { return .busy }
            guard slot.open else { return .closed }
            slot.waiting = self
            return .posted
        }
    }

    /// The main thread: whether it takes requests from now on (while it supervises a running
    /// generation).
    static func accept(_ open: Bool) {
        slot.withLock { $0.open = open }
    }

    /// The main thread: the request waiting, if any, which is under way from now on.
    static func take() -> UpgradeRequest? {
        slot.withLock { slot in
            guard let request = slot.waiting else { return nil }
            slot.waiting = nil
            slot.underWay = true
            return request
        }
    }

    /// The main thread: lets the next upgrade come, then sends `reply` (one line) and closes the
    /// connection. In that order: an `upgrade` run as soon as the previous one returned is not
    /// refused as busy.
    func answer(_ reply: String) {
        Self.slot.withLock { $0.underWay = false }
        _ = Platform.sendAll(
            connection, Array((reply + "\n").utf8), deadline: Platform.monotonicMilliseconds() + 2000)
        Platform.close(connection)
    }

    /// `fail STATUS MESSAGE`, as ``KeeperControl`` reads it.
    static func failure(_ status: ExitStatus, _ message: String) -> String {
        "fail \(status.code) \(message)"
    }
}
