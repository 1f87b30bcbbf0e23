#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    extension Platform {
        /// The signals POSIX names, as (name without "SIG", number) on this OS.
        package static let signalTable: [(name: String, number: Int32)] = {
            var table: [(String, Int32)] = [
                ("HUP", SIGHUP), ("INT", SIGINT), ("QUIT", SIGQUIT), ("ILL", SIGILL), ("TRAP", SIGTRAP),
                ("ABRT", SIGABRT), ("BUS", SIGBUS), ("FPE", SIGFPE), ("KILL", SIGKILL), ("USR1", SIGUSR1),
                ("SEGV", SIGSEGV), ("USR2", SIGUSR2), ("PIPE", SIGPIPE), ("ALRM", SIGALRM), ("TERM", SIGTERM),
                ("CHLD", SIGCHLD), ("CONT", SIGCONT), ("STOP", SIGSTOP), ("TSTP", SIGTSTP), ("TTIN", SIGTTIN),
                ("TTOU", SIGTTOU), ("URG", SIGURG), ("XCPU", SIGXCPU), ("XFSZ", SIGXFSZ),
                ("VTALRM", SIGVTALRM),
                ("PROF", SIGPROF), ("WINCH", SIGWINCH), ("SYS", SIGSYS),
            ]
            #if os(Linux)
                table.append(("IO", SIGIO))
            #endif
            return table
        }()

        /// The numbers of the signals the library names, from the C headers.
        package static let standardSignals = StandardSignals(
            hangup: SIGHUP, interrupt: SIGINT, quit: SIGQUIT, abort: SIGABRT, kill: SIGKILL, user1: SIGUSR1,
            user2: SIGUSR2, brokenPipe: SIGPIPE, alarm: SIGALRM, terminate: SIGTERM, child: SIGCHLD,
            continue: SIGCONT, stop: SIGSTOP, terminalStop: SIGTSTP, windowChanged: SIGWINCH)
    }
#endif
