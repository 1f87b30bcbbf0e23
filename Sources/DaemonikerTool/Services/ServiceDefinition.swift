/// A service definition to generate: the program, how to run it, and this tool's path.
struct ServiceDefinition {
    /// The service's name (letters, digits, `.`, `_`, `-`).
    var name: String
    /// The options `generate` was given.
    var options: LaunchOptions
    /// The program's path (resolved on `PATH` where it could be).
    var program: String
    /// This tool's path, for definitions that run the program through it.
    var tool: String
    /// Whether the definition has a reload hook (`daemoniker reload`, which sends `SIGHUP`): only
    /// for a program that handles it, since the hangup would otherwise end it.
    var reload = false

    /// The definition in `manager`'s format.
    func text(for manager: ServiceManager) -> String {
        switch manager {
        case .systemd: systemdUnit
        case .launchd: launchdPlist
        case .openRC: openRCScript
        case .rcd: rcdScript
        case .windowsService: windowsServiceXML
        }
    }

    /// Refuses a value with a line break: no definition format here takes one the same way
    /// (systemd and rc scripts would end the line or the setting there).
    func checkLineBreaks() throws(ToolError) {
        let values =
            options.command + options.environment.map(\.text) + options.listen.map(\.description)
            + [tool, options.ready.text]
            + [
                options.pidFile, options.log, options.errorLog, options.workingDirectory, options.user,
                options.group, options.programPIDFile,
            ]
            .compactMap { $0 }
        if let broken = values.first(where: { $0.contains(where: \.isNewline) }) {
            throw .usage(
                "'\(broken.split(whereSeparator: \.isNewline).joined(separator: "\\n"))' contains a line break, which no generated definition can carry; remove it (write the value without newlines)"
            )
        }
    }

    /// The program and its arguments, with the program's resolved path.
    var command: [String] { [program] + options.command.dropFirst() }

    /// The pid file: the one given, else `DIRECTORY/NAME.pid`.
    func pidFile(in directory: String) -> String {
        options.pidFile ?? "\(directory)/\(name).pid"
    }

    /// The tool's arguments that make `subcommand` act on the program through `pidFile`.
    func control(_ subcommand: CommandSpec, pidFile: String) -> [String] {
        [subcommand.name, SharedOptions.pidFileFlag, pidFile]
    }

    /// `start`'s (or `run`'s, with `subcommand`) arguments for this service, with `pidFile`.
    func launchArguments(_ subcommand: CommandSpec, pidFile: String) -> [String] {
        var arguments = control(subcommand, pidFile: pidFile)
        if let log = options.log { arguments += [LaunchOptions.log.flag, log] }
        if let errorLog = options.errorLog { arguments += [LaunchOptions.errorLog.flag, errorLog] }
        if let directory = options.workingDirectory { arguments += [LaunchOptions.chdir.flag, directory] }
        if let umask = options.umask { arguments += [LaunchOptions.umask.flag, umask.octal] }
        if let user = options.user { arguments += [LaunchOptions.user.flag, user] }
        if let group = options.group { arguments += [LaunchOptions.group.flag, group] }
        for pair in options.environment { arguments += [LaunchOptions.environment.flag, pair.text] }
        arguments += [LaunchOptions.ready.flag, options.ready.text]
        if let path = options.programPIDFile { arguments += [LaunchOptions.programPIDFile.flag, path] }
        for address in options.listen { arguments += [LaunchOptions.listen.flag, address.description] }
        arguments += [LaunchOptions.timeout.flag, options.timeout.text]
        return arguments + ["--"] + command
    }
}
