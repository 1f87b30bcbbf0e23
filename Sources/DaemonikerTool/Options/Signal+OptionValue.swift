import Daemoniker

extension Signal: OptionValue {
    /// A signal by name (`TERM`, `SIGTERM`, `term`) or number (`15`) that this OS has.
    init(parsing text: String, option: String) throws(ToolError) {
        if let number = Int32(text) {
            guard number > 0, Signal.all.contains(Signal(rawValue: number)) else {
                throw .usage("signal number \(text) is not a signal this OS has")
            }
            self.init(rawValue: number)
            return
        }
        var name = text.uppercased()
        if !name.hasPrefix("SIG") { name = "SIG" + name }
        guard let signal = Signal(name: name) else {
            throw .usage(
                "unknown signal '\(text)'; write a name such as TERM, HUP, USR1 or a number such as 15")
        }
        self = signal
    }
}
