import DaemonikerPlatform

/// The signal that carries an upgrade request to a daemon that takes them: `SIGUSR2`, as nginx
/// uses it for its binary upgrade. A daemon takes it only when the program configured
/// ``Daemoniker/acceptsUpgrades`` (then the signal is Daemoniker's: the program must not handle
/// it, before or after `daemonize`), and records so beside its pid file; ``PIDFile/upgrade(timeout:drain:)`` sends it
/// only to a pid that record names, so a daemon whose `SIGUSR2` would end it is never sent one.
enum UpgradeSignal {
    static let signal = Signal.user2
}
