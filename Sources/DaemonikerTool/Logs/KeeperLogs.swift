import Daemoniker
import DaemonikerPlatform
import Synchronization

/// The keeper's side of COMMAND's logs, set up once before the first child starts.
///
/// With `--log` or `--error-log`, COMMAND's standard output and error are pipes: the keeper
/// writes what comes through them to the files line by line (``RotatingLog``), rotating them by
/// size with `--log-max-size`. The library has already opened the files as the keeper's own
/// standard output and error (with its rules for logs: appended to, mode 0640 less the umask,
/// opened before the switch to `--user`); the writers take those over. The keeper's own notes
/// (`daemoniker: ...`) go through the file that holds standard error, between COMMAND's lines.
/// A control socket lets `daemoniker logs --reopen` have the files opened anew, and `daemoniker
/// upgrade` ask for a new generation (with or without log files).
///
/// The keeper records its pid, the files and the socket beside the pid file
/// (``KeeperRecord``), where `daemoniker logs` finds them.
enum KeeperLogs {
    /// What was set up.
    private struct Setup: Sendable {
        var relay: OutputRelay?
        var notes: RotatingLog?
        var control: ControlListener?
        var pidFile: String?
        var record: KeeperRecord?
    }

    private static let setup = Mutex<Setup?>(nil)

    /// Sets the logs up for `options` and records them beside `pidFile`; the relay the readiness
    /// probe connects each child through, or nil when the keeper writes no log file. Bad input
    /// (exit 2) when a rotating log's directory is not writable for the keeper's user.
    static func start(_ options: LaunchOptions, pidFile: String?, wake: @escaping @Sendable () -> Void)
        throws(DaemonikerError) -> OutputRelay?
    {
        let logging = options.logging
        var relay: OutputRelay?
        var notes: RotatingLog?
        var control: ControlListener?
        if logging.writesFiles {
            let policy = logging.maxSize.map { RotationPolicy(maxSize: $0.bytes, keep: logging.keep) }
            if policy != nil {
                try checkRotatable(
                    [(logging.output, Int32(1)), (logging.error, 2)].compactMap { path, fd in
                        path.map { ($0, fd) }
                    },
                    options)
            }
            let shared = logging.error == nil
            let output = try logging.output.map { path throws(DaemonikerError) in
                try RotatingLog(
                    path: path, fd: takeOver(1, path), streams: shared ? 2 : 1, policy: policy,
                    timestamps: logging.timestamps, standardTargets: shared ? [1, 2] : [1])
            }
            let error = try logging.error.map { path throws(DaemonikerError) in
                try RotatingLog(
                    path: path, fd: takeOver(2, path), streams: 1, policy: policy,
                    timestamps: logging.timestamps, standardTargets: [2])
            }
            let sinks: [OutputSink?] = [
                output.map { .log($0, stream: 0) },
                error.map { .log($0, stream: 0) } ?? output.map { .log($0, stream: 1) },
            ]
            let logs = [output, error].compactMap { $0 }
            relay = OutputRelay(sinks: sinks, logs: logs)
            notes = error ?? output
        }
        // With or without log files where `upgrade` asks through it too (it finds the socket
        // in the record beside the pid file: without a pid file, nobody could).
        if logging.writesFiles || (Platform.supportsUpgrade && pidFile != nil) {
            do {
                let listener = try ControlListener()
                try ControlServer.start(listener, logs: relay?.logs ?? [], wake: wake)
                control = listener
            } catch {
                let line =
                    "no control socket (\(error)): daemoniker logs --reopen and upgrade cannot reach this keeper; a program started again with TMPDIR set to a short, writable directory can be"
                if let notes { notes.note(line) } else { Tool.note(line) }
            }
        }
        let record = KeeperRecord(
            keeper: Platform.processID, log: logging.output, errorLog: logging.error,
            keep: logging.maxSize != nil ? logging.keep : nil, control: control?.address)
        setup.withLock {
            $0 = Setup(relay: relay, notes: notes, control: control, pidFile: pidFile, record: record)
        }
        if let pidFile {
            do {
                try record.write(forPIDFile: pidFile)
            } catch {
                notes?.note(
                    "cannot record the logs in \(KeeperRecord.path(forPIDFile: pidFile)) (\(error)): daemoniker logs will not find them; let \(options.user ?? "this user") write \(Platform.directory(of: pidFile))"
                )
            }
        }
        return relay
    }

    /// A line of the keeper's own, written to the log that holds its standard error; false
    /// when there is none (then it goes to standard error as it is).
    static func note(_ line: String) -> Bool {
        guard let notes = setup.withLock({ $0?.notes }) else { return false }
        notes.note(line)
        return true
    }

    /// The relay COMMAND's output goes through, when the keeper reads it (log files); each
    /// generation an upgrade starts connects to it too.
    static var relay: OutputRelay? { setup.withLock { $0?.relay } }

    /// Records the generation now running (`upgrade`): its pid and number in the record beside
    /// the pid file.
    static func recordGeneration(pid: Int32, number: Int) {
        setup.withLock { setup in
            guard var current = setup, let pidFile = current.pidFile, var record = current.record else {
                return
            }
            record.program = pid
            record.generation = number
            current.record = record
            setup = current
            try? record.write(forPIDFile: pidFile)
        }
    }

    /// The keeper is ending: what COMMAND wrote last is written out (waiting up to a second for
    /// its pipes to end), the control socket is removed, and with `failed` (a start that failed)
    /// the record too. After a program that ran, the record stays, so that `logs` still finds
    /// its logs; the next start replaces it.
    static func end(failed: Bool) {
        guard let done = setup.withLock({ $0 }) else { return }
        done.relay?.drain(milliseconds: 1000)
        done.control?.shutDown()
        if failed, let pidFile = done.pidFile { KeeperRecord.remove(forPIDFile: pidFile) }
    }

    /// A close-on-exec copy of the keeper's standard descriptor `fd`, which the library opened
    /// on the log at `path`, for its writer.
    private static func takeOver(_ fd: Int32, _ path: String) throws(DaemonikerError) -> Int32 {
        do {
            return try Platform.duplicate(fd, atLeast: 3, closeOnExec: true)
        } catch {
            throw DaemonikerError(.systemCallFailed, "cannot take over the log \(path): \(error)")
        }
    }

    /// Refuses rotation of what is not a regular file (`/dev/null`, a terminal: renaming it
    /// would be harmful), and where the keeper's user may not rename and create files: it runs
    /// as `--user` when given, while the library opened the files (the keeper's descriptors
    /// `fd`) before switching to it.
    private static func checkRotatable(_ logs: [(path: String, fd: Int32)], _ options: LaunchOptions)
        throws(DaemonikerError)
    {
        for (path, fd) in logs {
            if let info = try? Platform.info(ofDescriptor: fd), !info.isRegular {
                throw DaemonikerError(
                    .invalidConfiguration,
                    "\(LogOptions.maxSize.flag): \(path) is not a regular file, and only files are rotated (renaming it would move it away for everyone); leave out \(LogOptions.maxSize.flag) for it"
                )
            }
            let directory = Platform.directory(of: path)
            guard !Platform.isWritable(directory) else { continue }
            let user = options.user.map { "user \($0)" } ?? "this user"
            throw DaemonikerError(
                .invalidConfiguration,
                "\(LogOptions.maxSize.flag): the keeper runs as \(user) and rotates \(path) by renaming it and creating a new one in \(directory), which \(user) may not write; make \(directory) writable by \(user), choose a log in a directory it may write, or leave out \(LogOptions.maxSize.flag)"
            )
        }
    }
}
