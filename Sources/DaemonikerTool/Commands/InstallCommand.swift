import DaemonikerPlatform

/// `install`: writes the definition `generate` writes where the service manager reads it, then
/// registers, enables and starts the service; on Windows registers this tool as the service
/// with the service control manager.
struct InstallCommand: Subcommand {
    /// `--manager NAME`.
    static let manager = Option<InstallManager>(
        "manager", "NAME",
        help: """
            systemd, launchd, openrc, rc.d or windows (default: this machine's:
            launchd on macOS, rc.d on FreeBSD, windows on Windows; on Linux systemd,
            or openrc where systemd does not run and OpenRC is installed)
            """)
    /// `--user-service`.
    static let userService = Flag(
        "user-service",
        help: """
            the service of this user's own manager, not the system's: systemd's
            user units (~/.config/systemd/user, systemctl --user), launchd's
            agents (~/Library/LaunchAgents, gui/UID); no root needed
            """)
    /// `--force`.
    static let force = Flag(
        "force", help: "replace an installed service of the same name (and restart it)")

    static let spec = CommandSpec(
        name: "install",
        abstract: "install COMMAND as a service of systemd, launchd, OpenRC, rc.d or Windows, and start it",
        discussion: """
            Writes the definition `daemoniker generate` writes for the manager (systemd: /etc/systemd/system/
            NAME.service; launchd: /Library/LaunchDaemons/NAME.plist; OpenRC: /etc/init.d/NAME; rc.d:
            /usr/local/etc/rc.d/NAME), then registers, enables and starts it: systemctl daemon-reload
            and enable --now; launchctl enable and bootstrap; rc-update add and rc-service start;
            sysrc NAME_enable=YES and service start. On Windows it registers this tool's `run` as the
            service with the service control manager (CreateServiceW) and starts it. OPTIONS are
            start's (the pid file defaults to the one generate writes).
            """,
        operands: [
            Operand(
                name: "NAME", help: "the service's name (letters, digits, '.', '_', '-')",
                missing: "install needs the service's name first")
        ],
        takesCommand: true,
        options: LaunchOptions.declarations(pidFile: SharedOptions.pidFile.declaration)
            + [
                GenerateCommand.reload.declaration, manager.declaration, userService.declaration,
                force.declaration,
            ] + WindowsServiceOptions.declarations,
        statuses: [
            StatusMeaning(.success, "installed, enabled and started"),
            StatusMeaning(
                .failure,
                "failed: without the rights to install (the message names what is missing), the\nmanager's program is not on this machine, or it failed to register or start it"
            ),
            StatusMeaning(.badInput, "bad input (also: NAME is not a valid service name)"),
            StatusMeaning(.alreadyInstalled, "a service of that name is installed already (see --force)"),
        ])

    /// The service's name.
    let name: ServiceName
    /// The program and how to run it.
    let options: LaunchOptions
    /// Whether the definition has a reload hook.
    let reload: Bool
    /// The manager to install with.
    let manager: InstallManager
    /// Whether it is the user's own service.
    let perUser: Bool
    /// Whether an installed one is replaced.
    let force: Bool
    /// The Windows-only settings.
    let windows: WindowsServiceOptions

    init(_ line: ParsedCommandLine) throws(ToolError) {
        name = try ServiceName(parsing: line.operands[0], option: "NAME")
        options = try LaunchOptions(line)
        reload = line.isSet(GenerateCommand.reload)
        manager = try line.value(Self.manager) ?? InstallManager.thisMachine
        perUser = line.isSet(Self.userService)
        force = line.isSet(Self.force)
        windows = try WindowsServiceOptions(line)
        if perUser, !manager.hasUserScope {
            throw .usage(
                "\(Self.userService.declaration.flag) works with systemd and launchd only; \(manager.rawValue) has no manager of a user's own"
            )
        }
        if manager != .windows, let given = windows.firstGiven {
            throw .usage("\(given) is for --manager windows only; leave it out for \(manager.rawValue)")
        }
    }

    func run() throws(ToolError) -> ExitStatus {
        guard let format = manager.definitionFormat else { return try installWindowsService() }
        let registration = try ServiceRegistration(manager: manager, name: name.text, perUser: perUser)
        var programs: [String: ExternalProgram] = [:]
        for program in registration.programs {
            programs[program] = try ExternalProgram(program, for: manager)
        }
        let definition = try ServiceDefinition.making(
            name: name, options: options, toolPath: nil, reload: reload, managerName: manager.rawValue,
            adoptionRefusal: manager == .launchd ? ServiceDefinition.launchdAdoptionRefusal : nil,
            strictly: true)
        let existing = registration.existing
        if let existing, !force {
            throw ToolError(
                .alreadyInstalled,
                "\(name.text) is already installed (\(existing)); uninstall it first, or pass \(Self.force.declaration.flag) to replace it"
            )
        }
        try Self.prepare(registration)
        do {
            try SideFile.replace(
                registration.file, with: definition.text(for: format), permissions: registration.permissions)
        } catch {
            if error.isPermissionDenied { throw ToolError(.failure, registration.missingRights) }
            throw ToolError(.failure, "cannot write \(registration.file) (\(error))")
        }
        for step in registration.register(replacing: existing != nil) {
            try Self.run(step, programs, after: "the definition is in \(registration.file)")
        }
        print("installed \(name.text) (\(registration.file)): enabled and started")
        return .success
    }

    /// The registration's directory exists and this user may write it: a user's own is made
    /// when missing; a system one that is missing means another manager runs here.
    private static func prepare(_ registration: ServiceRegistration) throws(ToolError) {
        if !Platform.isDirectory(registration.directory) {
            guard registration.perUser else {
                throw ToolError(
                    .failure,
                    "\(registration.directory) does not exist, so \(registration.manager.rawValue) is not this machine's service manager; pass --manager with this machine's"
                )
            }
            var path = ""
            for component in registration.directory.split(separator: "/") {
                path += "/\(component)"
                if Platform.isDirectory(path) { continue }
                do {
                    try Platform.makeDirectory(path, permissions: 0o755)
                } catch {
                    throw ToolError(.failure, "cannot create \(path) for \(registration.file) (\(error))")
                }
            }
        }
        guard Platform.isWritable(registration.directory) else {
            throw ToolError(.failure, registration.missingRights)
        }
    }

    /// Runs `step`: a required one that fails ends the command, saying what is left (`left`).
    static func run(
        _ step: ServiceRegistration.Step, _ programs: [String: ExternalProgram], after left: String
    ) throws(ToolError) {
        guard let program = programs[step.program] else {
            throw ToolError(.failure, "\(step.program) was not looked for (a bug); nothing was run")
        }
        if let condition = step.onlyIf, try program.run(condition) != 0 { return }
        let status = try program.run(step.arguments)
        if status == 0 { return }
        if step.required {
            throw ToolError(.failure, "\(step.text) failed (exit status \(status)); \(left)")
        }
        Tool.note("\(step.text) exited with \(status); going on")
    }

    /// `--manager windows`: this tool's `run` registered with the service control manager.
    private func installWindowsService() throws(ToolError) -> ExitStatus {
        guard Platform.name == "Windows" else {
            throw ToolError(
                .failure,
                "the Windows service control manager is not on this machine (\(Platform.name)); pass --manager with this machine's"
            )
        }
        if let address = options.listen.first {
            throw .usage(
                "\(LaunchOptions.listen.flag) \(address) does not work with --manager windows: Windows has no socket activation to pass listening sockets with; let the program listen itself and leave out \(LaunchOptions.listen.flag)"
            )
        }
        let definition = try ServiceDefinition.making(
            name: name, options: options, toolPath: nil, reload: false, managerName: manager.rawValue,
            adoptionRefusal:
                "Windows has no child subreaper, so the keeper cannot adopt a program's background process",
            strictly: true)
        let programData = Platform.environmentValue("ProgramData") ?? "C:\\ProgramData"
        let configuration = try windows.configuration(
            name: name.text, commandLine: definition.windowsServiceCommandLine(pidDirectory: programData),
            replacing: force)
        let outcome: NativeServiceOutcome
        do {
            outcome = try Platform.installNativeService(configuration, startTimeoutMilliseconds: 60_000)
        } catch {
            if error.isPermissionDenied {
                throw ToolError(
                    .failure,
                    "installing the Windows service \(name.text) needs an administrator (\(error)); run from an elevated prompt"
                )
            }
            throw ToolError(.failure, "cannot install the Windows service \(name.text) (\(error))")
        }
        if outcome == .alreadyInstalled {
            throw ToolError(
                .alreadyInstalled,
                "the Windows service \(name.text) is already installed; uninstall it first, or pass \(Self.force.declaration.flag) to reconfigure it"
            )
        }
        print("installed the Windows service \(name.text): started")
        return .success
    }
}
