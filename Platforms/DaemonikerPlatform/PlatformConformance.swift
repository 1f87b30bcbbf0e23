// The contract between the platform-neutral library and each OS's layer, declared once.
//
// Every OS folder (POSIX/, Windows/) defines `Platform`, `SystemError`, `OpenMode`,
// `NotifySocket`, `NotifyListener` and `ControlListener` in whole-file `#if` blocks, and the
// conformances at the bottom of this file make the compiler check, for whichever OS it builds,
// that the layer provides every member below with exactly this signature. The library calls
// nothing else: the platform stage in CI type-checks the library against the Windows, macOS and
// FreeBSD layers, so a member that one OS lacks, or declares differently, fails the build for
// that OS.
//
// Descriptors are `Int32` everywhere: file descriptors on POSIX, `HANDLE` values on Windows
// (which keeps them within 32 bits), with 0, 1 and 2 the standard streams.

/// What every OS's `Platform` provides. All requirements are static: `Platform` is a namespace.
package protocol PlatformContract {
    // MARK: Identity of the OS

    /// The OS's name for messages ("Linux", "Windows").
    static var name: String { get }
    /// Whether the OS has `fork` at all (`.fork` is refused where it has not).
    static var hasFork: Bool { get }
    /// Whether `.automatic` may detach by forking without exec: false on Windows, which has no
    /// fork, and on Darwin, whose frameworks do not support a forked child that goes on running
    /// without exec.
    static var detachesByForking: Bool { get }
    /// Whether the OS can deliver signals to a detached process. Where it cannot (Windows), the
    /// sentinel relay is always on.
    static var deliversSignals: Bool { get }
    /// Whether the OS has users, groups and `chroot` the way POSIX has them.
    static var switchesAccounts: Bool { get }

    // MARK: Descriptors

    /// Opens `path`.
    static func open(_ path: String, _ mode: OpenMode, permissions: UInt32) throws(SystemError) -> Int32
    /// Closes `fd`, ignoring errors.
    static func close(_ fd: Int32)
    /// Reads at most `count` bytes; empty at end of file.
    static func read(_ fd: Int32, upTo count: Int) throws(SystemError) -> [UInt8]
    /// Reads until end of file.
    static func readAll(_ fd: Int32) throws(SystemError) -> [UInt8]
    /// One readiness-channel frame: `kind`, the payload's length (4 bytes, big-endian), then
    /// `payload`; encoded by the C shim's `dk_frame_encode`, as every other frame is.
    static func encodeFrame(kind: UInt8, payload: [UInt8]) -> [UInt8]
    /// Writes all of `bytes`.
    static func write(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError)
    /// Writes all of `bytes` without the process dying when the reader is gone.
    static func writeWithoutBrokenPipeSignal(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError)
    /// Puts the null device on any of the standard descriptors that is closed.
    static func fillStandardDescriptors()
    /// Truncates the file to nothing.
    static func truncate(_ fd: Int32) throws(SystemError)
    /// Replaces the whole content of the file.
    static func replaceContents(_ fd: Int32, with bytes: [UInt8]) throws(SystemError)
    /// Writes all of `bytes` at `offset`, leaving the file position and the rest of the file alone.
    static func write(_ fd: Int32, _ bytes: [UInt8], at offset: Int64) throws(SystemError)
    /// The whole content of the file, from its start.
    static func contents(_ fd: Int32, upTo limit: Int) throws(SystemError) -> [UInt8]
    /// A pipe whose ends are not inherited by children.
    static func pipe() throws(SystemError) -> (read: Int32, write: Int32)
    /// Whether children inherit `fd` (false: they do).
    static func setCloseOnExec(_ fd: Int32, _ on: Bool)
    /// Whether reads and writes on `fd` return at once instead of waiting.
    static func setNonBlocking(_ fd: Int32, _ on: Bool)
    /// Whether `fd` is open.
    static func isOpen(_ fd: Int32) -> Bool
    /// Makes `to` refer to what `from` refers to.
    static func duplicate(_ from: Int32, onto to: Int32) throws(SystemError)
    /// Waits up to `milliseconds` (-1: forever) for `fd` to be readable.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) throws(SystemError) -> Bool
    /// What the open file is.
    static func info(ofDescriptor fd: Int32) throws(SystemError) -> FileInfo
    /// What is at `path`, without following a final symbolic link.
    static func info(ofPath path: String) throws(SystemError) -> FileInfo
    /// A file holding `bytes` with no name in any directory (``FileInfo/links`` 0 for it), so
    /// that nothing of it outlives the last process holding it, however that process ends; not
    /// inherited by children unless a spawn lists it. Linux: `memfd_create`; macOS, FreeBSD: a
    /// `mkstemp` file in the temporary directory, unlinked at once; Windows: a delete-on-close
    /// file there, marked for deletion at once.
    static func anonymousFile(containing bytes: [UInt8]) throws(SystemError) -> Int32

    // MARK: Locks

    /// Takes the exclusive lock on the file without waiting; false when another holds a lock (on
    /// Windows also while another start is under way; the launcher then holds a second "starting"
    /// byte until ``finishHandOver(_:)`` or ``unlock(_:)``).
    static func tryLockExclusive(_ fd: Int32) throws(SystemError) -> Bool
    /// Whether no other process holds the lock, without waiting: POSIX takes a shared lock (the
    /// caller unlocks it); Windows probes for an instant and holds nothing. False when a daemon
    /// holds it (on Windows also while a start is under way).
    static func tryLockShared(_ fd: Int32) throws(SystemError) -> Bool
    /// Releases this process's lock on the file.
    static func unlock(_ fd: Int32)
    /// The launcher's half of handing the lock to a relaunched daemon, just before starting it.
    static func handOverLock(_ fd: Int32)
    /// The relaunched daemon's half: it holds the lock through its inherited `fd` from now on.
    static func takeOverLock(_ fd: Int32) throws(SystemError)
    /// The launcher's last step, once the daemon has said it holds the lock.
    static func finishHandOver(_ fd: Int32)
    /// The pids that took a lock on `file`; nil where the OS does not say.
    static func lockHolders(of file: FileInfo) -> [Int32]?
    /// Exchanges the files at two paths atomically; throws where the OS cannot.
    static func exchange(_ first: String, _ second: String) throws(SystemError)

    // MARK: Files and paths

    /// Removes the file at `path`.
    static func unlink(_ path: String) throws(SystemError)
    /// Renames `from` to `to`, replacing `to`.
    static func rename(_ from: String, to: String) throws(SystemError)
    /// Creates a directory only its owner can use when `permissions` is 0o700.
    static func makeDirectory(_ path: String, permissions: UInt32) throws(SystemError)
    /// Sets the permission bits of the open file (nothing where the OS has none).
    static func setPermissions(_ fd: Int32, _ permissions: UInt32) throws(SystemError)
    /// The directory part of `path`.
    static func directory(of path: String) -> String
    /// `path` made absolute against the current directory, before anything detaches.
    static func absolutePath(_ path: String) -> String
    /// `path` with every symbolic link resolved; nil when that cannot be said.
    static func resolvedPath(_ path: String) -> String?
    /// The current working directory.
    static func currentDirectory() -> String
    /// The directory for temporary files.
    static var temporaryDirectory: String { get }
    /// The per-user runtime directory (`XDG_RUNTIME_DIR`), if there is one.
    static var runtimeDirectory: String? { get }
    /// The null device's path.
    static var nullDevice: String { get }
    /// Whether `path` is a directory.
    static func isDirectory(_ path: String) -> Bool
    /// Writes `text` to standard error, ignoring errors.
    static func writeStandardError(_ text: String)

    // MARK: The executable and its environment

    /// The running executable's real path.
    static func executablePath() throws(SystemError) -> String
    /// The arguments the process was started with, as bytes.
    static func rawArguments() -> [[UInt8]]
    /// The value of an environment variable.
    static func environmentValue(_ name: String) -> String?
    /// Sets an environment variable.
    static func setEnvironmentValue(_ name: String, _ value: String)
    /// Removes an environment variable.
    static func removeEnvironmentValue(_ name: String)
    /// The environment as `NAME=VALUE` byte strings.
    static func rawEnvironment() -> [[UInt8]]
    /// `count` bytes from the OS's cryptographic random source.
    static func randomBytes(_ count: Int) -> [UInt8]

    // MARK: Processes

    /// This process's id.
    static var processID: Int32 { get }
    /// The effective user (0 on Windows: "this user").
    static var effectiveUserID: UInt32 { get }
    /// How many threads the process runs, or nil when the OS does not say.
    static func threadCount() -> Int?
    /// The double fork of daemon(7), in C (`dk_detach`), for a process that goes on without exec:
    /// true in the daemon (a new session, not its leader; its pid already sent to `reportFD` as
    /// a 'P' frame), false in the original process once the intermediate child is reaped. A
    /// failed `setsid` or second fork reaches `reportFD` as a 'D' frame (errno). Windows has no
    /// fork: it always throws there.
    static func detach(reportFD: Int32) throws(SystemError) -> Bool
    /// Ends the process at once, without exit handlers.
    static func exitImmediately(_ code: Int32) -> Never
    /// Ends the process after exit handlers and flushing.
    static func exitProcess(_ code: Int32) -> Never
    /// Waits for the child `pid` to end.
    static func wait(for pid: Int32) throws(SystemError) -> ExitStatus
    /// Reaps the child `pid` if it has ended; nil while it runs.
    static func poll(child pid: Int32) throws(SystemError) -> ExitStatus?
    /// Sends `signal` to `pid` (0: checks that it exists). Windows has only 0 and 9 (ends the
    /// process); any other signal goes through the sentinel relay.
    static func kill(_ pid: Int32, _ signal: Int32) throws(SystemError)
    /// The parent's pid and the name of process `pid`; nil when the OS does not say.
    static func processIdentity(_ pid: Int32) -> (parent: Int32, name: String)?
    /// Sends `signal` to `pid` if it holds `file` open; false, sending nothing, when it is known
    /// not to (a pid file rewritten to name another process). Where that cannot be told: a plain
    /// `kill`.
    static func signalHolder(_ pid: Int32, of file: FileInfo, signal: Int32) throws(SystemError) -> Bool
    /// Whether `pid` exists (a zombie not yet reaped does); whether it runs is
    /// ``processIsAlive(_:)``.
    static func processExists(_ pid: Int32) -> Bool
    /// Whether `pid` has ended, even if not yet reaped (a zombie has ended; false when unknown).
    static func processHasEnded(_ pid: Int32) -> Bool
    /// When `pid` started, in seconds since 1970; nil when the OS does not say.
    static func processStartTime(_ pid: Int32) -> Int64?
    /// The effective user of `pid`; nil when the OS does not say.
    static func processOwner(_ pid: Int32) -> UInt32?
    /// Waits up to `milliseconds` for `pid` to have ended (a zombie has); whether it has.
    static func waitUntilGone(_ pid: Int32, milliseconds: Int) -> Bool
    /// A monotonic clock in milliseconds.
    static func monotonicMilliseconds() -> Int64
    /// Sleeps.
    static func sleep(milliseconds: Int)
    /// Starts a thread running `body`.
    static func startThread(_ body: @escaping @Sendable () -> Void) throws(SystemError)

    // MARK: Whether a process runs, and ending by a signal

    /// Whether `pid` runs: it exists and has not ended. A zombie (ended, not yet reaped by its
    /// parent) has ended; a process this user may not inspect counts as running. Every check of
    /// whether a daemon, a lock's holder or a sentinel is alive asks this.
    static func processIsAlive(_ pid: Int32) -> Bool
    /// Ends this process by `signal` itself, so that its parent (a service manager) sees it
    /// killed by that signal rather than exiting with a status: the default action restored, the
    /// signal unblocked and raised, without a core dump. Runs no clean-up: the caller has. Where
    /// the process survives that (PID 1 of a pid namespace; a signal whose default ignores or
    /// stops) and on Windows, which has no death by a signal, it exits with 128 + `signal`.
    static func exitBySignal(_ signal: Int32) -> Never

    // MARK: The daemon's steps

    /// Closes every descriptor but `keep` and the standard ones (nothing on Windows, where a
    /// started process inherits only the handles listed for it).
    static func closeDescriptors(except keep: [Int32]) throws(SystemError)
    /// Closes every descriptor but `keep` that is not close-on-exec (the inherited ones).
    static func closeInheritedDescriptors(except keep: [Int32]) throws(SystemError)
    /// Resets every signal's disposition and the signal mask.
    static func resetSignals()
    /// Sets the file-creation mask.
    static func setUmask(_ mask: UInt32)
    /// Changes the working directory.
    static func changeDirectory(_ path: String) throws(SystemError)
    /// Changes the root directory.
    static func changeRoot(_ path: String) throws(SystemError)
    /// The user called `name`.
    static func user(named name: String) -> UserRecord?
    /// The group called `name`.
    static func groupID(named name: String) -> UInt32?
    /// Switches to the user and group for good.
    static func dropPrivileges(user: UserRecord?, groupID: UInt32?) throws(SystemError)
    /// Stops the process from leaving core dumps (or crash dialogs).
    static func disableCoreDumps() throws(SystemError)
    /// Flushes the C standard streams.
    static func flushStandardStreams()
    /// Makes standard output line-buffered (unbuffered on Windows, whose C runtime has no line
    /// buffering).
    static func lineBufferStandardOutput()

    // MARK: Signals, clean-up and the relay

    /// The signals the OS knows, by name; Daemoniker's own numbering where the OS has none.
    static var signalTable: [(name: String, number: Int32)] { get }
    /// The numbers of the signals the library names (on Windows, Daemoniker's own).
    static var standardSignals: StandardSignals { get }
    /// Records what the daemon undoes when it ends.
    static func configureCleanup(
        pidFile: String?, lockFD: Int32, sentinelRecord: String?, notify: NotifySocket?)
    /// Adds a log file that a hangup reopens onto `target` (1 or 2).
    static func addReopenableLog(_ path: String, target: Int32, permissions: UInt32, followingLinks: Bool)
    /// Runs the clean-up now (idempotent).
    static func runCleanup()
    /// Reopens the log files now.
    static func reopenLogs()
    /// Makes `signal` run the clean-up and then end the process by `signal` (``exitBySignal(_:)``),
    /// with no thread.
    static func installCleanExit(_ signal: Int32) throws(SystemError)
    /// Makes `signal` reopen the log files, with no thread.
    static func installLogReopening(_ signal: Int32) throws(SystemError)
    /// A handler that only writes the signal's number to `wakeFD`.
    static func installWakeHandler(_ signal: Int32, wakeFD: Int32) throws(SystemError)
    /// The OS's default action (false) or ignoring the signal (true).
    static func setDisposition(_ signal: Int32, ignore: Bool) throws(SystemError)
    /// The action `signal` had before Daemoniker first changed it (a handler someone else
    /// installed, which Daemoniker's own handlers call first), or the OS default.
    static func restoreOriginalAction(_ signal: Int32) throws(SystemError)
    /// Delivers `signal` to this process as if the OS had.
    static func raiseInProcess(_ signal: Int32)
    /// Whether `signal` runs a handler someone else installed (a library, the program).
    static func hasForeignHandler(_ signal: Int32) -> Bool
    /// Sends `message` to the service manager configured for the cleanup; false if none.
    @discardableResult static func notifyServiceManager(_ message: String) -> Bool
    /// Records that the service manager was told `READY=1` (no reload is announced before); on
    /// Windows, reports `SERVICE_RUNNING` to the service control manager when this process runs
    /// as a service (``startService()``).
    static func markServiceReady()
    /// Whether the OS has the Windows service control manager (only Windows).
    static var hasServiceControlManager: Bool { get }
    /// Connects to the Windows service control manager when it started this process: true from
    /// then on (`SERVICE_START_PENDING` with a rising checkpoint until ``markServiceReady()``;
    /// stop, shutdown and pre-shutdown raise terminate, a parameter change hangup, through
    /// ``raiseInProcess(_:)``; the exit code is reported when the process ends through
    /// ``exitProcess(_:)``, ``exitImmediately(_:)`` or ``exitBySignal(_:)``); false when it did not
    /// start this process. Always false where there is none.
    static func startService() throws(SystemError) -> Bool
    /// Sends `RELOADING=1` and `MONOTONIC_USEC=` to that service manager; false if none or
    /// not ready yet.
    @discardableResult static func notifyReloading() -> Bool
    /// The environment variable that makes the executable a sentinel before any user code runs.
    static var sentinelVariable: String { get }
    /// Whether the sentinel answers each relayed signal and stays (true), or ends with each one so
    /// that the daemon starts the next (false).
    static var relayAnswersInPlace: Bool { get }
    /// Relays `signal` through the sentinel `pid`. To one that answers in place (`inPlace`, Linux
    /// and FreeBSD), a queued real-time signal carrying `token` and `signal`; to one that ends
    /// with the signal, `signal` itself carrying `token` (macOS: plainly); Windows ends it with a
    /// tagged exit code.
    static func relaySignal(_ signal: Int32, toSentinel pid: Int32, token: Int32, inPlace: Bool)
        throws(SystemError)
    /// The relayed signal a sentinel's ending carries, or nil for any other ending.
    static func relayedSignal(from status: ExitStatus) -> Int32?

    // MARK: Starting processes

    /// Starts `path` with `arguments` detached from this process (no session leader, no
    /// terminal), with only `inherit` passed on (on Windows the standard streams too reach the
    /// child only when listed there). The child's pid reaches `reportFD` as a 'P' frame before
    /// the child runs any of the program, on every OS, so the started program need not send it.
    /// Exec failures are reported to `reportFD` ('X', errno) where the OS reports them late.
    static func spawnDetached(
        path: String, arguments: [[UInt8]], environment: [[UInt8]], inherit: [Int32], reportFD: Int32
    ) throws(SystemError)
    /// Starts a sentinel child: `path` in sentinel mode, blocked on `waitFD` (POSIX) or on this
    /// process (Windows). `readyFD` (the write end of a pipe) gets one byte once the sentinel can
    /// be relayed through, then one byte, the signal, for each relayed signal it answers in place;
    /// the read end sees end-of-file once the sentinel has ended (on Windows, at once after the
    /// first byte: wait for the sentinel itself). Returns its pid.
    static func spawnSentinel(
        path: String, arguments: [[UInt8]], environment: [[UInt8]], waitFD: Int32, readyFD: Int32
    ) throws(SystemError) -> Int32

    // MARK: The tool's keeper

    /// What process `pid` does with `signal` (a handler, ignored, the default action), where the
    /// OS lets another process read it; nil where it does not (macOS, FreeBSD, Windows).
    static func signalDisposition(of pid: Int32, _ signal: Int32) -> SignalDisposition?

    /// Whether the tool's keeper can run a program as its child here (false on Windows).
    static var supportsKeeper: Bool { get }
    /// Whether the keeper can start a program's next generation beside the running one and hand
    /// it the listening sockets by number (`daemoniker upgrade`; false on Windows, whose sockets
    /// are not inherited by number).
    static var supportsUpgrade: Bool { get }
    /// Starts `path` as a child of this process with `arguments` (the first is its name) and
    /// `environment` (`NAME=VALUE`), every catchable signal at its default action and none
    /// blocked; each `(from, to)` in `moves` makes descriptor `to` in the child a copy of `from`
    /// (dup2 semantics: the copy is inheritable). With `pidVariable` (systemd's `LISTEN_PID`),
    /// the child sets that variable to its own pid between fork and exec (POSIX). The child's
    /// pid, once it has exec'd. The error includes the exec's. Windows: the child runs in a job
    /// object that ends with this process, and only moves onto 0, 1 and 2 exist there; a
    /// `pidVariable` is refused (not supported).
    static func spawnChild(
        path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)],
        pidVariable: String?
    ) throws(SystemError) -> Int32
    /// Stops a child ``spawnChild(path:arguments:environment:moves:)`` started, and its tree, the
    /// OS's own way where that is not a signal: Windows escalates Ctrl+C, WM_CLOSE, then ends its
    /// job, each step given `graceMilliseconds`; true once it has ended. POSIX: always false (the
    /// keeper sends signals to the process group instead).
    static func endChildTree(_ pid: Int32, graceMilliseconds: Int) -> Bool
    /// A duplicate of `fd` at the lowest free number not below `minimum`, close-on-exec when
    /// `closeOnExec` (Windows: a handle value not below `minimum`, inheritable unless
    /// `closeOnExec`).
    static func duplicate(_ fd: Int32, atLeast minimum: Int32, closeOnExec: Bool) throws(SystemError) -> Int32
    /// Whether `fd` is a terminal (Windows: a console).
    static func isTerminal(_ fd: Int32) -> Bool
    /// Unblocks `signals` in the calling thread's signal mask (nothing on Windows, which has
    /// none).
    static func unblockSignals(_ signals: [Int32])
    /// Makes each of `signals` close `fd` (once, async-signal-safe: an atomic exchange and
    /// close) and unblocks it — except a signal that is ignored now, which stays ignored. One
    /// such descriptor per process; -1 (with no signals) disarms it, as a forked child that closed
    /// the descriptor must. Nothing on Windows, which delivers no signals.
    static func closeOnSignals(_ fd: Int32, _ signals: [Int32])
    /// Whether `path` is a regular file this user may execute (Windows: exists and is not a
    /// directory).
    static func isExecutableFile(_ path: String) -> Bool
    /// What separates the entries of `PATH` (`:`; `;` on Windows).
    static var searchPathSeparator: Character { get }
    /// The wall clock: seconds since 1970.
    static func wallClockSeconds() -> Int64
    /// The wall clock: milliseconds since 1970 (the keeper's log timestamps).
    static func wallClockMilliseconds() -> Int64
    /// One write of `bytes` (retried on an interruption): how many bytes it wrote, which may be
    /// fewer than given (a disk that fills up takes what fits). Throws when it wrote none.
    static func writeSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int
    /// Cuts the open file back to `size` bytes (a line the disk took only part of).
    static func truncate(_ fd: Int32, toSize size: Int64) throws(SystemError)
    /// At most `count` bytes from `offset`, leaving the file position alone; empty at the end.
    static func read(_ fd: Int32, at offset: Int64, upTo count: Int) throws(SystemError) -> [UInt8]
    /// Whether this process may write in `path` (a directory: create and rename files there).
    static func isWritable(_ path: String) -> Bool
    /// Asks for a pipe that holds `bytes` (Linux; elsewhere nothing), so that a program writing
    /// fast to the keeper waits less often for it.
    static func enlargePipe(_ fd: Int32, toBytes bytes: Int)
    /// The stream-socket addresses `host`:`port` resolves to (numeric service, any family), or
    /// the resolver's own text for why not (Windows: always a failure).
    static func resolveStreamAddresses(host: String, port: String)
        -> Result<[SocketAddress], ResolutionFailure>
    /// A stream socket bound to `address` and listening (backlog `SOMAXCONN`), close-on-exec,
    /// with `SO_REUSEADDR` for an IP address (so that a port a previous run left in `TIME_WAIT`
    /// binds again); the bind's or listen's error otherwise. For a Unix-domain path the caller
    /// has checked what lies there. Windows: always throws (not supported).
    static func listenStream(_ address: SocketAddress) throws(SystemError) -> Int32
    /// Whether listening sockets can be bound and passed to a program by socket activation
    /// (false on Windows, whose ``listenStream(_:)`` throws not supported).
    static var passesListeningSockets: Bool { get }
    /// The address of the Unix-domain stream socket at `path` (`@name`: Linux's abstract
    /// namespace); nil when the path is empty or too long (always nil on Windows).
    static func unixStreamAddress(_ path: String) -> SocketAddress?
    /// A non-blocking connect to the first of `addresses` that answers, waiting at most until
    /// `deadline` (monotonic milliseconds, see `monotonicMilliseconds()`); the connected
    /// descriptor (close-on-exec, non-blocking, no SIGPIPE on write) or nil (always on Windows).
    static func connectStream(_ addresses: [SocketAddress], deadline: Int64) -> Int32?
    /// Sends all of `bytes` on a connected socket before `deadline`, never raising SIGPIPE;
    /// whether all were sent.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8], deadline: Int64) -> Bool
    /// Receives at most `count` bytes, waiting until `deadline`; empty at end of stream, nil on
    /// timeout or error.
    static func receive(_ fd: Int32, upTo count: Int, deadline: Int64) -> [UInt8]?
    /// Makes this process the reaper of its descendants' orphans, so that a process whose parent
    /// ends becomes this process's child instead of init's: Linux's
    /// `prctl(PR_SET_CHILD_SUBREAPER)`, FreeBSD's `procctl(PROC_REAP_ACQUIRE)`. Whether it is one
    /// now (false on macOS and Windows, which have no such thing). Children do not inherit it.
    static func becomeChildSubreaper() -> Bool
    // MARK: The OS's own service control manager (Windows)

    /// Registers `configuration` with the service control manager (`CreateServiceW`, or
    /// `ChangeServiceConfigW` when replacing; the description, delayed auto-start and recovery
    /// actions with `ChangeServiceConfig2W`), then starts it and waits up to
    /// `startTimeoutMilliseconds` for it to report running (`dk_win_service_install`,
    /// `dk_win_service_start_installed`). `.alreadyInstalled` when one of that name exists and replacing was
    /// not asked. Throws an error with ``SystemErrorContract/isPermissionDenied`` without the
    /// rights. POSIX: always throws (not supported).
    static func installNativeService(
        _ configuration: NativeServiceConfiguration, startTimeoutMilliseconds: UInt32
    )
        throws(SystemError) -> NativeServiceOutcome
    /// Stops the service `name` (a stop control, then waiting up to `stopTimeoutMilliseconds` for
    /// it to report stopped) and deletes it (`dk_win_service_uninstall`). `.notInstalled` when
    /// there is none of that name. POSIX: always throws (not supported).
    static func uninstallNativeService(named name: String, stopTimeoutMilliseconds: UInt32)
        throws(SystemError) -> NativeServiceOutcome
    /// Reaps one child that has ended, if any (`waitpid(-1, WNOHANG)`), whichever it is: the one
    /// place a keeper reaps, so that no other wait takes a status meant for another. `.none` when
    /// this process has no child left (always on Windows).
    static func reapAnyChild() -> ChildReaping
    /// The pids of this process's children (orphans it adopted included; an ended one not yet
    /// reaped too); nil when the OS does not say (Windows; Linux when `/proc` is another pid
    /// namespace's).
    static func childProcesses() -> [Int32]?
}

/// What every OS's `ControlListener` provides: the keeper's control socket, which
/// `daemoniker logs --reopen` connects to (Windows: creating one always throws).
package protocol ControlListenerContract: Sendable {
    /// The private directory (mode 0700) the socket is in.
    var directory: String { get }
    /// The socket's path.
    var address: String { get }
    /// Creates the directory, binds the socket in it and listens.
    init() throws(SystemError)
    /// Waits for the next connection without using the CPU; its descriptor (close-on-exec), or
    /// nil when accepting failed for good.
    func accept() -> Int32?
    /// Removes the socket and its directory.
    func shutDown()
}

/// What every OS's `SystemError` provides: the failed operation and the OS's error code, read
/// only through OS-neutral questions.
package protocol SystemErrorContract: Error, Sendable, CustomStringConvertible {
    /// Wraps `code` for `operation`.
    init(_ operation: String, code: Int32)
    /// The call that failed, with its subject.
    var operation: String { get }
    /// The OS's error number.
    var code: Int32 { get }
    /// The OS's text for `code`.
    var reason: String { get }
    /// The file, or a directory on its path, does not exist.
    var isNotFound: Bool { get }
    /// Access is denied.
    var isPermissionDenied: Bool { get }
    /// A symbolic link was refused.
    var isSymbolicLink: Bool { get }
    /// A directory was given where a file was expected.
    var isDirectory: Bool { get }
    /// A path that must name a directory does not.
    var isNotDirectory: Bool { get }
    /// No such process.
    var isNoSuchProcess: Bool { get }
    /// The operation would have had to wait.
    var isWouldBlock: Bool { get }
    /// The file or directory exists.
    var isAlreadyExists: Bool { get }
    /// The address is taken: another socket listens on it (`EADDRINUSE`).
    var isAddressInUse: Bool { get }
    /// The address is not one of this machine's (`EADDRNOTAVAIL`).
    var isAddressUnavailable: Bool { get }
    /// The OS does not support the operation (Windows' `ERROR_NOT_SUPPORTED`, `ENOTSUP`).
    var isNotSupported: Bool { get }
    /// The code meaning "no such process", for errors the library makes itself.
    static var noSuchProcessCode: Int32 { get }
}

/// What every OS's `OpenMode` provides: the ways the library opens files.
package protocol OpenModeContract: Sendable {
    /// Reading an existing file.
    static var readOnly: Self { get }
    /// Reading and writing an existing file.
    static var readWrite: Self { get }
    /// A log: created if missing, appended to or truncated.
    static func log(append: Bool) -> Self
    /// A log that, with `followingLinks: false`, is never opened through a symbolic link.
    static func log(append: Bool, followingLinks: Bool) -> Self
    /// A pid file: created if missing, never through a symbolic link.
    static var pidFile: Self { get }
    /// An existing file, never through a symbolic link.
    static var existingNoFollow: Self { get }
    /// A new file that must not exist yet.
    static var exclusive: Self { get }
}

/// What every OS's `NotifySocket` provides: a service manager's datagram socket.
package protocol NotifySocketContract: Sendable {
    /// Connects to the socket named by `NOTIFY_SOCKET`.
    init(path: String) throws(SystemError)
    /// Sends one datagram.
    func send(_ message: String) throws(SystemError)
    /// Sends one datagram with descriptors attached (`SCM_RIGHTS`, for `FDSTORE=1`).
    func send(_ message: String, descriptors: [Int32]) throws(SystemError)
}

/// What every OS's `NotifyListener` provides: the `NOTIFY_SOCKET` the tool's keeper gives the
/// program it runs (Windows: creating one always throws).
package protocol NotifyListenerContract: Sendable {
    /// The socket (close-on-exec).
    var fd: Int32 { get }
    /// The private directory (mode 0700) the socket is in.
    var directory: String { get }
    /// What `NOTIFY_SOCKET` says: the socket's path.
    var address: String { get }
    /// Creates the directory and binds the socket in it.
    init() throws(SystemError)
    /// The next datagram's lines, waiting at most `milliseconds` (-1: forever); nil when none
    /// came.
    func receive(milliseconds: Int32) -> [String]?
    /// Drops every datagram already queued.
    func drain()
    /// Closes the socket and removes it and its directory.
    func shutDown()
}

extension Platform: PlatformContract {}
extension SystemError: SystemErrorContract {}
extension OpenMode: OpenModeContract {}
extension NotifySocket: NotifySocketContract {}
extension NotifyListener: NotifyListenerContract {}
extension ControlListener: ControlListenerContract {}
