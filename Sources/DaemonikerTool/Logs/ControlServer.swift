import DaemonikerPlatform

/// The keeper's side of its control socket: a thread that waits in `accept(2)` (no CPU while
/// nobody asks) and answers one request per connection, one line each way:
///
/// - `reopen`: every log file is opened anew at its path (after logrotate or anyone else has
///   renamed or removed it); the answer is `ok reopened PATH[, PATH]`, or `error MESSAGE` with
///   why a file could not be opened (the old one is then written on).
///
/// Only the keeper's user and root can connect: the socket is in a directory of mode 0700
/// (``ControlListener``).
enum ControlServer {
    /// The request that reopens the logs.
    static let reopen = "reopen"

    /// Starts the thread serving `listener` for `logs`.
    static func start(_ listener: ControlListener, logs: [RotatingLog]) throws(SystemError) {
        try Platform.startThread {
            while let connection = listener.accept() {
                answer(connection, logs: logs)
                Platform.close(connection)
            }
        }
    }

    /// Reads one request line from `connection` (waiting at most 2 s) and answers it.
    private static func answer(_ connection: Int32, logs: [RotatingLog]) {
        let deadline = Platform.monotonicMilliseconds() + 2000
        var request: [UInt8] = []
        while !request.contains(UInt8(ascii: "\n")), request.count < 256,
            let bytes = Platform.receive(connection, upTo: 256, deadline: deadline), !bytes.isEmpty
        {
            request += bytes
        }
        let line = String(decoding: request.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let reply: String
        if line == reopen {
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
            reply = "error unknown request '\(line)'; this keeper knows '\(reopen)'"
        }
        _ = Platform.sendAll(connection, Array((reply + "\n").utf8), deadline: deadline + 1000)
    }
}
