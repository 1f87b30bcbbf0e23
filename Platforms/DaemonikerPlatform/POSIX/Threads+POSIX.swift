#if !os(Windows)
    import CDaemonikerShim

    extension Platform {
        /// Starts a detached thread running `body` (the dispatcher and relay watcher threads).
        package static func startThread(_ body: @escaping @Sendable () -> Void) throws(SystemError) {
            let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
            let result = dk_start_thread(
                { raw in
                    guard let raw else { return nil }
                    Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
                    return nil
                }, context)
            if result != 0 {
                Unmanaged<ThreadBody>.fromOpaque(context).release()
                throw SystemError("pthread_create", code: result)
            }
        }
    }
#endif
