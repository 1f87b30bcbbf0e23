import Daemoniker

/// Parsers for the values options take: durations, signals, modes.
enum Parsing {
    /// A number of seconds (`5`, `0.5`), positive; `option` names it in the error.
    static func seconds(_ text: String, option: String, subcommand: String) throws(ToolError) -> Double {
        guard let value = Double(text), value > 0, value.isFinite, value <= 31_536_000 else {
            throw .usage(
                "\(option) '\(text)' is not a positive number of seconds (write 30 or 0.5)", of: subcommand)
        }
        return value
    }

    /// A signal by name (`TERM`, `SIGTERM`, `term`) or number (`15`).
    static func signal(_ text: String, subcommand: String) throws(ToolError) -> Signal {
        if let number = Int32(text) {
            guard number > 0, Signal.all.contains(Signal(rawValue: number)) else {
                throw .usage("signal number \(text) is not a signal this OS has", of: subcommand)
            }
            return Signal(rawValue: number)
        }
        var name = text.uppercased()
        if !name.hasPrefix("SIG") { name = "SIG" + name }
        guard let signal = Signal(name: name) else {
            throw .usage(
                "unknown signal '\(text)'; write a name such as TERM, HUP, USR1 or a number such as 15",
                of: subcommand)
        }
        return signal
    }

    /// A file mode creation mask in octal (`022`, `0o077`).
    static func umask(_ text: String, subcommand: String) throws(ToolError) -> UInt32 {
        var digits = Substring(text)
        if digits.hasPrefix("0o") { digits = digits.dropFirst(2) }
        guard let value = UInt32(digits, radix: 8), value <= 0o777 else {
            throw .usage("--umask '\(text)' is not an octal mode from 000 to 777 (write 022)", of: subcommand)
        }
        return value
    }

    /// Milliseconds in `seconds`, for the platform's clock.
    static func milliseconds(_ seconds: Double) -> Int64 {
        Int64((seconds * 1000).rounded())
    }

    /// `seconds` as the library's `Duration`.
    static func duration(_ seconds: Double) -> Swift.Duration {
        .milliseconds(milliseconds(seconds))
    }

    /// `seconds` as written back to a user: `30`, `0.5`.
    static func text(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int64(seconds))" : "\(seconds)"
    }
}
