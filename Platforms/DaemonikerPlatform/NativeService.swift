/// A service to register with the OS's own service control manager (Windows): what
/// `CreateServiceW` and `ChangeServiceConfig2W` are given.
package struct NativeServiceConfiguration: Sendable, Equatable {
    /// How the service control manager starts it.
    package enum StartType: Sendable, Equatable {
        /// At boot (`SERVICE_AUTO_START`).
        case automatic
        /// Shortly after boot (`SERVICE_AUTO_START` with delayed auto-start).
        case delayedAutomatic
        /// Only when asked (`SERVICE_DEMAND_START`).
        case manual
    }

    /// The service's name (the key the manager knows it by).
    package var name: String
    /// The name tools show.
    package var displayName: String
    /// The description tools show.
    package var description: String
    /// The program with its arguments, as one Windows command line.
    package var commandLine: String
    /// How it is started.
    package var startType: StartType
    /// The account it runs as; nil: LocalSystem.
    package var account: String?
    /// The account's password; nil for accounts that have none (LocalService, NetworkService,
    /// virtual accounts `NT SERVICE\NAME`, LocalSystem).
    package var password: String?
    /// The services that must run first.
    package var dependencies: [String]
    /// Restart it this long after it fails (three times; the count resets after a day); nil:
    /// no recovery actions.
    package var restartDelayMilliseconds: UInt32?
    /// Whether an installed service of that name is reconfigured instead of refused.
    package var replacing: Bool

    /// A configuration with every field given.
    package init(
        name: String, displayName: String, description: String, commandLine: String, startType: StartType,
        account: String?, password: String?, dependencies: [String], restartDelayMilliseconds: UInt32?,
        replacing: Bool
    ) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.commandLine = commandLine
        self.startType = startType
        self.account = account
        self.password = password
        self.dependencies = dependencies
        self.restartDelayMilliseconds = restartDelayMilliseconds
        self.replacing = replacing
    }
}

/// How an install or uninstall through the OS's service control manager went, when it did not
/// fail outright.
package enum NativeServiceOutcome: Sendable, Equatable {
    /// Installed (or reconfigured) and started; or stopped and deleted.
    case done
    /// Not installed: a service of that name exists (and replacing was not asked).
    case alreadyInstalled
    /// Not uninstalled: no service of that name exists.
    case notInstalled
}
