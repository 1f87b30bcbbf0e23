/// `generate`: prints a service definition that runs the program under a service manager.
struct GenerateCommand: Subcommand {
    /// `--name NAME`.
    static let name = Option<ServiceName>(
        "name", "NAME", help: "the service's name (letters, digits, '.', '_', '-')"
    )
    .required("names the service and its files")
    /// `--reload`.
    static let reload = Flag(
        "reload",
        help: """
            add a reload hook (systemd's ExecReload=, the rc scripts' reload) that runs
            daemoniker reload; only for a program that handles SIGHUP, which it would otherwise
            end (reload refuses to send it then, on Linux)
            """)
    /// `--daemoniker PATH`.
    static let daemoniker = Option<String>(
        "daemoniker", "PATH", help: "the tool's path in the definition (default: this executable)")

    static let spec = CommandSpec(
        name: "generate",
        abstract: "print a systemd, launchd, OpenRC, rc.d or Windows (WinSW) service definition",
        discussion: """
            Prints a service definition that runs COMMAND under MANAGER. OPTIONS are start's (the
            pid file defaults to /run/NAME.pid or /var/run/NAME.pid).
            """,
        operands: [
            Operand(
                name: "MANAGER",
                help: """
                    systemd          a unit running COMMAND through `daemoniker run`:
                                     Type=notify when --ready is not exec (READY=1 once
                                     ready), else Type=exec; the pid file in
                                     RuntimeDirectory= (/run/NAME/NAME.pid)
                    launchd          a property list running it through `daemoniker run`
                    openrc, rc.d     scripts whose start, stop and status call daemoniker
                    windows-service  a WinSW configuration (install --manager windows needs none)
                    """,
                missing: "generate needs a service manager first: \(ServiceManager.names)")
        ],
        takesCommand: true,
        options: [name.declaration] + LaunchOptions.declarations(pidFile: SharedOptions.pidFile.declaration)
            + [reload.declaration, daemoniker.declaration],
        statuses: [
            StatusMeaning(.success, "printed"),
            StatusMeaning(.failure, "this tool's own path cannot be found (pass --daemoniker)"), .badInput,
        ])

    /// The manager to write for.
    let manager: ServiceManager
    /// The service's name.
    let name: ServiceName
    /// The program and how to run it.
    let options: LaunchOptions
    /// The tool's path as the definition names it, if given.
    let toolPath: String?
    /// Whether to write a reload hook.
    let reload: Bool

    init(_ line: ParsedCommandLine) throws(ToolError) {
        manager = try ServiceManager(parsing: line.operands[0], option: "MANAGER")
        name = try line.required(Self.name)
        options = try LaunchOptions(line)
        toolPath = try line.value(Self.daemoniker)
        reload = line.isSet(Self.reload)
    }

    func run() throws(ToolError) -> ExitStatus {
        let refusal: String? =
            switch manager {
            case .launchd: ServiceDefinition.launchdAdoptionRefusal
            case .windowsService: "WinSW runs COMMAND itself, without the keeper"
            default: nil
            }
        if let address = options.listen.first, manager == .windowsService {
            throw .usage(
                "\(LaunchOptions.listen.flag) \(address) does not work with \(manager.rawValue): WinSW runs COMMAND itself, without the keeper, and Windows has no socket activation; let the program listen itself and leave out \(LaunchOptions.listen.flag)"
            )
        }
        let definition = try ServiceDefinition.making(
            name: name, options: options, toolPath: toolPath, reload: reload, managerName: manager.rawValue,
            adoptionRefusal: refusal, strictly: false)
        print(definition.text(for: manager), terminator: "")
        return .success
    }
}
