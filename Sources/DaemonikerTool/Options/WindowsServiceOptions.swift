import DaemonikerPlatform

/// `install`'s options for the Windows service control manager (`--manager windows`): start
/// type, account, dependencies, recovery and description.
struct WindowsServiceOptions {
    /// `--start-type auto|delayed|manual`.
    static let startType = Option<NativeServiceConfiguration.StartType>(
        "start-type", "TYPE",
        help: "Windows: auto (at boot, the default), delayed (shortly after boot)\nor manual")
    /// `--account NAME`.
    static let account = Option<String>(
        "account", "NAME",
        help: """
            Windows: the account the service runs as (default LocalSystem); a
            password, when the account has one, is read from the environment
            variable \(passwordVariable), never from the command line
            """)
    /// `--depends-on NAME`.
    static let dependsOn = Option<ServiceName>(
        "depends-on", "NAME", repeats: true, help: "Windows: a service that must run first (repeatable)")
    /// `--restart-on-failure SECONDS`.
    static let restartOnFailure = Option<Seconds>(
        "restart-on-failure", "SECONDS",
        help: "Windows: restart it SECONDS after it fails (recovery actions)")
    /// `--description TEXT`.
    static let description = Option<String>(
        "description", "TEXT", help: "Windows: the description (default: NAME (run by daemoniker))")

    /// The variable `--account`'s password is read from.
    static let passwordVariable = "DAEMONIKER_SERVICE_PASSWORD"

    /// The group's declarations.
    static var declarations: [OptionDeclaration] {
        [
            startType.declaration, account.declaration, dependsOn.declaration, restartOnFailure.declaration,
            description.declaration,
        ]
    }

    /// How it starts.
    var startType: NativeServiceConfiguration.StartType?
    /// The account.
    var account: String?
    /// The services it depends on.
    var dependencies: [ServiceName]
    /// The recovery delay.
    var restartDelay: Seconds?
    /// The description.
    var description: String?

    /// Reads the group from `line`.
    init(_ line: ParsedCommandLine) throws(ToolError) {
        startType = try line.value(Self.startType)
        account = try line.value(Self.account)
        dependencies = try line.values(Self.dependsOn)
        restartDelay = try line.value(Self.restartOnFailure)
        description = try line.value(Self.description)
    }

    /// The first of these options given, as written: they mean nothing to the other managers.
    var firstGiven: String? {
        if startType != nil { return Self.startType.flag }
        if account != nil { return Self.account.flag }
        if !dependencies.isEmpty { return Self.dependsOn.flag }
        if restartDelay != nil { return Self.restartOnFailure.flag }
        if description != nil { return Self.description.flag }
        return nil
    }

    /// The configuration for service `name` running `commandLine`.
    func configuration(name: String, commandLine: String, replacing: Bool) throws(ToolError)
        -> NativeServiceConfiguration
    {
        var delay: UInt32?
        if let restartDelay {
            guard restartDelay.milliseconds <= Int64(UInt32.max) else {
                throw .usage(
                    "\(Self.restartOnFailure.flag) \(restartDelay.text) is too long; give at most 4294967 s")
            }
            delay = UInt32(restartDelay.milliseconds)
        }
        let password = account == nil ? nil : Platform.environmentValue(Self.passwordVariable)
        return NativeServiceConfiguration(
            name: name, displayName: name, description: description ?? "\(name) (run by daemoniker)",
            commandLine: commandLine, startType: startType ?? .automatic, account: account,
            password: password,
            dependencies: dependencies.map(\.text), restartDelayMilliseconds: delay, replacing: replacing)
    }
}

extension NativeServiceConfiguration.StartType: OptionValue {
    init(parsing text: String, option: String) throws(ToolError) {
        switch text {
        case "auto", "automatic": self = .automatic
        case "delayed", "delayed-auto": self = .delayedAutomatic
        case "manual", "demand": self = .manual
        default: throw .usage("\(option) '\(text)' is not one of auto, delayed, manual")
        }
    }
}
