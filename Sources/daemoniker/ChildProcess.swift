#if !os(Windows)
    import Daemoniker
    import DaemonikerPlatform

    /// The program the keeper runs: started with `posix_spawn`, every signal at its default and
    /// none blocked, with the descriptors the readiness mode needs moved into place.
    struct ChildProcess: Sendable {
        /// Its pid.
        let pid: Int32

        /// Starts `path` with `arguments` (the first is its name) and `environment`; each
        /// `(from, to)` in `moves` makes descriptor `to` in the child a copy of `from`. Throws
        /// the `posix_spawn` error (which includes the exec's).
        static func spawn(
            path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)]
        ) throws(SystemError) -> ChildProcess {
            #if os(Linux)
                var actions = posix_spawn_file_actions_t()
                var attributes = posix_spawnattr_t()
            #else
                var actions: posix_spawn_file_actions_t? = nil
                var attributes: posix_spawnattr_t? = nil
            #endif
            posix_spawn_file_actions_init(&actions)
            posix_spawnattr_init(&attributes)
            defer {
                posix_spawn_file_actions_destroy(&actions)
                posix_spawnattr_destroy(&attributes)
            }
            for move in moves {
                posix_spawn_file_actions_adddup2(&actions, move.from, move.to)
            }
            var defaults = sigset_t()
            var empty = sigset_t()
            sigemptyset(&defaults)
            sigemptyset(&empty)
            for signal in Signal.all where signal.isCatchable {
                sigaddset(&defaults, signal.rawValue)
            }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
            let argv = arguments.map { strdup($0) } + [nil]
            let envp = environment.map { strdup($0) } + [nil]
            defer {
                for pointer in argv { free(pointer) }
                for pointer in envp { free(pointer) }
            }
            var pid: pid_t = 0
            let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            guard result == 0 else { throw SystemError("start \(path)", code: result) }
            return ChildProcess(pid: pid)
        }

        /// Sends `signal`, ignoring a child that is already gone.
        func send(_ signal: Int32) {
            _ = kill(pid, signal)
        }

        /// Reaps it if it has ended.
        func poll() -> ExitStatus? {
            try? Platform.poll(child: pid)
        }

        /// Waits until it ends.
        func wait() -> ExitStatus {
            while true {
                if let status = try? Platform.wait(for: pid) { return status }
                Platform.sleep(milliseconds: 10)
            }
        }

        /// Terminates it: `SIGTERM`, then `SIGKILL` after `graceMilliseconds`; reaps it.
        func stop(graceMilliseconds: Int64) -> ExitStatus {
            send(Signal.terminate.rawValue)
            let deadline = Platform.monotonicMilliseconds() + graceMilliseconds
            while Platform.monotonicMilliseconds() < deadline {
                if let status = poll() { return status }
                Platform.sleep(milliseconds: 10)
            }
            send(Signal.kill.rawValue)
            return wait()
        }
    }
#endif
