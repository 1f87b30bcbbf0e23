import DaemonikerPlatform

/// A supervisor that already runs this process in the background and watches it, so that
/// detaching would lose it: the supervisor would take the launcher's exit for the service's end,
/// and kill, restart or forget the detached daemon. `.automatic` stays in the foreground under one.
enum Supervisor: Equatable, CustomStringConvertible {
    /// systemd with a notification socket (`Type=notify`, `notify-reload`): `NOTIFY_SOCKET`.
    case systemdNotify
    /// A systemd service of another type: `SYSTEMD_EXEC_PID` is this process, or
    /// `INVOCATION_ID` is set and the parent is systemd.
    case systemd
    /// launchd: `XPC_SERVICE_NAME` holds a job label.
    case launchd
    /// This process is PID 1 (a container's first process): if it exited, the kernel would end
    /// every process in its namespace, the daemon included.
    case processOne
    /// The parent is PID 1, an init that started this process itself (inittab, launchd).
    case initProcess
    /// supervisord: `SUPERVISOR_ENABLED`.
    case supervisord
    /// runit: the parent is `runsv`.
    case runit
    /// s6: the parent is `s6-supervise`.
    case s6
    /// daemontools: the parent is `supervise`.
    case daemontools
    /// inetd, or systemd with `Accept=yes`: standard input is a socket (the test PEP 3143 uses).
    case socketOnStandardInput
    /// A Windows service: the parent is the service control manager, `services.exe`.
    case windowsService

    /// What was recognised, for messages.
    var description: String {
        switch self {
        case .systemdNotify: "systemd (NOTIFY_SOCKET)"
        case .systemd: "systemd (SYSTEMD_EXEC_PID or INVOCATION_ID)"
        case .launchd: "launchd (XPC_SERVICE_NAME)"
        case .processOne: "PID 1 (a container's first process)"
        case .initProcess: "init (the parent is PID 1)"
        case .supervisord: "supervisord (SUPERVISOR_ENABLED)"
        case .runit: "runit (the parent is runsv)"
        case .s6: "s6 (the parent is s6-supervise)"
        case .daemontools: "daemontools (the parent is supervise)"
        case .socketOnStandardInput: "inetd or socket activation (standard input is a socket)"
        case .windowsService: "the Windows service control manager (the parent is services.exe)"
        }
    }

    /// The supervisor this process runs under, or nil when it runs under none (a shell, cron, a
    /// script): the first of the rules above, in the order listed, that matches.
    static func current() -> Supervisor? {
        let me = Platform.processID
        if Platform.environmentValue("NOTIFY_SOCKET") != nil { return .systemdNotify }
        let parent = Platform.processIdentity(me)?.parent
        let parentName = parent.flatMap { Platform.processIdentity($0)?.name }
        if Platform.environmentValue("SYSTEMD_EXEC_PID") == "\(me)" { return .systemd }
        if Platform.environmentValue("INVOCATION_ID") != nil, parent == 1 || parentName == "systemd" {
            return .systemd
        }
        // Terminal sessions on macOS carry XPC_SERVICE_NAME=0; only a real label means launchd.
        if let label = Platform.environmentValue("XPC_SERVICE_NAME"), !label.isEmpty, label != "0" {
            return .launchd
        }
        if me == 1 { return .processOne }
        if Platform.environmentValue("SUPERVISOR_ENABLED") != nil { return .supervisord }
        switch parentName {
        case "runsv": return .runit
        case "s6-supervise": return .s6
        case "supervise": return .daemontools
        case let name? where name.lowercased() == "services.exe": return .windowsService
        default: break
        }
        if parent == 1 { return .initProcess }
        if (try? Platform.info(ofDescriptor: 0))?.isSocket == true { return .socketOnStandardInput }
        return nil
    }
}
