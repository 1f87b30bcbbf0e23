#if os(Windows)
    extension Platform {
        /// Nothing: Windows has no signal mask.
        package static func unblockSignals(_ signals: [Int32]) {}

        /// Nothing: Windows delivers no signals to close `fd` on. A waiting `start`'s console
        /// events (Ctrl+C, closing the window) are the console relay's business
        /// (`dk_win_console_install`), and the tool's keeper, which would watch `fd`, does not run
        /// on Windows (``supportsKeeper``).
        package static func closeOnSignals(_ fd: Int32, _ signals: [Int32]) {}

        /// Nil: Windows processes have no signal dispositions to read (their signals are
        /// Daemoniker's own, relayed through the sentinel).
        package static func signalDisposition(of pid: Int32, _ signal: Int32) -> SignalDisposition? { nil }
    }
#endif
