import DaemonikerPlatform

/// The environment switch that tells a relaunched process it is the daemon: a per-launch random
/// token, the readiness channel, the pid-file lock it inherits, and the anonymous file holding
/// the state, each an inherited descriptor.
///
/// `DAEMONIKER_RELAUNCH=2;token=<hex>;ready=<n>;lock=<n or ->;state=<n>`. On Windows the
/// numbers are inherited handle values.
struct RelaunchSwitch: Equatable, Sendable {
    /// The variable's name.
    static let variable = "DAEMONIKER_RELAUNCH"
    /// The format's version.
    static let version = "2"

    /// Whether this process was started by a relaunch (the switch is in its environment).
    static var isPresent: Bool { Platform.environmentValue(variable) != nil }

    var token: String
    var readinessHandle: Int64
    var lockHandle: Int64?
    var stateHandle: Int64

    /// The variable's value.
    var encoded: String {
        "\(Self.version);token=\(token);ready=\(readinessHandle);lock=\(lockHandle.map(String.init) ?? "-");state=\(stateHandle)"
    }

    /// Parses a value; throws `DaemonikerError/Code/stateFileMalformed` with what is wrong.
    init(parsing value: String) throws(DaemonikerError) {
        var rest = Substring(value)
        func field(_ name: String, last: Bool = false) throws(DaemonikerError) -> Substring {
            let prefix = name + "="
            guard rest.hasPrefix(prefix) else { throw Self.malformed(value, "expected \(name)=") }
            rest = rest.dropFirst(prefix.count)
            if last { return rest }
            guard let end = rest.firstIndex(of: ";") else {
                throw Self.malformed(value, "\(name) is not terminated")
            }
            defer { rest = rest[rest.index(after: end)...] }
            return rest[..<end]
        }
        guard rest.hasPrefix(Self.version + ";") else {
            throw DaemonikerError(
                .stateFileVersion,
                "relaunch switch \(Self.variable) is from another version of Daemoniker (\(value.prefix(8))); the relaunched executable must be the same build"
            )
        }
        rest = rest.dropFirst(Self.version.count + 1)
        let token = try field("token")
        guard token.count == 32, token.allSatisfy(\.isHexDigit) else {
            throw Self.malformed(value, "bad token")
        }
        guard let ready = Int64(try field("ready")) else { throw Self.malformed(value, "bad ready handle") }
        let lock = try field("lock")
        let lockHandle = lock == "-" ? nil : Int64(lock)
        guard lock == "-" || lockHandle != nil else { throw Self.malformed(value, "bad lock handle") }
        guard let state = Int64(try field("state", last: true)), state >= 0 else {
            throw Self.malformed(value, "bad state handle")
        }
        self.token = String(token)
        self.readinessHandle = ready
        self.lockHandle = lockHandle
        self.stateHandle = state
    }

    init(token: String, readinessHandle: Int64, lockHandle: Int64?, stateHandle: Int64) {
        self.token = token
        self.readinessHandle = readinessHandle
        self.lockHandle = lockHandle
        self.stateHandle = stateHandle
    }

    private static func malformed(_ value: String, _ what: String) -> DaemonikerError {
        DaemonikerError(
            .stateFileMalformed,
            "relaunch switch \(variable) is malformed (\(what)); it is set only by Daemoniker for the process it relaunches"
        )
    }
}
