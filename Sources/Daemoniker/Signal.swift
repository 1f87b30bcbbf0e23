import DaemonikerPlatform

/// A signal, by its number on this OS. Extensible: `Signal(rawValue: 40)` names any other.
public struct Signal: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The signal's number on this OS.
    public var rawValue: Int32

    /// Wraps a signal number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Looks a signal up by name, with or without the `SIG` prefix, in any case (`"term"`,
    /// `"SIGHUP"`) or by number (`"15"`). Nil for a name this OS does not have.
    public init?(name: String) {
        if let number = Int32(name), number > 0 {
            self.init(rawValue: number)
            return
        }
        var key = name.uppercased()
        if key.hasPrefix("SIG") { key.removeFirst(3) }
        guard let entry = Platform.signalTable.first(where: { $0.name == key }) else { return nil }
        self.init(rawValue: entry.number)
    }

    private static func named(_ name: String) -> Signal {
        Signal(rawValue: Platform.signalTable.first { $0.name == name }?.number ?? 0)
    }

    /// The signal's name (`"SIGTERM"`), or `"signal 40"` for one without a name.
    public var name: String {
        Platform.signalTable.first { $0.number == rawValue }.map { "SIG" + $0.name } ?? "signal \(rawValue)"
    }

    /// The name.
    public var description: String { name }

    /// Asks the daemon to stop (`SIGTERM`).
    public static let terminate = named("TERM")
    /// Interrupt from a keyboard (`SIGINT`).
    public static let interrupt = named("INT")
    /// Hang-up; daemons reload or reopen logs on it (`SIGHUP`).
    public static let hangup = named("HUP")
    /// Abort (`SIGABRT`).
    public static let abort = named("ABRT")
    /// Quit with a core dump (`SIGQUIT`).
    public static let quit = named("QUIT")
    /// User-defined signal 1 (`SIGUSR1`).
    public static let user1 = named("USR1")
    /// User-defined signal 2 (`SIGUSR2`).
    public static let user2 = named("USR2")
    /// Kill; cannot be caught, handled or relayed (`SIGKILL`).
    public static let kill = named("KILL")
    /// Alarm clock (`SIGALRM`).
    public static let alarm = named("ALRM")
    /// A child stopped or ended (`SIGCHLD`).
    public static let child = named("CHLD")
    /// Continue if stopped (`SIGCONT`).
    public static let `continue` = named("CONT")
    /// Stop; cannot be caught (`SIGSTOP`).
    public static let stop = named("STOP")
    /// Stop from a terminal (`SIGTSTP`).
    public static let terminalStop = named("TSTP")
    /// Write to a pipe with no reader (`SIGPIPE`).
    public static let brokenPipe = named("PIPE")
    /// Terminal window size changed (`SIGWINCH`).
    public static let windowChanged = named("WINCH")
    /// Every signal POSIX names on this OS.
    public static var all: [Signal] { Platform.signalTable.map { Signal(rawValue: $0.number) } }

    /// Whether a process can catch it (not `SIGKILL` or `SIGSTOP`).
    public var isCatchable: Bool { self != .kill && self != .stop }

    /// Whether the sentinel relay carries it. `SIGKILL`, `SIGSTOP`, `SIGCONT` and `SIGCHLD` always
    /// go directly (the sentinel leaves the last two alone, so a stopped daemon can be continued).
    var isRelayable: Bool { isCatchable && self != .continue && self != .child }
}
