import Daemoniker
import DaemonikerPlatform

/// `restart` with `start`'s arguments: stops what runs (escalating to `SIGKILL` after
/// `--timeout`), then starts.
enum RestartCommand {
    /// The library's relaunch switch: present while a relaunched daemon runs the tool's code
    /// again, which must not stop anything a second time.
    static let relaunchVariable = "DAEMONIKER_RELAUNCH"

    /// Restarts; exits as `start` does.
    static func run(_ arguments: [String]) throws(ToolError) -> Never {
        let options = try LaunchOptions(arguments, subcommand: "restart")
        if Platform.environmentValue(relaunchVariable) == nil {
            _ = try StopCommand.stop(pidFile: options.pidFile, signal: .terminate, timeout: options.timeout)
        }
        try StartCommand.launch(options, subcommand: "restart")
    }
}
