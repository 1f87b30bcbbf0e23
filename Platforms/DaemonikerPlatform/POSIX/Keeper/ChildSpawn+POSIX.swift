#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    extension Platform {
        /// Starts `path` as a child of this process with `posix_spawn`: `arguments` (the first is
        /// its name), `environment` (`NAME=VALUE`), every catchable signal (real-time ones, and on
        /// Linux the C library's own, which `posix_spawn` would otherwise leave ignored) at its
        /// default action and none blocked. Each `(from, to)` in `moves` makes descriptor `to` in
        /// the child an inheritable copy of `from`; the moves act as if made at once (each `from`
        /// is first copied above every `to`), so `to` may be `from` itself or another move's
        /// `from`. The child's pid. The error is `posix_spawn`'s, which includes the exec's
        /// (`ENOENT`, `EACCES`).
        package static func spawnChild(
            path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)]
        ) throws(SystemError) -> Int32 {
            // Copies made here, close-on-exec, where no `to` lies; closed again once spawned.
            var copies: [Int32] = []
            defer { for copy in copies { close(copy) } }
            let above = (moves.map(\.to).max() ?? 2) + 1
            for move in moves {
                copies.append(try duplicate(move.from, atLeast: above, closeOnExec: true))
            }
            #if os(Linux)
                var actions = posix_spawn_file_actions_t()
                var attributes = posix_spawnattr_t()
            #else
                var actions: posix_spawn_file_actions_t? = nil
                var attributes: posix_spawnattr_t? = nil
            #endif
            var result = posix_spawn_file_actions_init(&actions)
            guard result == 0 else { throw SystemError("start \(path)", code: result) }
            defer { posix_spawn_file_actions_destroy(&actions) }
            result = posix_spawnattr_init(&attributes)
            guard result == 0 else { throw SystemError("start \(path)", code: result) }
            defer { posix_spawnattr_destroy(&attributes) }
            for (copy, move) in zip(copies, moves) where result == 0 {
                result = posix_spawn_file_actions_adddup2(&actions, copy, move.to)
            }
            var defaults = sigset_t()
            var empty = sigset_t()
            sigemptyset(&defaults)
            sigemptyset(&empty)
            // SIGKILL and SIGSTOP cannot be caught: their action is always the default.
            for signal in 1..<dk_signal_limit() where signal != SIGKILL && signal != SIGSTOP {
                addToSignalSet(&defaults, signal)
            }
            if result == 0 { result = posix_spawnattr_setsigdefault(&attributes, &defaults) }
            if result == 0 { result = posix_spawnattr_setsigmask(&attributes, &empty) }
            if result == 0 {
                result = posix_spawnattr_setflags(
                    &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
            }
            guard result == 0 else { throw SystemError("prepare to start \(path)", code: result) }
            var pid: pid_t = 0
            result = withCStrings(arguments.map { Array($0.utf8) }) { argv in
                withCStrings(environment.map { Array($0.utf8) }) { envp in
                    posix_spawn(&pid, path, &actions, &attributes, argv, envp)
                }
            }
            guard result == 0 else { throw SystemError("start \(path)", code: result) }
            return pid
        }

        /// Always false: on POSIX the keeper ends its child's tree with signals (``Reaper``).
        package static func endChildTree(_ pid: Int32, graceMilliseconds: Int) -> Bool { false }
    }
#endif
