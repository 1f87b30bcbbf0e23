/// A service definition to generate: the program, how to run it, and this tool's path.
struct Service {
    /// The service's name (letters, digits, `.`, `_`, `-`).
    var name: String
    /// The options `generate` was given.
    var options: LaunchOptions
    /// The program's path (resolved on `PATH` where it could be).
    var program: String
    /// This tool's path, for definitions that run the program through it.
    var tool: String

    /// Whether `name` can name a service and its files.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("-") && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "_" || scalar == "-"
            }
    }

    /// The program and its arguments, with the program's resolved path.
    var command: [String] { [program] + options.command.dropFirst() }

    /// The pid file: `--pid-file`, else `DIRECTORY/NAME.pid`.
    func pidFile(in directory: String) -> String {
        options.pidFile.isEmpty ? "\(directory)/\(name).pid" : options.pidFile
    }

    /// `start`'s options for this service, with `pidFile`: what rc scripts pass to the tool.
    func startArguments(pidFile: String) -> [String] {
        var arguments = ["start", "--pid-file", pidFile]
        if let log = options.log { arguments += ["--log", log] }
        if let errorLog = options.errorLog { arguments += ["--error-log", errorLog] }
        if let directory = options.workingDirectory { arguments += ["--chdir", directory] }
        if let umask = options.umask { arguments += ["--umask", String(umask, radix: 8)] }
        if let user = options.user { arguments += ["--user", user] }
        if let group = options.group { arguments += ["--group", group] }
        for pair in options.environment { arguments += ["--env", pair] }
        arguments += ["--ready", options.ready.text, "--timeout", Parsing.text(options.timeout)]
        return arguments + ["--"] + command
    }

    /// `run`'s options, for managers that keep the program in the foreground themselves.
    func runArguments(pidFile: String) -> [String] {
        var arguments = startArguments(pidFile: pidFile)
        arguments[0] = "run"
        return arguments
    }
}
