import Daemoniker

extension DaemonizationStrategy: OptionValue {
    /// How a detaching start detaches: `fork`, `relaunch` or `automatic` (the foreground is
    /// `run`'s, not a strategy `start` takes; `run` under the Windows service control manager
    /// answers it by itself).
    init(parsing text: String, option: String) throws(ToolError) {
        guard let strategy = DaemonizationStrategy(name: text), strategy != .foreground,
            strategy != .windowsService
        else {
            throw .usage("\(option) '\(text)' is not fork, relaunch or automatic")
        }
        self = strategy
    }
}
