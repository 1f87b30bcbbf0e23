#if os(Windows)
    import WinSDK

    extension Platform {
        /// Starts a thread running `body` (`CreateThread`; its handle is closed at once, so it
        /// runs detached). Used for the signal dispatcher and the relay's watcher.
        package static func startThread(_ body: @escaping @Sendable () -> Void) throws(SystemError) {
            let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
            let thread = CreateThread(
                nil, 0,
                { raw in
                    guard let raw else { return 0 }
                    Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
                    return 0
                }, context, 0, nil)
            guard let thread else {
                let error = SystemError("CreateThread")
                Unmanaged<ThreadBody>.fromOpaque(context).release()
                throw error
            }
            CloseHandle(thread)
        }
    }
#endif
