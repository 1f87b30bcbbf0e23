import DaemonikerPlatform

/// The environment variable that tells a relaunched process it is an upgrade's new generation
/// (its value: the old generation's pid), beside the relaunch switch. Such a process takes the
/// pid-file lock over only once it is ready: until then it writes nothing into the pid file,
/// and its failure or end never removes it or releases the lock (the old generation still
/// serves under it).
enum UpgradeGeneration {
    static let variable = "DAEMONIKER_UPGRADE_FROM"

    /// In a new generation: the old one's pid; the variable is removed so that no child of the
    /// daemon sees it.
    static func take() -> Int32? {
        guard let value = Platform.environmentValue(variable) else { return nil }
        Platform.removeEnvironmentValue(variable)
        return Int32(value)
    }
}
