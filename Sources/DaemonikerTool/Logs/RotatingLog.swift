import Synchronization

/// A log file the keeper writes COMMAND's output to: a ``LogWriter`` behind a lock, shared by the
/// threads that read COMMAND's pipes, the keeper's own notes and the control socket's reopen.
final class RotatingLog: Sendable {
    /// The file's path (absolute).
    let path: String
    private let writer: Mutex<LogWriter>

    /// A log at `path`, written through `fd` (which it owns from now on) and fed by `streams`
    /// streams; `standardTargets` are the keeper's own standard descriptors that point at it.
    init(
        path: String, fd: Int32, streams: Int, policy: RotationPolicy?, timestamps: Bool,
        standardTargets: [Int32]
    ) {
        self.path = path
        writer = Mutex(
            LogWriter(
                path: path, fd: fd, streams: streams, policy: policy, timestamps: timestamps,
                standardTargets: standardTargets))
    }

    /// Bytes read from `stream`'s pipe (``LogWriter/take(_:from:)``).
    func take(_ bytes: [UInt8], from stream: Int) {
        writer.withLock { $0.take(bytes, from: stream) }
    }

    /// `stream`'s pipe has ended (``LogWriter/endOfStream(_:)``).
    func endOfStream(_ stream: Int) {
        writer.withLock { $0.endOfStream(stream) }
    }

    /// Writes out every partial line still waiting (``LogWriter/flush()``).
    func flush() {
        writer.withLock { $0.flush() }
    }

    /// A line of the keeper's own.
    func note(_ text: String) {
        writer.withLock { $0.note(text) }
    }

    /// Opens the path anew (``LogWriter/reopen()``); the error's message, or nil.
    func reopen() -> String? {
        writer.withLock { $0.reopen() }
    }
}
