// The report the helper daemon writes about its own process state, read by the tests.

/// One open descriptor and what it points at.
public struct DescriptorEntry: Codable, Sendable {
    /// The descriptor number.
    public var fd: Int32
    /// What /proc says it points at.
    public var target: String

    /// Creates a value.
    public init(fd: Int32, target: String) {
        self.fd = fd
        self.target = target
    }
}

/// The daemon's own process state.
public struct Report: Codable, Sendable {
    /// The daemon's pid.
    public var pid: Int32
    /// Its parent's pid.
    public var ppid: Int32
    /// Its session id.
    public var sid: Int32
    /// Its process group id.
    public var pgid: Int32
    /// errno of opening /dev/tty, 0 if it opened (then the process has a controlling terminal).
    public var ttyOpenErrno: Int32
    /// Its working directory.
    public var cwd: String
    /// Its umask, in octal as /proc prints it.
    public var umask: String
    /// Its open descriptors when it wrote the report.
    public var descriptors: [DescriptorEntry]
    /// SigBlk from /proc (hex).
    public var signalsBlocked: String
    /// SigIgn from /proc (hex).
    public var signalsIgnored: String
    /// The pid file's contents.
    public var pidFileContents: String?
    /// The strategy that detached it.
    public var strategy: String
    /// Its arguments.
    public var arguments: [String]
    /// Whether the relaunch switch is still in its environment.
    public var switchInEnvironment: Bool
    /// Whether `DAEMONIKER_STRATEGY` is still in its environment.
    public var strategyVariableInEnvironment: Bool
    /// See the report.
    public var leakedFD: Int32?
    /// The descriptors it was told to preserve.
    public var preserved: [Int32]
    /// RLIMIT_CORE.
    public var coreLimit: UInt64
    /// Its user id.
    public var uid: UInt32
    /// Its group id.
    public var gid: UInt32

    /// Creates a value.
    public init(
        pid: Int32, ppid: Int32, sid: Int32, pgid: Int32, ttyOpenErrno: Int32, cwd: String, umask: String,
        descriptors: [DescriptorEntry], signalsBlocked: String, signalsIgnored: String,
        pidFileContents: String?, strategy: String, arguments: [String], switchInEnvironment: Bool,
        strategyVariableInEnvironment: Bool, leakedFD: Int32?, preserved: [Int32], coreLimit: UInt64,
        uid: UInt32, gid: UInt32
    ) {
        self.pid = pid
        self.ppid = ppid
        self.sid = sid
        self.pgid = pgid
        self.ttyOpenErrno = ttyOpenErrno
        self.cwd = cwd
        self.umask = umask
        self.descriptors = descriptors
        self.signalsBlocked = signalsBlocked
        self.signalsIgnored = signalsIgnored
        self.pidFileContents = pidFileContents
        self.strategy = strategy
        self.arguments = arguments
        self.switchInEnvironment = switchInEnvironment
        self.strategyVariableInEnvironment = strategyVariableInEnvironment
        self.leakedFD = leakedFD
        self.preserved = preserved
        self.coreLimit = coreLimit
        self.uid = uid
        self.gid = gid
    }
}
