#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import Synchronization

    extension Platform {
        /// Unblocks `signals` in the calling thread's signal mask (`pthread_sigmask`): a mask is
        /// inherited, and a caller that blocked them would leave them pending forever.
        package static func unblockSignals(_ signals: [Int32]) {
            var set = sigset_t()
            sigemptyset(&set)
            for signal in signals { sigaddset(&set, signal) }
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        }

        /// Makes each of `signals` close `fd`, once: the handler (installed with `signal`) takes
        /// the descriptor with an atomic exchange for -1 and closes it if it was still there, all
        /// async-signal-safe. A signal that is ignored now stays ignored (a start in the
        /// background of a script); the others are unblocked in the calling thread. One such
        /// descriptor per process: a second call replaces the first one's, without closing it
        /// (`fd` -1 with no signals disarms the handlers left in place).
        package static func closeOnSignals(_ fd: Int32, _ signals: [Int32]) {
            closedOnSignal.store(fd, ordering: .sequentiallyConsistent)
            var caught: [Int32] = []
            for number in signals {
                let previous = signal(number, closeDescriptorOnSignal)
                // SIG_IGN is 1 on every POSIX system; Swift does not import it everywhere.
                if let previous, unsafeBitCast(previous, to: Int.self) == 1 {
                    _ = signal(number, previous)
                } else {
                    caught.append(number)
                }
            }
            unblockSignals(caught)
        }

        /// What process `pid` does with `signal`, where the OS says (Linux: the `SigCgt`, `SigIgn`
        /// and `SigBlk` masks of `/proc/PID/status`); nil where it does not (macOS, FreeBSD) or
        /// the process cannot be read.
        package static func signalDisposition(of pid: Int32, _ signal: Int32) -> SignalDisposition? {
            guard signal > 0, signal <= 64, let masks = signalMasks(of: pid) else { return nil }
            let bit = UInt64(1) << UInt64(signal - 1)
            if masks.caught & bit != 0 { return .caught }
            if masks.ignored & bit != 0 { return .ignored }
            if masks.blocked & bit != 0 { return .blocked }
            return .byDefault
        }
    }

    /// The descriptor ``Platform/closeOnSignals(_:_:)`` closes, or -1 once closed.
    private let closedOnSignal = Atomic<Int32>(-1)

    /// The handler of ``Platform/closeOnSignals(_:_:)``.
    private func closeDescriptorOnSignal(_ signal: Int32) {
        let fd = closedOnSignal.exchange(-1, ordering: .sequentiallyConsistent)
        if fd >= 0 { _ = close(fd) }
    }
#endif
