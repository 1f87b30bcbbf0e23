import DaemonikerPlatform

/// `generate systemd|launchd|openrc|rc.d|windows-service --name NAME [options] -- COMMAND`:
/// prints a service definition for that manager.
enum GenerateCommand {
    /// The managers, as `generate` names them.
    static let managers = ["systemd", "launchd", "openrc", "rc.d", "windows-service"]

    /// Prints the definition; 0.
    static func run(_ arguments: [String]) throws(ToolError) -> Int32 {
        guard let manager = arguments.first, managers.contains(manager) else {
            throw .usage(
                "generate needs a service manager first: \(managers.joined(separator: ", "))", of: "generate")
        }
        let parsed = try ParsedArguments(
            Array(arguments.dropFirst()), subcommand: "generate",
            valued: LaunchOptions.valued.union(["--name", "--daemoniker"]), flags: [], takesCommand: true)
        let options = try LaunchOptions(parsed: parsed, subcommand: "generate")
        guard let name = parsed.value("--name"), Service.isValidName(name) else {
            throw .usage(
                "--name NAME is missing or not made of letters, digits, '.', '_' and '-' (it names the service and its files)",
                of: "generate")
        }
        let tool: String
        if let given = parsed.value("--daemoniker") {
            tool = given
        } else {
            do {
                tool = try Platform.executablePath()
            } catch {
                throw ToolError(1, "cannot find this tool's own path (\(error)); pass --daemoniker PATH")
            }
        }
        // No definition format here takes a line break in a value the same way (systemd and rc
        // scripts would end the line or the setting there): refused everywhere.
        let values =
            options.command + options.environment + [options.pidFile, tool, options.ready.text]
            + [options.log, options.errorLog, options.workingDirectory, options.user, options.group]
            .compactMap { $0 }
        if let broken = values.first(where: { $0.contains(where: \.isNewline) }) {
            throw .usage(
                "'\(broken.split(whereSeparator: \.isNewline).joined(separator: "\\n"))' contains a line break, which no generated definition can carry; remove it (write the value without newlines)",
                of: "generate")
        }
        let program = (try? options.resolvedProgram(subcommand: "generate")) ?? options.command[0]
        let service = Service(name: name, options: options, program: program, tool: tool)
        switch manager {
        case "systemd": print(service.systemdUnit, terminator: "")
        case "launchd": print(service.launchdPlist, terminator: "")
        case "openrc": print(service.openRCScript, terminator: "")
        case "rc.d": print(service.rcdScript, terminator: "")
        default: print(service.windowsServiceXML, terminator: "")
        }
        return 0
    }
}
