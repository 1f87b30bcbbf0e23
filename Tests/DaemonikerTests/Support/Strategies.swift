/// The detaching backends every behaviour test runs against: the two that leave the launching
/// process (`.fork` and `.relaunch`), named as `DaemonizationStrategy(name:)` reads them.
let detachingStrategies = ["fork", "relaunch"]

/// Without and with the sentinel relay (POSIX signals sent directly, or relayed as on Windows).
let relayModes = [false, true]
