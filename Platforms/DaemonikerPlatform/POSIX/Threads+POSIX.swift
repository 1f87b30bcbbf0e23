#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    private final class ThreadBody {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    extension Platform {
        /// Starts a detached thread running `body` (the dispatcher and relay watcher threads).
        package static func startThread(_ body: @escaping @Sendable () -> Void) throws(SystemError) {
            let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
            #if canImport(Darwin)
                var thread: pthread_t?
            #else
                var thread = pthread_t()
            #endif
            let result = pthread_create(
                &thread, nil,
                { raw in
                    guard let raw else { return nil }
                    Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
                    return nil
                }, context)
            if result != 0 {
                Unmanaged<ThreadBody>.fromOpaque(context).release()
                throw SystemError("pthread_create", code: result)
            }
            #if canImport(Darwin)
                if let thread { pthread_detach(thread) }
            #else
                pthread_detach(thread)
            #endif
        }
    }
#endif
