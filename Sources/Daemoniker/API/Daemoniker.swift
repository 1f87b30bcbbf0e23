/// Turns the running program into a well-behaved background daemon.
///
/// Configure it, then call ``daemonize(setup:whenReady:)``: `setup` runs once, in the original
/// process; the original process waits until the daemon is ready, runs `whenReady` and exits 0
/// (or prints the daemon's error and exits non-zero). `daemonize` returns only in the daemon.
///
/// ```swift
/// let daemon = Daemoniker(pidFile: "/run/web.pid", standardOutput: .file("/var/log/web.log"))
///     .daemonize(setup: { Settings(port: 8080) }, whenReady: { print("started, pid \($0.pid)") })
/// ```
public struct Daemoniker: Sendable {
    /// The pid file: locked for the daemon's whole life, holding `"PID\n"`. Nil: none.
    public var pidFile: String?
    /// The daemon's working directory (inside ``rootDirectory`` when that is set). Default `/`.
    public var workingDirectory: String
    /// The daemon's file mode creation mask. Default `0o022`.
    public var umask: UInt32
    /// Where standard input comes from. Default ``StandardStream/null``.
    public var standardInput: StandardStream
    /// Where standard output goes. Default ``StandardStream/null``.
    public var standardOutput: StandardStream
    /// Where standard error goes. Default ``StandardStream/null``.
    public var standardError: StandardStream
    /// Descriptors the daemon keeps open (all others beyond stdio are closed). Default none.
    public var preservedDescriptors: [Int32]
    /// The user to run as (name or numeric id); its primary and supplementary groups come
    /// with it. Default nil: unchanged.
    public var user: String?
    /// The group to run as (name or numeric id). Default nil: the user's, or unchanged.
    public var group: String?
    /// A directory to `chroot` into. Default nil: none.
    public var rootDirectory: String?
    /// Whether the daemon may write core dumps. Default false (`RLIMIT_CORE` set to 0).
    public var coreDumps: Bool
    /// When the daemon counts as ready. Default ``Readiness/automatic``.
    public var readiness: Readiness
    /// How long the launching process waits for readiness before it stops the daemon and
    /// fails. Must be positive. Default 30 seconds.
    public var readinessTimeout: Duration
    /// Whether signals reach the daemon through a sentinel process. Nil (the default): the
    /// platform's choice, on for Windows (where nothing else can signal a detached process) and
    /// off on POSIX. `false` on Windows is refused as invalid configuration.
    public var signalRelay: Bool?
    /// How to detach. Default ``DaemonizationStrategy/automatic``.
    public var strategy: DaemonizationStrategy
    /// A descriptor to write one newline to, and close, when the daemon is ready: the readiness
    /// protocol of s6 (`notification-fd`) and dinit (`ready-notification = pipefd:N`). Must be
    /// open and above 2; kept open across daemonizing. Default nil: none.
    public var readinessDescriptor: Int32?
    /// Whether the daemon takes upgrades (``PIDFile/upgrade(timeout:drain:)``): it then starts its
    /// executable anew on request, hands its pid file and listening sockets to that new
    /// generation once it is ready, and tells its own code to drain (``Daemon/drainRequested()``).
    /// Needs a pid file; `SIGUSR2` carries the requests and is Daemoniker's (the program must not
    /// handle it); not with `signalRelay`; not on Windows. Default false.
    public var acceptsUpgrades: Bool
    /// The listening sockets the daemon declares: the launching process binds each (after the pid
    /// file is locked, before it detaches, so a port that is taken fails the start there, exit 2,
    /// naming the address) and the daemon receives them in ``Daemon/listeningSockets`` under their
    /// names, with every strategy, and hands them to each new generation on upgrade. One that a
    /// service manager passed under the same name (systemd socket activation, its file-descriptor
    /// store) is used instead of binding. Not on Windows. Default none.
    public var listen: [ListenAddress]

    /// Creates a configuration; every argument has the default documented on its property.
    public init(
        pidFile: String? = nil,
        workingDirectory: String = "/",
        umask: UInt32 = 0o022,
        standardInput: StandardStream = .null,
        standardOutput: StandardStream = .null,
        standardError: StandardStream = .null,
        preservedDescriptors: [Int32] = [],
        user: String? = nil,
        group: String? = nil,
        rootDirectory: String? = nil,
        coreDumps: Bool = false,
        readiness: Readiness = .automatic,
        readinessTimeout: Duration = .seconds(30),
        signalRelay: Bool? = nil,
        strategy: DaemonizationStrategy = .automatic,
        readinessDescriptor: Int32? = nil,
        acceptsUpgrades: Bool = false,
        listen: [ListenAddress] = []
    ) {
        self.pidFile = pidFile
        self.workingDirectory = workingDirectory
        self.umask = umask
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.preservedDescriptors = preservedDescriptors
        self.user = user
        self.group = group
        self.rootDirectory = rootDirectory
        self.coreDumps = coreDumps
        self.readiness = readiness
        self.readinessTimeout = readinessTimeout
        self.signalRelay = signalRelay
        self.strategy = strategy
        self.readinessDescriptor = readinessDescriptor
        self.acceptsUpgrades = acceptsUpgrades
        self.listen = listen
    }
}
