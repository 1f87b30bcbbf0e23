#if !os(Windows)
    import Daemoniker
    import DaemonikerPlatform
    import Synchronization

    /// The program the keeper runs: started with `posix_spawn`, every signal at its default and
    /// none blocked, with the descriptors the readiness mode needs moved into place.
    ///
    /// Reaping and signalling go through one lock, so that a pid is never signalled once it has
    /// been reaped (the system may already have given it to another process).
    final class ChildProcess: Sendable {
        /// Its pid.
        let pid: Int32
        /// How it ended, once reaped.
        private let ended = Mutex<ExitStatus?>(nil)

        private init(pid: Int32) {
            self.pid = pid
        }

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

        /// Sends `signal` unless it has been reaped.
        func send(_ signal: Int32) {
            ended.withLock { status in
                if status == nil { _ = kill(pid, signal) }
            }
        }

        /// Whether it has been reaped.
        var isReaped: Bool { ended.withLock { $0 != nil } }

        /// Reaps it if it has ended; its status from then on. `ECHILD` (nothing left to reap)
        /// counts as ended, with an unknown status reported as 255.
        func poll() -> ExitStatus? {
            ended.withLock { status in
                if let status { return status }
                do throws(SystemError) {
                    status = try Platform.poll(child: pid)
                } catch {
                    if error.code == ECHILD { status = .exited(255) }
                }
                return status
            }
        }

        /// Waits until it ends.
        func wait() -> ExitStatus {
            while true {
                if let status = poll() { return status }
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
