import DaemonikerPlatform

/// `uninstall`: stops, disables and removes a service `install` installed.
struct UninstallCommand: Subcommand {
    static let spec = CommandSpec(
        name: "uninstall",
        abstract: "stop, disable and remove a service install installed",
        discussion: """
            Stops and disables the service NAME, removes its definition and makes the manager forget
            it: systemctl disable --now, the unit removed, daemon-reload and reset-failed; launchctl
            bootout and the property list removed; rc-service stop, rc-update del and the script
            removed; service stop, sysrc -x NAME_enable and the script removed. On Windows it stops
            the service (waiting up to 30 s) and deletes it.
            """,
        operands: [
            Operand(
                name: "NAME", help: "the service's name", missing: "uninstall needs the service's name first")
        ],
        options: [InstallCommand.manager.declaration, InstallCommand.userService.declaration],
        statuses: [
            StatusMeaning(.success, "stopped, disabled and removed"),
            StatusMeaning(
                .failure,
                "failed: without the rights to uninstall (the message names what is missing), the\nmanager's program is not on this machine, or it failed to stop or disable it"
            ),
            StatusMeaning(.badInput, "bad input (also: NAME is not a valid service name)"),
            StatusMeaning(.notInstalled, "no service of that name is installed"),
        ])

    /// The service's name.
    let name: ServiceName
    /// The manager it was installed with.
    let manager: InstallManager
    /// Whether it is the user's own service.
    let perUser: Bool

    init(_ line: ParsedCommandLine) throws(ToolError) {
        name = try ServiceName(parsing: line.operands[0], option: "NAME")
        manager = try line.value(InstallCommand.manager) ?? InstallManager.thisMachine
        perUser = line.isSet(InstallCommand.userService)
        if perUser, !manager.hasUserScope {
            throw .usage(
                "\(InstallCommand.userService.declaration.flag) works with systemd and launchd only; \(manager.rawValue) has no manager of a user's own"
            )
        }
    }

    func run() throws(ToolError) -> ExitStatus {
        if manager == .windows { return try uninstallWindowsService() }
        let registration = try ServiceRegistration(manager: manager, name: name.text, perUser: perUser)
        var programs: [String: ExternalProgram] = [:]
        for program in registration.programs {
            programs[program] = try ExternalProgram(program, for: manager)
        }
        guard (try? Platform.info(ofPath: registration.file)) != nil else {
            throw ToolError(.notInstalled, "\(name.text) is not installed (there is no \(registration.file))")
        }
        guard Platform.isWritable(registration.directory) else {
            throw ToolError(.failure, registration.missingRights)
        }
        for step in registration.unregisterBeforeRemoval {
            try InstallCommand.run(step, programs, after: "\(registration.file) is left in place")
        }
        do {
            try Platform.unlink(registration.file)
        } catch {
            if error.isPermissionDenied { throw ToolError(.failure, registration.missingRights) }
            throw ToolError(.failure, "cannot remove \(registration.file) (\(error)); the service is stopped")
        }
        for step in registration.unregisterAfterRemoval {
            try InstallCommand.run(step, programs, after: "\(registration.file) is removed")
        }
        print("uninstalled \(name.text): stopped, disabled, \(registration.file) removed")
        return .success
    }

    /// `--manager windows`: stopped and deleted through the service control manager.
    private func uninstallWindowsService() throws(ToolError) -> ExitStatus {
        guard Platform.name == "Windows" else {
            throw ToolError(
                .failure,
                "the Windows service control manager is not on this machine (\(Platform.name)); pass --manager with this machine's"
            )
        }
        let outcome: NativeServiceOutcome
        do {
            outcome = try Platform.uninstallNativeService(named: name.text, stopTimeoutMilliseconds: 30_000)
        } catch {
            if error.isPermissionDenied {
                throw ToolError(
                    .failure,
                    "uninstalling the Windows service \(name.text) needs an administrator (\(error)); run from an elevated prompt"
                )
            }
            throw ToolError(.failure, "cannot uninstall the Windows service \(name.text) (\(error))")
        }
        if outcome == .notInstalled {
            throw ToolError(.notInstalled, "the Windows service \(name.text) is not installed")
        }
        print("uninstalled the Windows service \(name.text): stopped and deleted")
        return .success
    }
}
