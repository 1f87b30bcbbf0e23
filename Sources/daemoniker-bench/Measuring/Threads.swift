// Plain POSIX threads for the benchmark's concurrent senders, its stamp collector and its
// watchdog. Swift concurrency's pool is no substitute here: it has as many threads as cores, and
// each of these threads blocks in system calls.
#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The closure a new thread runs, passed through `pthread_create`'s context pointer.
    private final class ThreadBody {
        let run: @Sendable () -> Void

        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs the body behind a context pointer made by `startThread`, and releases it.
    private func runThreadBody(_ context: UnsafeMutableRawPointer?) {
        guard let context else { return }
        let body = Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue()
        body.run()
    }

    /// What `pthread_create` runs: the body behind the context pointer.
    #if canImport(Darwin)
        private let threadEntry: @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? = {
            runThreadBody($0)
            return nil
        }
    #else
        private let threadEntry: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = {
            runThreadBody($0)
            return nil
        }
    #endif

    /// A started thread; `join()` waits until it has finished.
    struct StartedThread {
        fileprivate let wait: () -> Void

        /// Waits for the thread to finish.
        func join() { wait() }
    }

    /// Starts a thread that runs `body`.
    func startThread(_ body: @escaping @Sendable () -> Void) throws(BenchError) -> StartedThread {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        #if os(Linux)
            var handle = pthread_t()
            let result = pthread_create(&handle, nil, threadEntry, context)
            if result == 0 { return StartedThread { pthread_join(handle, nil) } }
        #else
            var handle: pthread_t?
            let result = pthread_create(&handle, nil, threadEntry, context)
            if result == 0, let created = handle { return StartedThread { pthread_join(created, nil) } }
        #endif
        Unmanaged<ThreadBody>.fromOpaque(context).release()
        throw BenchError("pthread_create: \(errorText(result))")
    }
#endif
