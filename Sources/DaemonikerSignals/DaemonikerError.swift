import DaemonikerPlatform

/// The one error type of Daemoniker: a stable code, and a message that names the thing, the
/// cause and the fix (`already running as pid 4242 (pid file /run/web.pid is locked)`).
public struct DaemonikerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier for each kind of failure. The raw value never changes once published.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable text of the code (`"alreadyRunning"`).
        public var rawValue: String
        /// Wraps a raw code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// A configuration value is invalid (a timeout of zero, a missing working directory,
        /// an unknown user, a log file that cannot be opened, a descriptor that is not open).
        public static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
        /// The pid file cannot be used: its directory is missing or unwritable, or it is a
        /// symbolic link, a directory, not a regular file, or writable by everyone.
        public static let pidFileUnusable = Code(rawValue: "pidFileUnusable")
        /// Another process holds the pid file's lock.
        public static let alreadyRunning = Code(rawValue: "alreadyRunning")
        /// `.fork` was asked for in a process that runs more than one thread.
        public static let multithreaded = Code(rawValue: "multithreaded")
        /// The `setup` closure threw.
        public static let setupFailed = Code(rawValue: "setupFailed")
        /// The daemon failed before it was ready (its own error, or `Daemon.fail`).
        public static let daemonFailed = Code(rawValue: "daemonFailed")
        /// The daemon ended before it was ready without saying why (a crash, an exit).
        public static let daemonExited = Code(rawValue: "daemonExited")
        /// The daemon did not report ready within the readiness timeout; it was stopped.
        public static let readinessTimeout = Code(rawValue: "readinessTimeout")
        /// The relaunched process's state descriptor is not open, or cannot be read.
        public static let stateFileMissing = Code(rawValue: "stateFileMissing")
        /// The relaunch state file belongs to another user.
        public static let stateFileOwner = Code(rawValue: "stateFileOwner")
        /// The relaunch state (or the switch) cannot be parsed, or the switch names something
        /// other than a file without a name.
        public static let stateFileMalformed = Code(rawValue: "stateFileMalformed")
        /// The state file was written by another version of the format.
        public static let stateFileVersion = Code(rawValue: "stateFileVersion")
        /// The state file's token is not the one the switch carries.
        public static let stateFileToken = Code(rawValue: "stateFileToken")
        /// No daemon holds the pid file's lock (there is no pid file).
        public static let notRunning = Code(rawValue: "notRunning")
        /// The pid file exists but no process holds its lock, or the pid it names has ended (a
        /// zombie not yet reaped has), so there is nothing to signal.
        public static let stalePIDFile = Code(rawValue: "stalePIDFile")
        /// The OS refused to let this process signal the daemon.
        public static let permissionDenied = Code(rawValue: "permissionDenied")
        /// The daemon's signal relay did not re-arm within its deadline.
        public static let relayNotAnswering = Code(rawValue: "relayNotAnswering")
        /// An upgrade's new generation failed (exited, crashed, failed, or was not ready in time):
        /// it was stopped, and the running generation keeps serving under the same pid file.
        public static let upgradeFailed = Code(rawValue: "upgradeFailed")
        /// Another upgrade of the same daemon is in progress.
        public static let upgradeInProgress = Code(rawValue: "upgradeInProgress")
        /// The strategy or feature does not exist on this OS.
        public static let unsupported = Code(rawValue: "unsupported")
        /// A system call failed in a way none of the codes above describes.
        public static let systemCallFailed = Code(rawValue: "systemCallFailed")
    }

    /// What kind of failure this is.
    public var code: Code
    /// What happened, why, and what to do about it.
    public var message: String
    /// The system call that failed underneath, when one did: its name and subject, and the
    /// `errno` (POSIX) or Win32 error code (Windows).
    public var underlyingError: UnderlyingError?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlyingError: UnderlyingError? = nil) {
        self.code = code
        self.message = message
        self.underlyingError = underlyingError
    }

    /// The message.
    public var description: String { message }

    /// The exit status for this error, the one place it is decided: the launching process ends
    /// with it when this error stops a start, and the `daemoniker` tool with it for every
    /// subcommand. 1: the daemon or `setup` failed; 2: invalid configuration; 3: already running,
    /// or (controlling a daemon) not running; 4: the daemon was not ready in time.
    package var launcherExitCode: Int32 {
        switch code {
        case .invalidConfiguration, .pidFileUnusable, .multithreaded, .unsupported: 2
        case .alreadyRunning, .notRunning, .stalePIDFile: 3
        case .readinessTimeout: 4
        default: 1
        }
    }
}

extension DaemonikerError {
    /// Wraps a failed system call, naming what Daemoniker was doing.
    package init(_ doing: String, _ error: SystemError) {
        self.init(.systemCallFailed, "could not \(doing): \(error)", underlyingError: UnderlyingError(error))
    }

    /// An error of `code` with `message`, keeping the system error that caused it.
    package init(_ code: Code, _ message: String, cause: SystemError) {
        self.init(code, message, underlyingError: UnderlyingError(cause))
    }
}
