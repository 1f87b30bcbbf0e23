#if os(Windows)
    extension Platform {
        /// The signals Daemoniker names, as (name without "SIG", number). Windows has no signals
        /// between processes; these numbers are Daemoniker's own there (Linux's, so a number means
        /// the same on both), carried by the sentinel relay and dispatched inside the daemon.
        package static let signalTable: [(name: String, number: Int32)] = [
            ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("BUS", 7), ("FPE", 8),
            ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14), ("TERM", 15),
            ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22), ("URG", 23),
            ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28), ("IO", 29), ("SYS", 31),
        ]

        /// The numbers of the signals the library names (Linux's, as in the table above).
        package static let standardSignals = StandardSignals(
            hangup: 1, interrupt: 2, quit: 3, abort: 6, kill: 9, user1: 10, user2: 12, brokenPipe: 13,
            alarm: 14, terminate: 15, child: 17, continue: 18, stop: 19, terminalStop: 20, windowChanged: 28)

        /// Kill: the one signal `kill` delivers directly (`TerminateProcess`).
        static let killSignal: Int32 = 9
        /// Signals whose POSIX default is to be ignored (child, continue, urgent data, window
        /// size) or to stop the process, which Windows cannot do: their default does nothing.
        static let harmlessByDefault: Set<Int32> = [17, 18, 19, 20, 21, 22, 23, 28]
    }
#endif
