// The report the helper daemon writes about its own process state, read by the tests.

/// One open descriptor and what it points at.
public struct DescriptorEntry: Codable, Sendable {
    public var fd: Int32
    public var target: String

    public init(fd: Int32, target: String) {
        self.fd = fd
        self.target = target
    }
}

/// The daemon's own process state.
public struct Report: Codable, Sendable {
    public var pid: Int32
    public var ppid: Int32
    public var sid: Int32
    public var pgid: Int32
    /// errno of opening /dev/tty, 0 if it opened (then the process has a controlling terminal).
    public var ttyOpenErrno: Int32
    public var cwd: String
    public var umask: String
    public var descriptors: [DescriptorEntry]
    public var signalsBlocked: String
    public var signalsIgnored: String
    public var pidFileContents: String?
    public var strategy: String
    public var arguments: [String]
    public var switchInEnvironment: Bool
    public var leakedFD: Int32?
    public var preserved: [Int32]
    public var coreLimit: UInt64
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, ppid: Int32, sid: Int32, pgid: Int32, ttyOpenErrno: Int32, cwd: String, umask: String, descriptors: [DescriptorEntry], signalsBlocked: String, signalsIgnored: String, pidFileContents: String?, strategy: String, arguments: [String], switchInEnvironment: Bool, leakedFD: Int32?, preserved: [Int32], coreLimit: UInt64, uid: UInt32, gid: UInt32) {
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
        self.leakedFD = leakedFD
        self.preserved = preserved
        self.coreLimit = coreLimit
        self.uid = uid
        self.gid = gid
    }
}
