/// The service managers `generate` writes a definition for.
enum ServiceManager: String, CaseIterable, OptionValue {
    /// A systemd unit.
    case systemd
    /// A launchd property list.
    case launchd
    /// An OpenRC script.
    case openRC = "openrc"
    /// A FreeBSD rc.d script.
    case rcd = "rc.d"
    /// A WinSW configuration for a Windows service.
    case windowsService = "windows-service"

    init(parsing text: String, option: String) throws(ToolError) {
        guard let manager = ServiceManager(rawValue: text) else {
            throw .usage("\(option) '\(text)' is not one of \(Self.names)")
        }
        self = manager
    }

    /// Every manager's name, for messages.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
