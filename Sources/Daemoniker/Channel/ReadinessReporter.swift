import DaemonikerPlatform

/// The daemon's end of the readiness channel: a pipe (an inherited handle on Windows) to the
/// launching process, open until the daemon reports ready or fails.
struct ReadinessReporter: Sendable {
    /// The write end.
    let descriptor: Int32

    func send(_ frame: ReadinessFrame) {
        // The launcher may be gone (it timed out, or was killed); the daemon carries on regardless.
        try? Platform.writeWithoutBrokenPipeSignal(descriptor, frame.encoded)
    }

    /// Sends `frame`; false when the reader is gone.
    func trySend(_ frame: ReadinessFrame) -> Bool {
        (try? Platform.writeWithoutBrokenPipeSignal(descriptor, frame.encoded)) != nil
    }

    func close() {
        Platform.close(descriptor)
    }
}
