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
