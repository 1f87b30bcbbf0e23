import DaemonikerPlatform

/// The service managers `install` and `uninstall` register a service with: the four whose
/// definitions `generate` writes, and Windows' own service control manager.
enum InstallManager: String, CaseIterable, OptionValue {
    /// systemd: a unit file, `systemctl`.
    case systemd
    /// launchd: a property list, `launchctl`.
    case launchd
    /// OpenRC: a script in `/etc/init.d`, `rc-update` and `rc-service`.
    case openRC = "openrc"
    /// FreeBSD's rc.d: a script in `/usr/local/etc/rc.d`, `sysrc` and `service`.
    case rcd = "rc.d"
    /// The Windows service control manager, with this tool as the service's program.
    case windows

    init(parsing text: String, option: String) throws(ToolError) {
        guard let manager = InstallManager(rawValue: text == "rcd" ? "rc.d" : text) else {
            throw .usage("\(option) '\(text)' is not one of \(Self.names)")
        }
        self = manager
    }

    /// Every manager's name, for messages.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// This machine's: launchd on macOS, rc.d on FreeBSD, the service control manager on
    /// Windows; on Linux systemd, unless it is not running (no `/run/systemd/system`) and
    /// OpenRC is there (`/sbin/openrc-run`).
    static var thisMachine: InstallManager {
        switch Platform.name {
        case "macOS": return .launchd
        case "FreeBSD": return .rcd
        case "Windows": return .windows
        default:
            let systemd = Platform.isDirectory("/run/systemd/system")
            return !systemd && Platform.isExecutableFile("/sbin/openrc-run") ? .openRC : .systemd
        }
    }

    /// The format of the file it reads (`generate`'s), or nil for Windows, which keeps its
    /// services' configuration itself.
    var definitionFormat: ServiceManager? {
        switch self {
        case .systemd: .systemd
        case .launchd: .launchd
        case .openRC: .openRC
        case .rcd: .rcd
        case .windows: nil
        }
    }

    /// Whether it has a manager of each user's own (`systemctl --user`, `~/Library/LaunchAgents`).
    var hasUserScope: Bool { self == .systemd || self == .launchd }
}
