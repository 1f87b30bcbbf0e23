#if !os(Windows)
    import DaemonikerPlatform
    import Synchronization

    /// A pipe between a waiting `start` and its keeper: the launcher holds the write end, the
    /// keeper watches the read end. Interrupt, terminate and hangup to the launcher while it
    /// waits close the write end (the launcher then waits on, for the keeper's failure); the
    /// launcher's death closes it too. Either way the keeper sees the end of the pipe, stops the
    /// program, and fails the start, so that nothing is left.
    enum Lifeline {
        /// The environment variable that carries the read end's number to a relaunched keeper.
        static let variable = "DAEMONIKER_LIFELINE_FD"
        /// The launcher's write end, or -1 once closed.
        static let writeEnd = Atomic<Int32>(-1)

        /// In the launcher: creates the pipe, keeps the write end (close-on-exec; a forked
        /// daemon closes it with every other descriptor it does not keep) and catches the
        /// signals that are not ignored. In a relaunched keeper: the inherited read end. The
        /// read end, for the daemon's preserved descriptors; nil when there is none.
        static func make() -> Int32? {
            let inherited = Platform.environmentValue(variable)
            Platform.removeEnvironmentValue(variable)
            if Platform.environmentValue(RestartCommand.relaunchVariable) != nil {
                return inherited.flatMap { Int32($0) }.flatMap { Platform.isOpen($0) ? $0 : nil }
            }
            guard let pipe = try? Platform.pipe() else { return nil }
            writeEnd.store(pipe.write, ordering: .sequentiallyConsistent)
            // Caught even when the caller blocked them (a signal mask is inherited), as in `run`.
            var caught = sigset_t()
            sigemptyset(&caught)
            for number in [SIGINT, SIGTERM, SIGHUP] {
                let previous = signal(number, closeWriteEnd)
                // An ignored signal (a start in the background of a script) stays ignored.
                if let previous, unsafeBitCast(previous, to: Int.self) == 1 {
                    _ = signal(number, previous)
                } else {
                    sigaddset(&caught, number)
                }
            }
            pthread_sigmask(SIG_UNBLOCK, &caught, nil)
            Platform.setEnvironmentValue(variable, "\(pipe.read)")
            return pipe.read
        }

        /// In the keeper: whether the launcher has gone or was interrupted (the pipe has ended).
        static func isBroken(_ fd: Int32) -> Bool {
            (try? Platform.waitReadable(fd, milliseconds: 0)) == true
        }
    }

    /// The launcher's handler: closes the write end (async-signal-safe: an atomic exchange and
    /// `close`).
    private func closeWriteEnd(_ signal: Int32) {
        let fd = Lifeline.writeEnd.exchange(-1, ordering: .sequentiallyConsistent)
        if fd >= 0 { close(fd) }
    }
#endif
