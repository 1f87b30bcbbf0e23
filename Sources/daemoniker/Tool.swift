import Daemoniker
import DaemonikerPlatform

/// The entry point: picks the subcommand, runs it, and turns its error into a message and an
/// exit status.
enum Tool {
    /// The subcommands, in the order `--help` lists them.
    static let subcommands = [
        "start", "stop", "restart", "reload", "signal", "status", "wait", "run", "generate",
    ]

    /// Runs the tool with `arguments` (without the program's name) and exits.
    static func main(_ arguments: [String]) -> Never {
        guard let first = arguments.first else {
            fail(.usage("a subcommand is missing", of: "daemoniker"))
        }
        if first == "--help" || first == "-h" || first == "help" {
            if arguments.count > 1, subcommands.contains(arguments[1]) {
                print(Usage.text(of: arguments[1]), terminator: "")
            } else {
                print(Usage.text(of: "daemoniker"), terminator: "")
            }
            Platform.exitProcess(0)
        }
        let rest = Array(arguments.dropFirst())
        if subcommands.contains(first), rest.first == "--help" || rest.first == "-h" {
            print(Usage.text(of: first), terminator: "")
            Platform.exitProcess(0)
        }
        do throws(ToolError) {
            let status: Int32
            switch first {
            case "start": try StartCommand.run(rest, subcommand: "start")
            case "run": try StartCommand.run(rest, subcommand: "run")
            case "restart": try RestartCommand.run(rest)
            case "stop": status = try StopCommand.run(rest)
            case "signal": status = try SignalCommand.run(rest)
            case "reload": status = try ReloadCommand.run(rest)
            case "status": status = try StatusCommand.run(rest)
            case "wait": status = try WaitCommand.run(rest)
            case "generate": status = try GenerateCommand.run(rest)
            default:
                throw .usage(
                    "unknown subcommand '\(first)'; use one of \(subcommands.joined(separator: ", "))",
                    of: "daemoniker")
            }
            Platform.flushStandardStreams()
            Platform.exitProcess(status)
        } catch {
            fail(error)
        }
    }

    /// Prints `error` (and the usage it asks for) on standard error and exits with its status.
    static func fail(_ error: ToolError) -> Never {
        Platform.flushStandardStreams()
        var text = "daemoniker: \(error.message)\n"
        if let subcommand = error.usageOf {
            text += "\n" + Usage.text(of: subcommand)
        }
        Platform.writeStandardError(text)
        Platform.exitProcess(error.status)
    }

    /// Prints `line` on standard error, prefixed with `daemoniker: `.
    static func note(_ line: String) {
        Platform.flushStandardStreams()
        Platform.writeStandardError("daemoniker: \(line)\n")
    }
}
