import Daemoniker
import DaemonikerPlatform

/// What `start`, `restart` and `run` share: the library daemonizes this tool with the pid file,
/// and the daemon becomes a ``Keeper`` that runs the program as its child.
struct KeeperLaunch {
    /// Detached (`start`, `restart`) with a strategy, or in the foreground (`run`), where a
    /// failed program may be started again.
    enum Mode {
        /// Detach with this strategy, then report to the waiting launcher.
        case detached(DaemonizationStrategy)
        /// Stay in the foreground; with a respawn limit, start the program again when it fails.
        case foreground(respawnLimit: Int?)
    }

    /// The environment variable that carries the descriptor of the launcher's terminal to the
    /// keeper (for the progress line), across a relaunch too. Never passed to the program.
    static let progressVariable = "DAEMONIKER_PROGRESS_FD"

    /// What a detaching start exits with.
    static let startStatuses = [
        StatusMeaning(.success, "COMMAND is ready"),
        StatusMeaning(
            .failure,
            "failed, interrupted (Ctrl-C: COMMAND is stopped too) or COMMAND exited before it was\nready"),
        StatusMeaning(
            .badInput,
            "bad input (also: the --ready condition already holds before COMMAND starts, or\nthe --program-pid-file is one the keeper cannot trust)"
        ),
        .alreadyRunning, .notReadyInTime,
    ]

    /// What to run and how.
    let options: LaunchOptions
    /// How to run it.
    let mode: Mode

    /// Checks the options, daemonizes, and runs the keeper in the daemon; never returns.
    func run() throws(ToolError) -> Never {
        if let address = options.listen.first, !Platform.supportsKeeper {
            throw ToolError(
                .badInput,
                "\(LaunchOptions.listen.flag) \(address) is not supported on \(Platform.name): it passes listening sockets by systemd's socket activation, which needs the keeper and inheritable descriptors; let the program listen itself"
            )
        }
        guard Platform.supportsKeeper else {
            throw ToolError(
                .badInput,
                "start, restart and run are not supported on \(Platform.name) (yet): the keeper that runs the program as its child is POSIX-only; run the program under a Windows service (daemoniker generate windows-service) instead; stop, signal, status, wait and generate work there"
            )
        }
        let program = try options.resolvedProgram()
        // Made absolute before the daemon changes its working directory, as the pid file is.
        var options = options
        options.programPIDFile = options.programPIDFile.map { Platform.absolutePath($0) }
        if let directory = options.workingDirectory, !Platform.isDirectory(directory) {
            throw .usage("--chdir \(directory) is not a directory; create it or choose another")
        }
        let foreground: Bool
        let strategy: DaemonizationStrategy
        switch mode {
        case .detached(let chosen):
            foreground = false
            strategy = Self.detaching(chosen)
        case .foreground:
            foreground = true
            strategy = .foreground
        }
        let slots = try ListeningSlots.reserve(options.listen)
        let progress = foreground ? nil : Self.progressDescriptor()
        let lifeline = foreground ? nil : Lifeline.make()
        let output: StandardStream =
            options.log.map { .file($0, append: true) } ?? (foreground ? .inherit : .null)
        let error: StandardStream =
            options.errorLog.map { .file($0, append: true) }
            ?? (options.log != nil ? .sameAsOutput : (foreground ? .inherit : .null))
        let configuration = Daemoniker(
            pidFile: options.pidFile,
            workingDirectory: options.workingDirectory ?? (foreground ? Platform.currentDirectory() : "/"),
            umask: options.umask?.bits ?? 0o022,
            standardInput: foreground ? .inherit : .null,
            standardOutput: output,
            standardError: error,
            preservedDescriptors: [progress, lifeline].compactMap { $0 } + slots.descriptors,
            user: options.user,
            group: options.group,
            readiness: .manual,
            // The keeper stops the program at `timeout` itself and reports that; the margin
            // covers stopping it, so that the library never kills the keeper first.
            readinessTimeout: (options.timeout + Keeper.stopGrace + Seconds(5)).duration,
            strategy: strategy)
        // The sockets are bound in setup: after the pid file is locked, before any user switch.
        let daemon = configuration.daemonize(
            setup: { () throws(DaemonikerError) in
                try slots.bind()
                return Stateless()
            },
            whenReady: { launch in
                guard !foreground else { return }
                var pid = launch.pid
                if let path = launch.pidFile, case .running(let named) = PIDFile(path).status() {
                    pid = named
                }
                print("started \(options.programName) as pid \(pid), ready (\(options.ready.text))")
            })
        let reaper: Reaper
        do {
            reaper = try Reaper()
        } catch {
            daemon.fail(error)
        }
        Keeper(
            options: options, program: program, daemon: daemon, reaper: reaper, progress: progress,
            lifeline: lifeline, listening: slots.sockets(),
            foreground: foreground,
            respawnLimit: {
                if case .foreground(let limit) = mode { return limit }
                return nil
            }()
        )
        .run()
    }

    /// The library's strategy for a detaching start. `automatic` never means the foreground
    /// here: `start` always detaches, even under a supervisor (`run` is for that).
    private static func detaching(_ strategy: DaemonizationStrategy) -> DaemonizationStrategy {
        guard strategy == .automatic else { return strategy }
        let singleThreaded = Platform.threadCount() == 1
        return Platform.detachesByForking && singleThreaded ? .fork : .relaunch
    }

    /// A duplicate of standard error when it is a terminal, for the keeper's progress line;
    /// inherited through a relaunch by way of ``progressVariable``.
    private static func progressDescriptor() -> Int32? {
        let inherited = Platform.environmentValue(progressVariable)
        Platform.removeEnvironmentValue(progressVariable)
        if Daemoniker.isRelaunchedDaemon {
            // The relaunched keeper: the launcher's duplicate is open here under the same number.
            // (Anywhere else the variable is a stray value from the caller's environment.)
            return inherited.flatMap { Int32($0) }.flatMap { Platform.isOpen($0) ? $0 : nil }
        }
        guard Platform.isTerminal(2), let fd = try? Platform.duplicate(2, atLeast: 3, closeOnExec: true)
        else {
            return nil
        }
        Platform.setEnvironmentValue(progressVariable, "\(fd)")
        return fd
    }
}
