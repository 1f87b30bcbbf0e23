/// A subcommand's arguments, split into options, positional arguments and the command after
/// `--`. Options take their value as the next argument or after `=` (`--timeout=5`).
struct ParsedArguments {
    /// Options with a value, in the order given (`--env` may repeat).
    var values: [(name: String, value: String)] = []
    /// Options without a value that were given.
    var flags: Set<String> = []
    /// Arguments that are neither options nor after `--`.
    var positional: [String] = []
    /// Everything after `--` (or from the first positional argument on, where the subcommand
    /// takes a command).
    var command: [String] = []
    /// The options as given, before the command: what `restart` and `generate` pass on.
    var optionArguments: [String] = []

    /// Parses `arguments` for `subcommand`, which knows the options in `valued` (taking a value)
    /// and `flags` (taking none). With `takesCommand`, the first positional argument starts the
    /// command. Throws a usage error for an unknown option or a missing value.
    init(
        _ arguments: [String], subcommand: String, valued: Set<String>, flags: Set<String>,
        takesCommand: Bool = false
    ) throws(ToolError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                command = Array(arguments[index...])
                return
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                if takesCommand {
                    command = Array(arguments[(index - 1)...])
                    return
                }
                positional.append(argument)
                continue
            }
            var name = argument
            var inline: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            if flags.contains(name), inline == nil {
                self.flags.insert(name)
                optionArguments.append(argument)
            } else if valued.contains(name) {
                if let inline {
                    values.append((name, inline))
                    optionArguments.append(argument)
                } else {
                    guard index < arguments.count else {
                        throw .usage("option \(name) needs a value", of: subcommand)
                    }
                    values.append((name, arguments[index]))
                    optionArguments += [argument, arguments[index]]
                    index += 1
                }
            } else {
                throw .usage("unknown option '\(name)' for \(subcommand)", of: subcommand)
            }
        }
    }

    /// The last value given for `name`.
    func value(_ name: String) -> String? {
        values.last { $0.name == name }?.value
    }

    /// Every value given for `name`, in order.
    func all(_ name: String) -> [String] {
        values.filter { $0.name == name }.map(\.value)
    }

    /// The pid file (`--pid-file`), which `subcommand` needs.
    func pidFile(for subcommand: String) throws(ToolError) -> String {
        guard let path = value("--pid-file"), !path.isEmpty else {
            throw .usage(
                "--pid-file PATH is missing: \(subcommand) finds the program by its pid file", of: subcommand)
        }
        return path
    }
}
