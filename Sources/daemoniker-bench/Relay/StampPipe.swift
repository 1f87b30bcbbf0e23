// The relay daemon's stamps: the read end of the pipe its SIGUSR1 handler writes to (one 8-byte
// monotonic timestamp per handled signal), read one at a time after each send, or gathered by a
// collector thread while senders fire back to back.
#if !os(Windows)
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The read end of a stamp pipe, non-blocking. One thread uses it at a time: the main thread,
    /// or a collector between `collectStamps`' start and end (hence `@unchecked Sendable`).
    final class StampPipe: @unchecked Sendable {
        /// The descriptor.
        let fd: Int32
        private var bytes: [UInt8] = []
        private var queued: [Int64] = []

        init(fd: Int32) {
            self.fd = fd
            setNonBlocking(fd)
        }

        /// Waits until at least one stamp is there or `deadline` (monotonic ns) has passed, then
        /// returns every complete stamp received ([] at the deadline); nil at end of file.
        func receive(until deadline: Int64) -> [Int64]? {
            while true {
                if !queued.isEmpty {
                    defer { queued = [] }
                    return queued
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got > 0 {
                    bytes += chunk[0..<got]
                    let whole = bytes.count / 8 * 8
                    let stamps = stride(from: 0, to: whole, by: 8).map { offset in
                        bytes[offset..<offset + 8].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
                    }
                    bytes.removeFirst(whole)
                    if !stamps.isEmpty { return stamps }
                    continue
                }
                if got == 0 { return nil }
                if errno == EINTR { continue }
                guard errno == EAGAIN || errno == EWOULDBLOCK else { return nil }
                let remaining = deadline - monotonicNanoseconds()
                if remaining <= 0 { return [] }
                _ = waitReadable(fd, milliseconds: (remaining + 999_999) / 1_000_000)
            }
        }

        /// The first stamp taken at or after `start` (earlier ones are late answers to signals
        /// sent before and are dropped), waiting until `deadline`; nil if none came by then.
        func next(after start: Int64, until deadline: Int64) -> Int64? {
            while true {
                guard let stamps = receive(until: deadline), !stamps.isEmpty else { return nil }
                let current = stamps.drop { $0 < start }
                if let first = current.first {
                    queued = Array(current.dropFirst())
                    return first
                }
            }
        }

        /// Drops whatever stamps are there now.
        func discardPending() {
            queued = []
            while let stamps = receive(until: 0), !stamps.isEmpty {}
        }
    }

    /// Stamps gathered by a collector thread.
    final class StampCollector: Sendable {
        private let stamps = Mutex<[Int64]>([])
        private let stopping = Atomic<Bool>(false)

        /// How many stamps taken at or after `start` have arrived.
        func count(since start: Int64) -> Int {
            stamps.withLock { $0.count { $0 >= start } }
        }

        /// The stamps taken at or after `start`.
        func all(since start: Int64) -> [Int64] {
            stamps.withLock { $0.filter { $0 >= start } }
        }

        fileprivate func run(_ pipe: StampPipe) {
            while !stopping.load(ordering: .acquiring) {
                guard let got = pipe.receive(until: monotonicNanoseconds() + 50_000_000) else { return }
                if !got.isEmpty { stamps.withLock { $0 += got } }
            }
        }

        fileprivate func stop() { stopping.store(true, ordering: .releasing) }
    }

    /// Runs `body` while a thread gathers the stamps arriving on `pipe`.
    func collectStamps<Result>(
        from pipe: StampPipe, _ body: (StampCollector) throws(BenchError) -> Result
    ) throws(BenchError) -> Result {
        let collector = StampCollector()
        let thread = try startThread { collector.run(pipe) }
        defer {
            collector.stop()
            thread.join()
        }
        return try body(collector)
    }
#endif
