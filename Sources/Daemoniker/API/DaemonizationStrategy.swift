/// How a process becomes a daemon. A value, picked with ``Daemoniker/strategy``:
///
/// - ``fork``: the POSIX double fork of daemon(7). Refuses a process that runs more than one
///   thread, because `fork` copies only the calling thread.
/// - ``relaunch``: starts the program's own executable again, detached, with an environment
///   switch and a state file; the new process runs `main` from the top and `daemonize` there
///   resumes as the daemon. Safe with threads; the only way on Windows.
/// - ``foreground``: no detaching, for a process a supervisor already runs in the background;
///   pid file, readiness, stdio and signals still apply.
/// - ``windowsService``: no detaching, for a process the Windows service control manager
///   started: the program answers the manager itself (start pending until ready, stop and
///   shutdown as terminate, parameter change as hangup, stopped with the exit code). Windows only.
/// - ``automatic``: the right one for this process (see the README's decision table).
public struct DaemonizationStrategy: Sendable, Hashable, CustomStringConvertible {
    enum Kind: String, CaseIterable, Sendable {
        case fork, relaunch, foreground, automatic
        case windowsService = "windows-service"
    }

    let kind: Kind

    /// The POSIX double fork (not on Windows). Refuses a multithreaded process.
    public static let fork = DaemonizationStrategy(kind: .fork)
    /// Start the program's own executable again with a switch and a state file.
    public static let relaunch = DaemonizationStrategy(kind: .relaunch)
    /// No detaching; for processes a supervisor runs.
    public static let foreground = DaemonizationStrategy(kind: .foreground)
    /// Run as a Windows service: for a process the service control manager started (Windows
    /// only; `daemonize` fails with `invalidConfiguration` anywhere else). `.automatic` picks it
    /// by itself when the service control manager started the process.
    public static let windowsService = DaemonizationStrategy(kind: .windowsService)
    /// The right strategy for this process, chosen when `daemonize` runs.
    public static let automatic = DaemonizationStrategy(kind: .automatic)

    /// Looks a strategy up by its name (`"fork"`, `"relaunch"`, `"foreground"`,
    /// `"windows-service"`, `"automatic"`); nil for any other text.
    public init?(name: String) {
        guard let kind = Kind(rawValue: name) else { return nil }
        self.kind = kind
    }

    init(kind: Kind) { self.kind = kind }

    /// The name: `"fork"`, `"relaunch"`, `"foreground"`, `"windows-service"` or `"automatic"`.
    public var name: String { kind.rawValue }

    /// The name.
    public var description: String { name }
}
