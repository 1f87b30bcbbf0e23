import DaemonikerPlatform

/// The keeper's side of its control socket: a thread that waits in `accept(2)` (no CPU while
/// nobody asks) and answers one request per connection, one line each way:
///
/// - `reopen`: every log file is opened anew at its path (after logrotate or anyone else has
///   renamed or removed it); the answer is `ok reopened PATH[, PATH]`, or `error MESSAGE` with
///   why a file could not be opened (the old one is then written on).
///
/// - `upgrade TIMEOUT_MS DRAIN_MS`: a new generation of COMMAND (``UpgradeRequest``), carried
///   out by the keeper's main thread, which answers `ok TEXT` or `fail STATUS MESSAGE` once the
///   new generation is ready or has failed; a second upgrade while one waits or runs is answered
///   at once with `fail 5`.
///
/// Only the keeper's user and root can connect: the socket is in a directory of mode 0700
/// (``ControlListener``).
enum ControlServer {
    /// The request that reopens the logs.
    static let reopen = "reopen"

    /// Starts the thread serving `listener` for `logs`; `wake` wakes the keeper's main thread
    /// for an upgrade.
    static func start(_ listener: ControlListener, logs: [RotatingLog], wake: @escaping @Sendable () -> Void)
        throws(SystemError)
    {
        try Platform.startThread {
            while let connection = listener.accept() {
                if answer(connection, logs: logs, wake: wake) { Platform.close(connection) }
            }
        }
    }

    /// Reads one request line from `connection` (waiting at most 2 s) and answers it; whether
    /// the connection is done with (false: an upgrade's, answered later by the main thread).
    private static func answer(_ connection: Int32, logs: [RotatingLog], wake: @Sendable () -> Void) -> Bool {
        let deadline = Platform.monotonicMilliseconds() + 2000
        var request: [UInt8] = []
        while !request.contains(UInt8(ascii: "\n")), request.count < 256,
            let bytes = Platform.receive(connection, upTo: 256, deadline: deadline), !bytes.isEmpty
        {
            request += bytes
        }
        let line = String(decoding: request.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let reply: String
        if line.hasPrefix(UpgradeRequest.word + " ") {
            guard let request = UpgradeRequest(connection: connection, arguments: line.dropFirst(8)) else {
                reply = UpgradeRequest.failure(.badInput, "malformed upgrade request '\(line)'")
                _ = Platform.sendAll(connection, Array((reply + "\n").utf8), deadline: deadline + 1000)
                return true
            }
            switch request.post() {
            case .posted:
                wake()
                return false
            case .busy:
                reply = UpgradeRequest.failure(
                    .busy,
                    "another upgrade of this program is under way; nothing was changed (wait for it to end, then try again)"
                )
            case .closed:
                reply = UpgradeRequest.failure(
                    .notRunning,
                    "the program is not running now (it is being started, or started again after it ended); nothing was changed; upgrade it once it is ready"
                )
            }
        } else if line == reopen, logs.isEmpty {
            reply =
                "error this keeper writes no log file (the program was started without --log or --error-log)"
        } else if line == reopen {
            var failures: [String] = []
            for log in logs {
                if let failure = log.reopen() {
                    failures.append(failure)
                    log.note("could not reopen \(log.path): \(failure); writing on to the file opened before")
                } else {
                    log.note("reopened \(log.path) (daemoniker logs --reopen)")
                }
            }
            reply =
                failures.isEmpty
                ? "ok reopened " + logs.map(\.path).joined(separator: ", ")
                : "error " + failures.joined(separator: "; ")
        } else {
            reply =
                "error unknown request '\(line)'; this keeper knows '\(reopen)' and '\(UpgradeRequest.word)'"
        }
        _ = Platform.sendAll(connection, Array((reply + "\n").utf8), deadline: deadline + 1000)
        return true
    }
}
