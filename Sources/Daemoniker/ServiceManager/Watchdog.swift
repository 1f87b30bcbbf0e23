import DaemonikerPlatform

/// systemd's watchdog (`WatchdogSec=`): `WATCHDOG=1` every half of `WATCHDOG_USEC`, from a
/// thread of its own, when the manager asked for it and `WATCHDOG_PID` (if set) is this process.
enum Watchdog {
    /// The interval between keep-alives, or nil when this process is not watched.
    static var interval: Duration? {
        guard let text = Platform.environmentValue("WATCHDOG_USEC"), let usec = UInt64(text), usec > 0
        else { return nil }
        if let owner = Platform.environmentValue("WATCHDOG_PID"), Int32(owner) != Platform.processID {
            return nil
        }
        return .microseconds(usec / 2)
    }

    /// Starts the keep-alives through `tell`, if this process is watched.
    static func start(_ tell: @escaping @Sendable (String) -> Void) {
        guard let interval else { return }
        let milliseconds = max(1, Int(interval.clampedMilliseconds))
        try? Platform.startThread {
            while true {
                tell("WATCHDOG=1")
                Platform.sleep(milliseconds: milliseconds)
            }
        }
    }
}
