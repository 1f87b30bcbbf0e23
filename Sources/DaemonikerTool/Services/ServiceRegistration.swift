import DaemonikerPlatform

/// Where `install` puts a service's definition for one of the file-based managers (systemd,
/// launchd, OpenRC, rc.d), and the manager's commands that register, start, stop and remove it.
struct ServiceRegistration {
    /// One call of a manager's program.
    struct Step: Equatable {
        /// The program's name (`systemctl`).
        var program: String
        /// Its arguments.
        var arguments: [String]
        /// Whether its failure ends the install or uninstall (false: a clean-up that may find
        /// nothing to do, reported and passed over).
        var required = true
        /// Arguments for the same program that ask whether the step is needed: it runs only when
        /// they exit 0 (nil: always).
        var onlyIf: [String]? = nil

        /// The call as a person would type it.
        var text: String { Quoting.shell([program] + arguments) }
    }

    /// The manager.
    let manager: InstallManager
    /// The service's name.
    let name: String
    /// Whether it is the user's own service (`--user-service`), not the system's.
    let perUser: Bool
    /// The directory the definition goes in.
    let directory: String
    /// The definition's path.
    let file: String

    /// The environment variable that puts every path install writes under a root folder, for
    /// tests of what is written (the manager's programs are still the machine's).
    static let rootVariable = "DAEMONIKER_SERVICE_ROOT"

    /// The registration of `name` with `manager` (not Windows, which keeps no file): the system's
    /// directory, or with `perUser` the user's (from `HOME`, and `XDG_CONFIG_HOME` for systemd).
    init(manager: InstallManager, name: String, perUser: Bool) throws(ToolError) {
        self.manager = manager
        self.name = name
        self.perUser = perUser
        let root = Platform.environmentValue(Self.rootVariable) ?? ""
        let base: String
        switch (manager, perUser) {
        case (.systemd, false): base = "/etc/systemd/system"
        case (.systemd, true):
            var folder = Platform.environmentValue("XDG_CONFIG_HOME") ?? ""
            if folder.isEmpty { folder = "\(try Self.home())/.config" }
            base = "\(folder)/systemd/user"
        case (.launchd, false): base = "/Library/LaunchDaemons"
        case (.launchd, true): base = "\(try Self.home())/Library/LaunchAgents"
        case (.openRC, _): base = "/etc/init.d"
        case (.rcd, _): base = "/usr/local/etc/rc.d"
        case (.windows, _):
            throw ToolError(.failure, "a Windows service has no definition file")
        }
        directory = root + base
        switch manager {
        case .systemd: file = "\(directory)/\(name).service"
        case .launchd: file = "\(directory)/\(name).plist"
        default: file = "\(directory)/\(name)"
        }
    }

    /// The user's home folder, from `HOME`.
    private static func home() throws(ToolError) -> String {
        guard let home = Platform.environmentValue("HOME"), !home.isEmpty else {
            throw ToolError(.failure, "HOME is not set, so the user's service folder is unknown; set HOME")
        }
        return home
    }

    /// The definition's mode: scripts are executable.
    var permissions: UInt32 { manager == .openRC || manager == .rcd ? 0o755 : 0o644 }

    /// The programs the steps call, each once.
    var programs: [String] {
        var names: [String] = []
        for step in register(replacing: true) + unregisterBeforeRemoval + unregisterAfterRemoval
        where !names.contains(step.program) {
            names.append(step.program)
        }
        return names
    }

    /// `systemctl` or `systemctl --user`.
    private func systemctl(_ arguments: String...) -> Step {
        Step(program: "systemctl", arguments: (perUser ? ["--user"] : []) + arguments)
    }

    /// launchd's domain: `system`, or `gui/UID` for the user's agents.
    private var launchdDomain: String { perUser ? "gui/\(Platform.effectiveUserID)" : "system" }

    /// The rc.d script's variable prefix (`my_web` for `my-web`), as ``ServiceDefinition/rcdScript`` writes it.
    private var rcVariable: String { String(name.map { $0 == "-" || $0 == "." ? "_" : $0 }) }

    /// After the definition is written: registers, enables and starts it. `replacing` (an
    /// install over an installed one, `--force`) restarts it, so that the new definition runs.
    func register(replacing: Bool) -> [Step] {
        switch manager {
        case .systemd:
            return [systemctl("daemon-reload")]
                + (replacing
                    ? [systemctl("enable", "\(name).service"), systemctl("restart", "\(name).service")]
                    : [systemctl("enable", "--now", "\(name).service")])
        case .launchd:
            let bootout = Step(
                program: "launchctl", arguments: ["bootout", "\(launchdDomain)/\(name)"], required: false)
            return (replacing ? [bootout] : [])
                + [
                    Step(program: "launchctl", arguments: ["enable", "\(launchdDomain)/\(name)"]),
                    Step(program: "launchctl", arguments: ["bootstrap", launchdDomain, file]),
                ]
        case .openRC:
            return [
                Step(program: "rc-update", arguments: ["add", name, "default"]),
                Step(program: "rc-service", arguments: [name, replacing ? "restart" : "start"]),
            ]
        case .rcd:
            return [
                Step(program: "sysrc", arguments: ["\(rcVariable)_enable=YES"]),
                Step(program: "service", arguments: [name, replacing ? "restart" : "start"]),
            ]
        case .windows:
            return []
        }
    }

    /// Before the definition is removed: stops and disables it.
    var unregisterBeforeRemoval: [Step] {
        switch manager {
        case .systemd: return [systemctl("disable", "--now", "\(name).service")]
        case .launchd:
            return [
                Step(
                    program: "launchctl", arguments: ["bootout", "\(launchdDomain)/\(name)"], required: false)
            ]
        case .openRC:
            return [
                Step(program: "rc-service", arguments: [name, "stop"]),
                Step(program: "rc-update", arguments: ["del", name, "default"], required: false),
            ]
        case .rcd:
            return [
                Step(program: "service", arguments: [name, "stop"]),
                Step(program: "sysrc", arguments: ["-x", "\(rcVariable)_enable"], required: false),
            ]
        case .windows:
            return []
        }
    }

    /// After the definition is removed: systemd forgets the unit, and a failed state it ended in
    /// (a unit that stopped cleanly is unloaded at once, and `reset-failed` would refuse it).
    var unregisterAfterRemoval: [Step] {
        guard manager == .systemd else { return [] }
        var reset = systemctl("reset-failed", "\(name).service")
        reset.onlyIf = (perUser ? ["--user"] : []) + ["is-failed", "--quiet", "\(name).service"]
        return [systemctl("daemon-reload"), reset]
    }

    /// Where a definition of the same name is installed already, if anywhere: the file itself,
    /// or for a system unit one of the distribution's (`/usr/lib/systemd/system`,
    /// `/lib/systemd/system`), which a unit in `/etc` would override.
    var existing: String? {
        var candidates = [file]
        if manager == .systemd, !perUser {
            let root = String(directory.dropLast("/etc/systemd/system".count))
            candidates += ["/usr/lib/systemd/system", "/lib/systemd/system"].map {
                "\(root)\($0)/\(name).service"
            }
        }
        return candidates.first { (try? Platform.info(ofPath: $0)) != nil }
    }

    /// What to tell a user who may not write the directory.
    var missingRights: String {
        if perUser {
            return
                "writing \(file) is not allowed: \(directory) is not writable for this user; check its owner and mode"
        }
        let fix =
            manager.hasUserScope
            ? "run as root, or pass \(InstallCommand.userService.declaration.flag) for your own \(manager == .systemd ? "user manager (systemctl --user)" : "launch agents")"
            : "run as root"
        return "writing \(file) needs root (\(directory) is not writable for this user); \(fix)"
    }
}
