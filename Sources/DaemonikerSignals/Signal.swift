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

    /// The signal's name (`"SIGTERM"`), or `"signal 40"` for one without a name.
    public var name: String {
        Platform.signalTable.first { $0.number == rawValue }.map { "SIG" + $0.name } ?? "signal \(rawValue)"
    }

    /// The name.
    public var description: String { name }

    /// Asks the daemon to stop (`SIGTERM`).
    public static let terminate = Signal(rawValue: Platform.standardSignals.terminate)
    /// Interrupt from a keyboard (`SIGINT`).
    public static let interrupt = Signal(rawValue: Platform.standardSignals.interrupt)
    /// Hang-up; daemons reload or reopen logs on it (`SIGHUP`).
    public static let hangup = Signal(rawValue: Platform.standardSignals.hangup)
    /// Abort (`SIGABRT`).
    public static let abort = Signal(rawValue: Platform.standardSignals.abort)
    /// Quit with a core dump (`SIGQUIT`).
    public static let quit = Signal(rawValue: Platform.standardSignals.quit)
    /// User-defined signal 1 (`SIGUSR1`).
    public static let user1 = Signal(rawValue: Platform.standardSignals.user1)
    /// User-defined signal 2 (`SIGUSR2`).
    public static let user2 = Signal(rawValue: Platform.standardSignals.user2)
    /// Kill; cannot be caught, handled or relayed (`SIGKILL`).
    public static let kill = Signal(rawValue: Platform.standardSignals.kill)
    /// Alarm clock (`SIGALRM`).
    public static let alarm = Signal(rawValue: Platform.standardSignals.alarm)
    /// A child stopped or ended (`SIGCHLD`).
    public static let child = Signal(rawValue: Platform.standardSignals.child)
    /// Continue if stopped (`SIGCONT`).
    public static let `continue` = Signal(rawValue: Platform.standardSignals.`continue`)
    /// Stop; cannot be caught (`SIGSTOP`).
    public static let stop = Signal(rawValue: Platform.standardSignals.stop)
    /// Stop from a terminal (`SIGTSTP`).
    public static let terminalStop = Signal(rawValue: Platform.standardSignals.terminalStop)
    /// Write to a pipe with no reader (`SIGPIPE`).
    public static let brokenPipe = Signal(rawValue: Platform.standardSignals.brokenPipe)
    /// Terminal window size changed (`SIGWINCH`).
    public static let windowChanged = Signal(rawValue: Platform.standardSignals.windowChanged)
    /// Every signal POSIX names on this OS.
    public static var all: [Signal] { Platform.signalTable.map { Signal(rawValue: $0.number) } }

    /// Whether a process can catch it (not `SIGKILL` or `SIGSTOP`).
    public var isCatchable: Bool { self != .kill && self != .stop }

    /// Whether the sentinel relay carries it. `SIGKILL`, `SIGSTOP`, `SIGCONT` and `SIGCHLD` always
    /// go directly (the sentinel leaves the last two alone, so a stopped daemon can be continued).
    package var isRelayable: Bool { isCatchable && self != .continue && self != .child }
}
