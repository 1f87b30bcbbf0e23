import DaemonikerPlatform

/// The configuration steps every backend applies in the daemon, in daemon(7)'s order, so both
/// backends end in the same state.
enum DaemonSteps {
    /// What a backend has already done, and what it asks of the steps.
    struct Options {
        /// Detached backends reset signals and close inherited descriptors; `.foreground` keeps
        /// what its supervisor gave it (socket activation passes descriptors, for one).
        var detached: Bool
        /// Descriptors the backend itself needs kept (the pid-file lock, the readiness channel).
        var keep: [Int32]
        /// The service manager's socket, told STOPPING=1 at the end (foreground only).
        var notify: NotifySocket?
        /// Close only inherited descriptors (not close-on-exec): a relaunched daemon is a new
        /// process image, and what it opened itself before daemonize (Dispatch's event
        /// descriptors, for one) is its own, perhaps in use by another thread right now.
        var onlyInherited = false
        /// An upgrade's new generation: the pid file is written (by the old generation) and
        /// removed at exit only once it is ready, see `DaemonSession.takeOver`.
        var takesOverAtReady = false
    }

    /// In a detached daemon: the session for `strategy`, with the configuration applied, or
    /// the process ended with the error reported to the launcher.
    static func detachedSession(
        _ strategy: DaemonizationStrategy, _ validated: ValidatedConfiguration, lock: PIDFileLock?,
        reporter: ReadinessReporter, upgradedFrom: Int32? = nil, notify: NotifySocket? = nil
    ) -> DaemonSession {
        let session = DaemonSession(
            strategy: strategy, lock: lock, reporter: reporter, notify: notify, upgradedFrom: upgradedFrom)
        let keep = [lock?.descriptor, reporter.descriptor, notify?.fd].compactMap { $0 }
        do {
            try apply(
                validated, lock: lock,
                options: .init(
                    detached: true, keep: keep, notify: nil, onlyInherited: strategy == .relaunch,
                    takesOverAtReady: upgradedFrom != nil))
        } catch {
            session.fail(error)
        }
        return session
    }

    /// Applies the configuration: signals, descriptors, stdio, umask, root and working
    /// directory, group and user, core limit, pid file, exit cleanup. Throws what failed.
    static func apply(_ validated: ValidatedConfiguration, lock: PIDFileLock?, options: Options)
        throws(DaemonikerError)
    {
        let configuration = validated.configuration
        if options.detached {
            // Every disposition to default and the mask cleared, as daemon(7) asks; then what the
            // program itself set up with Signals before daemonize (under .relaunch it ran again
            // in this process) is installed again, and its wake-up pipe survives the closing.
            Platform.resetSignals()
            try Signals.reinstallAfterReset()
            do {
                let keep = options.keep + configuration.preservedDescriptors + Signals.descriptorsInUse
                if options.onlyInherited {
                    try Platform.closeInheritedDescriptors(except: keep)
                } else {
                    try Platform.closeDescriptors(except: keep)
                }
            } catch {
                throw DaemonikerError("close inherited descriptors", error)
            }
        }
        try redirect(0, to: validated.standardInput)
        try redirect(1, to: validated.standardOutput)
        try redirect(2, to: validated.standardError)
        Platform.lineBufferStandardOutput()
        Platform.setUmask(configuration.umask)
        // An upgrade's new generation runs in the root and as the user its old generation
        // switched to (a process started by it inherits both), and may not switch again.
        let identityInherited = options.takesOverAtReady
        if let root = configuration.rootDirectory, !identityInherited {
            do {
                try Platform.changeRoot(root)
            } catch {
                throw DaemonikerError(
                    error.isPermissionDenied ? .invalidConfiguration : .systemCallFailed,
                    "cannot chroot into \(root): \(error.reason); chroot needs root privileges")
            }
        }
        do {
            try Platform.changeDirectory(configuration.workingDirectory)
        } catch {
            throw DaemonikerError(
                .invalidConfiguration,
                "cannot change to working directory \(configuration.workingDirectory): \(error.reason)")
        }
        do {
            if !identityInherited {
                try Platform.dropPrivileges(user: validated.user, groupID: validated.groupID)
            }
        } catch {
            throw DaemonikerError(
                .invalidConfiguration,
                "cannot switch to user \(configuration.user ?? "-") / group \(configuration.group ?? "-"): \(error); switching needs root privileges"
            )
        }
        if !configuration.coreDumps {
            do {
                try Platform.disableCoreDumps()
            } catch {
                throw DaemonikerError("turn core dumps off", error)
            }
        }
        if let lock, !options.takesOverAtReady {
            try lock.write(pid: Platform.processID)
        }
        try startServices(validated, lock: options.takesOverAtReady ? nil : lock, notify: options.notify)
    }

    private static func redirect(_ target: Int32, to stream: StandardStream) throws(DaemonikerError) {
        let name = ["standard input", "standard output", "standard error"][Int(target)]
        switch stream {
        case .inherit: return
        case .sameAsOutput:
            do {
                try Platform.duplicate(1, onto: 2)
            } catch {
                throw DaemonikerError("point standard error at standard output", error)
            }
            return
        case .null:
            try open(Platform.nullDevice, .readWrite, onto: target, name: name)
        case .file(let path, let append):
            if target == 0 {
                try open(path, .readOnly, onto: target, name: name)
            } else {
                let mode = OpenMode.log(
                    append: append, followingLinks: try LogFile.followsLinks(path, name: name))
                try open(path, mode, onto: target, name: name)
            }
        }
    }

    private static func open(_ path: String, _ mode: OpenMode, onto target: Int32, name: String)
        throws(DaemonikerError)
    {
        do {
            let fd = try Platform.open(path, mode, permissions: 0o640)
            if fd != target {
                try Platform.duplicate(fd, onto: target)
                Platform.close(fd)
            }
        } catch {
            throw DaemonikerError(
                .invalidConfiguration, "\(name) file \(path) cannot be opened: \(error.reason)")
        }
    }

    /// Whether this daemon relays signals through a sentinel: always on Windows, on request on POSIX.
    static func relayWanted(_ configuration: Daemoniker) -> Bool {
        configuration.signalRelay ?? !Platform.deliversSignals
    }

    /// Starts what runs beside the daemon: the exit-time cleanup, the default signal actions
    /// and, when configured, the signal relay's sentinel.
    private static func startServices(
        _ validated: ValidatedConfiguration, lock: PIDFileLock?, notify: NotifySocket?
    ) throws(DaemonikerError) {
        let relay = relayWanted(validated.configuration)
        if relay && lock == nil {
            throw DaemonikerError(
                .invalidConfiguration,
                "the signal relay needs a pid file (the sentinel is recorded beside it); set pidFile or turn signalRelay off"
            )
        }
        if let lock, !relay {
            // This process holds the pid file's lock, so any record beside it is a leftover.
            SentinelRecord.removeLeftovers(forPIDFile: lock.path)
        }
        let record = relay ? lock.map { SentinelRecord.path(forPIDFile: $0.path) } : nil
        installCleanup(validated, lock: lock, sentinelRecord: record, notify: notify)
        if relay, let lock {
            _ = try SentinelRelay(pidFile: lock.path)
        }
    }

    /// Arranges the exit-time cleanup and the default signal actions: terminate, interrupt and
    /// abort remove the pid file and end the process by the signal itself; hangup reopens the log
    /// files.
    private static func installCleanup(
        _ validated: ValidatedConfiguration, lock: PIDFileLock?, sentinelRecord: String?,
        notify: NotifySocket?
    ) {
        Platform.configureCleanup(
            pidFile: lock?.path, lockFD: lock?.descriptor ?? -1, sentinelRecord: sentinelRecord,
            notify: notify)
        // Reopened as first opened: through a symbolic link only where nobody else can plant one.
        func reopen(_ path: String, onto target: Int32) {
            let follows = (try? LogFile.followsLinks(path, name: "log")) ?? false
            Platform.addReopenableLog(path, target: target, permissions: 0o640, followingLinks: follows)
        }
        if case .file(let path, _) = validated.standardOutput {
            reopen(path, onto: 1)
            if validated.standardError == .sameAsOutput { reopen(path, onto: 2) }
        }
        if case .file(let path, _) = validated.standardError { reopen(path, onto: 2) }
        // A handler the program set with Signals before daemonize stays in front of the action;
        // one another library installed (a Dispatch signal source, swift-service-lifecycle) is
        // left in place, and the exit-time cleanup still removes the pid file when it exits.
        let free = { (signal: Signal) in !Platform.hasForeignHandler(signal.rawValue) }
        for signal in [Signal.terminate, .interrupt].filter(free) {
            try? Signals.setActionKeepingHandlers(.cleanExit, for: signal)
        }
        // Abort's earlier handler is the Swift runtime's crash reporter: not a program's choice.
        try? Signals.setActionKeepingHandlers(.cleanExit, for: .abort)
        if free(.hangup) { try? Signals.setActionKeepingHandlers(.reopenLogs, for: .hangup) }
    }
}
