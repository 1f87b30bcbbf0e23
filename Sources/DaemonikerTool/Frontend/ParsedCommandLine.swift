/// A subcommand's arguments checked against its ``CommandSpec``: options by name, operands, and
/// the command after `--`. Options take their value as the next argument or after `=`
/// (`--timeout=5`); where the subcommand runs a program, the first argument after its operands
/// that is not an option starts the command even without `--`.
struct ParsedCommandLine {
    /// The spec the arguments were checked against.
    let spec: CommandSpec
    /// Whether `-h` or `--help` came before the command.
    private(set) var wantsHelp = false
    /// The operands, in order.
    private(set) var operands: [String] = []
    /// The program and its arguments.
    private(set) var command: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments` for `spec`. Throws a usage error for an unknown option, a missing
    /// value, an extra or missing operand, a missing required option, or a missing command. An
    /// option that does not repeat may still be given again: the last value counts.
    init(_ arguments: [String], spec: CommandSpec) throws(ToolError) {
        self.spec = spec
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                command = Array(arguments[index...])
                break
            }
            if argument == "-h" || argument == "--help" {
                wantsHelp = true
                continue
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                if operands.count < spec.operands.count {
                    operands.append(argument)
                    continue
                }
                guard spec.takesCommand else {
                    throw .usage("unexpected argument '\(argument)' for \(spec.name)")
                }
                command = Array(arguments[(index - 1)...])
                break
            }
            let (name, inline) = Self.split(argument)
            guard argument.hasPrefix("--"), let option = spec.option(named: name) else {
                throw .usage("unknown option '\(argument.prefix { $0 != "=" })' for \(spec.name)")
            }
            guard option.valueName != nil else {
                if inline != nil { throw .usage("option \(option.flag) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else {
                // `--pid-file -- sleep 1` or `--log --timeout 5`: the value is missing, not `--`.
                guard index < arguments.count, arguments[index] != "--",
                    !Self.isOption(arguments[index], of: spec)
                else { throw .usage("option \(option.flag) needs a value") }
                value = arguments[index]
                index += 1
            }
            values[name, default: []].append(value)
        }
        if wantsHelp { return }
        try check()
    }

    /// The operands, the required options and the command are there.
    private func check() throws(ToolError) {
        if operands.count < spec.operands.count {
            throw .usage(spec.operands[operands.count].missing)
        }
        for option in spec.options {
            if let reason = option.requirement, values[option.name]?.last?.isEmpty ?? true {
                throw .usage("\(option.synopsis) is missing: \(spec.name) \(reason)")
            }
        }
        if spec.takesCommand, command.first?.isEmpty ?? true {
            throw .usage("the command is missing: put it after --, as in -- sleep 100")
        }
        if !spec.takesCommand, let extra = command.first {
            throw .usage("unexpected argument '\(extra)' for \(spec.name)")
        }
    }

    /// Whether `argument` is one of `spec`'s options (`--timeout`, `--timeout=5`) or asks for help.
    private static func isOption(_ argument: String, of spec: CommandSpec) -> Bool {
        if argument == "-h" || argument == "--help" { return true }
        guard argument.hasPrefix("--") else { return false }
        return spec.option(named: split(argument).0) != nil
    }

    /// `--name=value` as `("name", "value")`, `--name` as `("name", nil)`.
    private static func split(_ argument: String) -> (String, String?) {
        let body = argument.dropFirst(argument.hasPrefix("--") ? 2 : 1)
        guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    /// The value given last for `option`, parsed; nil when it was not given.
    func value<Value>(_ option: Option<Value>) throws(ToolError) -> Value? {
        guard let text = values[option.declaration.name]?.last else { return nil }
        return try Value(parsing: text, option: option.flag)
    }

    /// The value given for a required `option`, parsed (the parser has checked it is there).
    func required<Value>(_ option: Option<Value>) throws(ToolError) -> Value {
        guard let value = try value(option) else {
            throw .usage(
                "\(option.declaration.synopsis) is missing: \(spec.name) \(option.declaration.requirement ?? "needs it")"
            )
        }
        return value
    }

    /// The value given for `option`, parsed, or `fallback` when it was not given.
    func value<Value>(_ option: Option<Value>, default fallback: Value) throws(ToolError) -> Value {
        try value(option) ?? fallback
    }

    /// Every value given for a repeating `option`, parsed, in order.
    func values<Value>(_ option: Option<Value>) throws(ToolError) -> [Value] {
        var parsed: [Value] = []
        for text in values[option.declaration.name] ?? [] {
            parsed.append(try Value(parsing: text, option: option.flag))
        }
        return parsed
    }

    /// Whether `flag` was given.
    func isSet(_ flag: Flag) -> Bool {
        flags.contains(flag.declaration.name)
    }
}
