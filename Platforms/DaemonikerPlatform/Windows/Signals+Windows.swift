#if os(Windows)
    import CDaemonikerShim
    import Synchronization
    import WinSDK

    /// What a signal does in this process. Windows delivers no signals to a detached process, so
    /// these are Daemoniker's own dispositions, applied by `raiseInProcess` when the sentinel
    /// relay (or the process itself) raises a signal.
    private enum SignalAction: Sendable {
        /// POSIX's default: end the process with 128 + signal, or nothing for the signals in
        /// `harmlessByDefault`.
        case system
        /// Nothing happens.
        case ignore
        /// Clean up and exit with 128 + signal.
        case cleanExit
        /// Reopen the log files.
        case reopenLogs
        /// Write the signal's number as one byte to this handle (the dispatcher's wake-up pipe).
        case wake(Int32)
    }

    /// What the daemon undoes when it ends, and what each signal does.
    private struct ProcessState: Sendable {
        /// The pid file to remove, while it is still the locked file.
        var pidFile: String?
        /// The locked pid file's identity, to recognise it at its path.
        var lockIdentity: FileInfo?
        /// The file beside the pid file that names the sentinel.
        var sentinelRecord: String?
        /// Log files a hangup reopens, with the standard handle (1 or 2) each goes to.
        var logs: [(path: String, target: Int32, followingLinks: Bool)] = []
        /// Signals whose action is not `.system`.
        var actions: [Int32: SignalAction] = [:]
        /// Whether the cleanup has run.
        var cleaned = false
        /// Whether the cleanup is registered with `atexit`.
        var registered = false
    }

    /// The one `ProcessState` of this process.
    private let processState = Mutex(ProcessState())

    extension Platform {
        /// Records what the daemon undoes when it ends (at exit, and in Daemoniker's default
        /// terminate / interrupt / abort action). `notify` is always nil on Windows.
        package static func configureCleanup(
            pidFile: String?, lockFD: Int32, sentinelRecord: String?, notify: NotifySocket?
        ) {
            var identity: FileInfo?
            if lockFD >= 0 { identity = try? info(ofDescriptor: lockFD) }
            let register = processState.withLock { state -> Bool in
                state.pidFile = identity == nil ? nil : pidFile
                state.lockIdentity = identity
                state.sentinelRecord = sentinelRecord
                state.cleaned = false
                defer { state.registered = true }
                return !state.registered
            }
            if register { atexit { Platform.runCleanup() } }
        }

        /// Adds a log file a hangup reopens onto `target` (1 or 2). `permissions` is ignored.
        package static func addReopenableLog(
            _ path: String, target: Int32, permissions: UInt32, followingLinks: Bool
        ) {
            processState.withLock { $0.logs.append((path, target, followingLinks)) }
        }

        /// Runs the daemon's cleanup now: removes the pid file (only while its path is still the
        /// locked file) and the sentinel record. Idempotent.
        package static func runCleanup() {
            let work = processState.withLock { state -> ProcessState? in
                if state.cleaned { return nil }
                state.cleaned = true
                return state
            }
            guard let work else { return }
            if let pidFile = work.pidFile, let identity = work.lockIdentity,
                let now = try? info(ofPath: pidFile),
                now.isSameFile(as: identity)
            {
                try? unlink(pidFile)
            }
            if let sentinelRecord = work.sentinelRecord { try? unlink(sentinelRecord) }
            dk_win_console_cleanup_done()
        }

        /// Reopens the configured log files in append mode onto their standard handles.
        package static func reopenLogs() {
            for log in processState.withLock({ $0.logs }) {
                guard let fd = try? open(log.path, .log(append: true, followingLinks: log.followingLinks))
                else { continue }
                try? duplicate(fd, onto: log.target)
                close(fd)
            }
        }

        /// Makes `signal`, when raised, run the clean-up and exit with 128 + signal.
        package static func installCleanExit(_ signal: Int32) throws(SystemError) {
            setAction(.cleanExit, for: signal)
        }

        /// Exits with 128 + `signal` at once: a Windows process cannot end by a signal. Runs no
        /// clean-up. A service ended by the terminate (or interrupt) a stop asked for exits 0,
        /// its normal end (`dk_win_service_signal_exit_code`).
        package static func exitBySignal(_ signal: Int32) -> Never {
            exitImmediately(Int32(bitPattern: dk_win_service_signal_exit_code(signal)))
        }

        /// Makes `signal`, when raised, reopen the log files.
        package static func installLogReopening(_ signal: Int32) throws(SystemError) {
            setAction(.reopenLogs, for: signal)
        }

        /// Makes `signal`, when raised, only write its number to `wakeFD`.
        /// Interrupt (2) and terminate (15) also arrive from the console: Ctrl+C and Ctrl+Break as
        /// interrupt; closing the console, log-off and shutdown as terminate (`dk_win_console_install`,
        /// which waits up to ``consoleGraceMilliseconds`` for the clean-up before Windows ends the
        /// process).
        package static func installWakeHandler(_ signal: Int32, wakeFD: Int32) throws(SystemError) {
            setAction(.wake(wakeFD), for: signal)
            if signal == 2 || signal == 15 {
                let wake = try validHandle(wakeFD, "install the console control handler")
                if dk_win_console_install(Int(bitPattern: wake), consoleGraceMilliseconds) != 0 {
                    throw SystemError("install the console control handler")
                }
            }
        }

        /// How long a close, log-off or shutdown event waits for the clean-up.
        static let consoleGraceMilliseconds: UInt32 = 5_000

        /// Sets `signal` to the POSIX default (`ignore == false`) or to ignored.
        package static func setDisposition(_ signal: Int32, ignore: Bool) throws(SystemError) {
            setAction(ignore ? .ignore : .system, for: signal)
        }

        /// The POSIX default: Windows has no other owner of these signals to give them back to.
        package static func restoreOriginalAction(_ signal: Int32) throws(SystemError) {
            setAction(.system, for: signal)
        }

        /// Every signal back to the POSIX default (what `resetSignals` does on Windows).
        static func resetDispositions() {
            processState.withLock { $0.actions = [:] }
        }

        /// Records `action` for `signal`.
        private static func setAction(_ action: SignalAction, for signal: Int32) {
            processState.withLock { $0.actions[signal] = action }
        }

        /// Carries out `signal` in this process as its disposition says, exactly as the relay
        /// does when the sentinel reports it.
        package static func raiseInProcess(_ signal: Int32) {
            switch processState.withLock({ $0.actions[signal] }) ?? .system {
            case .ignore:
                return
            case .wake(let fd):
                try? write(fd, [UInt8(truncatingIfNeeded: signal)])
            case .reopenLogs:
                reopenLogs()
            case .cleanExit:
                runCleanup()
                exitBySignal(signal)
            case .system:
                if harmlessByDefault.contains(signal) { return }
                exitBySignal(signal)
            }
        }

        /// A relayed signal ends the sentinel with exit code `0xDA000000 | signal`; this is that
        /// tag, as the bit pattern of the `DWORD`.
        package static var relayExitBase: Int32 { Int32(bitPattern: 0xDA00_0000) }

        /// The environment variable that makes the executable a sentinel (read by windows_sentinel.c).
        package static var sentinelVariable: String { "DAEMONIKER_SENTINEL" }

        /// The signal a sentinel's end relayed (`0xDA000000 | signal`, `dk_win_relay_decode`), or
        /// nil when it ended any other way: its daemon gone, stopped, crashed or killed by hand.
        package static func relayedSignal(from status: ExitStatus) -> Int32? {
            guard case .exited(let code) = status else { return nil }
            let signal = dk_win_relay_decode(UInt32(bitPattern: code))
            return signal == 0 ? nil : signal
        }

        /// Windows has no signal a sentinel could answer and stay: each relayed signal ends it.
        package static var relayAnswersInPlace: Bool { false }

        /// Relays `signal` to the daemon whose sentinel is `pid` (`dk_win_relay_send`): ends the
        /// sentinel with `0xDA000000 | signal`, waits for it to end and reads the exit code back,
        /// so a sentinel that had already ended, or ended some other way, is told apart without
        /// relying on what `TerminateProcess` reports. Senders are serialised by the library's
        /// lock file. `token` and `inPlace` are unused on Windows: only the tagged exit code
        /// carries a relay. A relay that was not ours throws "no such process"
        /// (`isNoSuchProcess`), as on POSIX.
        package static func relaySignal(_ signal: Int32, toSentinel pid: Int32, token: Int32, inPlace: Bool)
            throws(SystemError)
        {
            let result = dk_win_relay_send(UInt32(bitPattern: pid), signal, lockTimeoutMilliseconds)
            if result < 0 { throw SystemError("end the signal sentinel \(pid)") }
            if result != DK_WIN_RELAY_DELIVERED {
                throw SystemError("end the signal sentinel \(pid)", code: SystemError.noSuchProcessCode)
            }
        }
    }
#endif
