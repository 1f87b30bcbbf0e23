import Daemoniker

extension DaemonizationStrategy: OptionValue {
    /// How a detaching start detaches: `fork`, `relaunch` or `automatic` (the foreground is
    /// `run`'s, not a strategy `start` takes).
    init(parsing text: String, option: String) throws(ToolError) {
        guard let strategy = DaemonizationStrategy(name: text), strategy != .foreground else {
            throw .usage("\(option) '\(text)' is not fork, relaunch or automatic")
        }
        self = strategy
    }
}
