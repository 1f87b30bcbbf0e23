#if os(Windows)
    extension Platform {
        /// Always throws `ERROR_NOT_SUPPORTED`: the tool's keeper, which runs a program as its
        /// child, is not built for Windows yet (``supportsKeeper`` is false, and the tool refuses
        /// `start` and `run` there). Detached starts go through `spawnDetached`.
        package static func spawnChild(
            path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)],
            pidVariable: String?
        ) throws(SystemError) -> Int32 {
            throw notSupported(
                "start \(path) as the keeper's child (the tool's keeper does not run on Windows)")
        }
    }
#endif
