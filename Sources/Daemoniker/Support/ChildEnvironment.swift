import DaemonikerPlatform

/// The environment a process Daemoniker starts gets: this process's own, without the switches
/// that would make the child mistake itself for something else, plus the one switch it needs.
enum ChildEnvironment {
    /// The variables Daemoniker itself sets for a child; never passed on from this process.
    static var switches: [String] {
        [RelaunchSwitch.variable, Platform.sentinelVariable, UpgradeGeneration.variable]
    }

    /// This process's environment without any of ``switches``, plus `name=value`.
    static func current(setting name: String, to value: String) -> [[UInt8]] {
        let prefixes = switches.map { Array(($0 + "=").utf8) }
        return Platform.rawEnvironment().filter { entry in !prefixes.contains { entry.starts(with: $0) } }
            + [Array("\(name)=\(value)".utf8)]
    }
}
