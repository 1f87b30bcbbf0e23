import Daemoniker
import DaemonikerPlatform

/// `start` (detached) and `run` (in the foreground): the library daemonizes this tool with the
/// pid file, and the daemon becomes a ``Keeper`` that runs the program as its child.
enum StartCommand {
    /// The environment variable that carries the descriptor of the launcher's terminal to the
    /// keeper (for the progress line), across a relaunch too. Never passed to the program.
    static let progressVariable = "DAEMONIKER_PROGRESS_FD"

    /// Starts the program as `subcommand` (`start` or `run`) says; never returns.
    static func run(_ arguments: [String], subcommand: String) throws(ToolError) -> Never {
        let options = try LaunchOptions(
            arguments, subcommand: subcommand,
            extraValued: subcommand == "run" ? ["--respawn-limit"] : [],
            extraFlags: subcommand == "run" ? ["--respawn"] : [])
        try launch(options, subcommand: subcommand)
    }

    /// Checks `options`, daemonizes, and runs the keeper in the daemon.
    static func launch(_ options: LaunchOptions, subcommand: String) throws(ToolError) -> Never {
        let foreground = subcommand == "run"
        #if os(Windows)
            throw ToolError(
                2,
                "\(subcommand) is not supported on Windows (yet): the keeper that runs the program as its child is POSIX-only; run the program under a Windows service (daemoniker generate windows-service) instead; stop, signal, status, wait and generate work there"
            )
        #else
            let program = try options.resolvedProgram(subcommand: subcommand)
            if let directory = options.workingDirectory, !Platform.isDirectory(directory) {
                throw .usage(
                    "--chdir \(directory) is not a directory; create it or choose another", of: subcommand)
            }
            let progress = foreground ? nil : progressDescriptor()
            let lifeline = foreground ? nil : Lifeline.make()
            let output: StandardStream =
                options.log.map { .file($0, append: true) } ?? (foreground ? .inherit : .null)
            let error: StandardStream =
                options.errorLog.map { .file($0, append: true) }
                ?? (options.log != nil ? .sameAsOutput : (foreground ? .inherit : .null))
            let configuration = Daemoniker(
                pidFile: options.pidFile.isEmpty ? nil : options.pidFile,
                workingDirectory: options.workingDirectory
                    ?? (foreground ? Platform.currentDirectory() : "/"),
                umask: options.umask ?? 0o022,
                standardInput: foreground ? .inherit : .null,
                standardOutput: output,
                standardError: error,
                preservedDescriptors: [progress, lifeline].compactMap { $0 },
                user: options.user,
                group: options.group,
                readiness: .manual,
                // The keeper stops the program at `timeout` itself and reports that; the margin
                // covers stopping it, so that the library never kills the keeper first.
                readinessTimeout: Parsing.duration(options.timeout + Keeper.stopGrace + 5),
                strategy: foreground ? .foreground : options.detachingStrategy)
            let daemon = configuration.daemonize { launch in
                guard !foreground else { return }
                var pid = launch.pid
                if let path = launch.pidFile, case .running(let named) = PIDFile(path).status() {
                    pid = named
                }
                print("started \(options.command[0]) as pid \(pid), ready (\(options.ready.text))")
            }
            Keeper(
                options: options, program: program, daemon: daemon, progress: progress, lifeline: lifeline,
                foreground: foreground
            )
            .run()
        #endif
    }

    /// A duplicate of standard error when it is a terminal, for the keeper's progress line;
    /// inherited through a relaunch by way of ``progressVariable``.
    private static func progressDescriptor() -> Int32? {
        let inherited = Platform.environmentValue(progressVariable)
        Platform.removeEnvironmentValue(progressVariable)
        if Platform.environmentValue(RestartCommand.relaunchVariable) != nil {
            // The relaunched keeper: the launcher's duplicate is open here under the same number.
            // (Anywhere else the variable is a stray value from the caller's environment.)
            return inherited.flatMap { Int32($0) }.flatMap { Platform.isOpen($0) ? $0 : nil }
        }
        guard let fd = Terminal.duplicateIfTerminal(2) else { return nil }
        Platform.setEnvironmentValue(progressVariable, "\(fd)")
        return fd
    }
}
