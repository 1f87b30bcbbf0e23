import DaemonikerPlatform

/// The line a waiting `start` shows on its terminal after a second: what it waits for, and for
/// how long so far.
struct Progress {
    /// The launcher's terminal (a duplicate of its standard error), or nil: show nothing.
    let fd: Int32?
    /// What is waited for.
    let waitingFor: String
    /// The whole wait, in seconds.
    let timeout: Seconds
    private var shownSecond: Int64 = 0

    /// A progress line on `fd`, if there is one.
    init(fd: Int32?, waitingFor: String, timeout: Seconds) {
        self.fd = fd
        self.waitingFor = waitingFor
        self.timeout = timeout
    }

    /// Shows the line once per whole second of `elapsed` milliseconds, from the first second on.
    mutating func update(elapsed: Int64) {
        guard let fd, elapsed >= 1000, elapsed / 1000 != shownSecond else { return }
        shownSecond = elapsed / 1000
        let line =
            "\rdaemoniker: waiting for \(waitingFor) (\(shownSecond) s of \(timeout.text) s)\u{1B}[K"
        try? Platform.writeWithoutBrokenPipeSignal(fd, Array(line.utf8))
    }

    /// Clears the line (if one was shown) and closes the terminal's duplicate.
    func finish() {
        guard let fd else { return }
        if shownSecond > 0 { try? Platform.writeWithoutBrokenPipeSignal(fd, Array("\r\u{1B}[K".utf8)) }
        Platform.close(fd)
    }
}
