import DaemonikerPlatform

/// A configuration checked for bad input, with names resolved and paths made absolute (a
/// relative log path must still mean the same file after the daemon changes directory).
struct ValidatedConfiguration: Sendable {
    var configuration: Daemoniker
    var pidFile: String?
    var standardInput: StandardStream
    var standardOutput: StandardStream
    var standardError: StandardStream
    var user: UserRecord?
    var groupID: UInt32?
    var timeoutMilliseconds: Int64

    init(_ configuration: Daemoniker) throws(DaemonikerError) {
        self.configuration = configuration
        timeoutMilliseconds = configuration.readinessTimeout.clampedMilliseconds
        guard configuration.readinessTimeout > .zero, timeoutMilliseconds > 0 else {
            throw DaemonikerError(
                .invalidConfiguration,
                "readiness timeout \(configuration.readinessTimeout) is not positive; give a duration such as .seconds(30)"
            )
        }
        pidFile = configuration.pidFile.map(Self.absolute)
        if let pidFile, pidFile.hasSuffix("/") {
            throw DaemonikerError(
                .pidFileUnusable,
                "pid file \(pidFile) is a directory; choose a file path such as \(pidFile)daemon.pid")
        }
        if configuration.signalRelay == false && !Platform.deliversSignals {
            throw DaemonikerError(
                .invalidConfiguration,
                "signalRelay cannot be false on \(Platform.name): the relay is the only way to signal a detached process there; leave it nil"
            )
        }
        if configuration.acceptsUpgrades {
            guard Platform.deliversSignals else {
                throw DaemonikerError(
                    .unsupported,
                    "acceptsUpgrades does not exist on \(Platform.name): a daemon there cannot hand its listening sockets to a new process yet; set it to false and upgrade by stop and start"
                )
            }
            guard pidFile != nil else {
                throw DaemonikerError(
                    .invalidConfiguration,
                    "acceptsUpgrades needs a pid file (upgrade requests and the lock handed to the new generation go through it); set pidFile"
                )
            }
            guard configuration.signalRelay != true else {
                throw DaemonikerError(
                    .invalidConfiguration,
                    "acceptsUpgrades cannot be combined with signalRelay: the new generation would need a sentinel of its own before it is ready; turn one of them off"
                )
            }
        }
        if configuration.rootDirectory != nil && configuration.signalRelay == true {
            throw DaemonikerError(
                .invalidConfiguration,
                "signalRelay cannot be combined with rootDirectory: inside the new root the daemon can no longer start its sentinel or update its record; turn one of them off"
            )
        }
        if let root = configuration.rootDirectory, !Platform.isDirectory(root) {
            throw DaemonikerError(
                .invalidConfiguration,
                "root directory \(root) does not exist or is not a directory; create it or remove rootDirectory"
            )
        }
        let inside = (configuration.rootDirectory ?? "") + configuration.workingDirectory
        guard configuration.workingDirectory.hasPrefix("/") || configuration.rootDirectory == nil else {
            throw DaemonikerError(
                .invalidConfiguration,
                "working directory \(configuration.workingDirectory) must be absolute when rootDirectory is set"
            )
        }
        if !Platform.isDirectory(inside) {
            throw DaemonikerError(
                .invalidConfiguration,
                "working directory \(inside) does not exist or is not a directory; create it or choose another workingDirectory"
            )
        }
        if !Platform.switchesAccounts,
            configuration.user != nil || configuration.group != nil || configuration.rootDirectory != nil
        {
            throw DaemonikerError(
                .unsupported,
                "user, group and rootDirectory do not exist on \(Platform.name); run the program as the account it should use"
            )
        }
        user = try Self.lookUp("user", configuration.user, Platform.user(named:))
        groupID = try Self.lookUp("group", configuration.group, Platform.groupID(named:))
        if let fd = configuration.readinessDescriptor, fd < 3 || !Platform.isOpen(fd) {
            throw DaemonikerError(
                .invalidConfiguration,
                "readiness descriptor \(fd) is \(fd < 3 ? "standard input, output or error" : "not open"); pass the descriptor the supervisor opened for readiness (s6 notification-fd, dinit pipefd), or nil"
            )
        }
        for fd in configuration.preservedDescriptors where !Platform.isOpen(fd) {
            throw DaemonikerError(
                .invalidConfiguration,
                "preserved descriptor \(fd) is not open; open it before daemonize or remove it from preservedDescriptors"
            )
        }
        standardInput = try Self.check(configuration.standardInput, stream: "standard input")
        standardOutput = try Self.check(configuration.standardOutput, stream: "standard output")
        standardError = try Self.check(configuration.standardError, stream: "standard error")
    }

    /// The account `name` names, found by `find`; nil when no name is given.
    private static func lookUp<Found>(_ kind: String, _ name: String?, _ find: (String) -> Found?)
        throws(DaemonikerError) -> Found?
    {
        guard let name else { return nil }
        guard let found = find(name) else {
            throw DaemonikerError(
                .invalidConfiguration,
                "\(kind) \(name) does not exist on this system; create it or choose another \(kind)")
        }
        return found
    }

    private static func absolute(_ path: String) -> String {
        Platform.absolutePath(path)
    }

    private static func check(_ target: StandardStream, stream: String) throws(DaemonikerError)
        -> StandardStream
    {
        switch target {
        case .null, .inherit: return target
        case .sameAsOutput:
            guard stream == "standard error" else {
                throw DaemonikerError(
                    .invalidConfiguration, "\(stream) cannot be .sameAsOutput; only standardError can")
            }
            return target
        case .file(let path, let append):
            let path = absolute(path)
            // Opened without truncating, to find a bad path now rather than after detaching.
            if stream == "standard input" {
                do {
                    Platform.close(try Platform.open(path, .readOnly))
                } catch {
                    throw DaemonikerError(
                        .invalidConfiguration,
                        "standard input file \(path) cannot be opened: \(error.reason); check that it exists and this user may read it",
                        cause: error)
                }
            } else {
                Platform.close(try LogFile.open(path, append: true, name: "\(stream) file").fd)
            }
            return .file(path, append: append)
        }
    }
}
