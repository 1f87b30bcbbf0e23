/// The detaching backends every behaviour test runs against: the two that leave the launching
/// process (`.fork` and `.relaunch`), named as `DaemonizationStrategy(name:)` reads them.
let detachingStrategies = ["fork", "relaunch"]
