import Daemoniker
import DaemonikerPlatform

/// `upgrade`: has the keeper start a new generation of COMMAND beside the running one, with the
/// same sockets, and replace the running one only once the new one is ready.
struct UpgradeCommand: Subcommand {
    /// `--timeout SECONDS`.
    static let timeout = SharedOptions.timeout(
        "how long the new generation has to become ready (default 30);\nthen it is stopped and the running one serves on"
    )
    /// `--drain SECONDS`.
    static let drain = Option<Seconds>(
        "drain", "SECONDS",
        help: "how long the old generation has to finish after SIGTERM before\nSIGKILL (default 30)")

    static let spec = CommandSpec(
        name: "upgrade",
        abstract: "start a new generation of the program, switch to it once ready, drain the old",
        discussion: """
            Has the keeper of a program started with start or run (and a --ready mode the new
            generation can be told by: exec, notify, fd:N, log:REGEX or delay:SECONDS) start COMMAND
            again beside the running generation: the same command line, environment, user, working
            directory, output routing and listening sockets; the executable is read from disk anew.
            Once the new generation is ready (its own READY=1 on its own notify socket, its own
            descriptor, its own output), the pid file names it (a new, locked file renamed over it),
            status, stop, signal, reload and logs reach it, and the old generation is sent SIGTERM,
            then SIGKILL after --drain. A new generation that ends or is not ready within --timeout
            is stopped; the running one serves on and the pid file is left as it was. One upgrade
            at a time. A Swift daemon that daemonized itself with acceptsUpgrades is upgraded
            the same way by the library (PIDFile.upgrade). Not on Windows.
            """,
        options: [SharedOptions.requiredPIDFile, timeout.declaration, drain.declaration],
        statuses: [
            StatusMeaning(
                .success,
                "the new generation is ready and named in the pid file; the old one was told\nto stop"),
            StatusMeaning(
                .failure,
                "the new generation failed (it ended, or was not ready within --timeout): it was\nstopped, the running one serves on, the pid file is unchanged; or the keeper\ncould not be reached"
            ),
            StatusMeaning(
                .badInput,
                "bad input; also: a --ready mode that would be answered by the running generation\n(tcp:, unix:, http:, file:), a program adopted with --program-pid-file, a\nprogram neither started by daemoniker start or run nor taking upgrades\nitself (acceptsUpgrades), or Windows"
            ),
            .notRunning,
            StatusMeaning(.busy, "another upgrade of the program is under way (nothing was changed)"),
        ])

    /// The pid file.
    let pidFile: String
    /// How long the new generation has to become ready.
    let timeout: Seconds
    /// How long the old one has between `SIGTERM` and `SIGKILL`.
    let drain: Seconds

    init(_ line: ParsedCommandLine) throws(ToolError) {
        pidFile = try line.required(SharedOptions.pidFile)
        timeout = try line.value(Self.timeout, default: Seconds(30))
        drain = try line.value(Self.drain, default: Seconds(30))
    }

    func run() throws(ToolError) -> ExitStatus {
        guard Platform.supportsUpgrade else {
            throw ToolError(
                .badInput,
                "upgrade is not supported on \(Platform.name) (yet): the keeper cannot hand its listening sockets to a new generation of the program there; use restart"
            )
        }
        try PIDFileAccess.checkReadable(pidFile)
        let absolute = Platform.absolutePath(pidFile)
        let running: Int32
        switch PIDFile(absolute).status() {
        case .stopped:
            throw ToolError(
                .notRunning, "not running (no pid file \(pidFile)); start it with daemoniker start")
        case .stale(let named):
            throw ToolError(
                .notRunning,
                "not running (pid file \(pidFile) is stale\(named.map { ", it names pid \($0)" } ?? "")); start it with daemoniker start"
            )
        case .starting:
            throw ToolError(
                .notRunning,
                "the program of pid file \(pidFile) is still starting; upgrade it once it is ready")
        case .running(let pid):
            running = pid
        }
        guard let record = try KeeperRecord.read(forPIDFile: absolute), Platform.processIsAlive(record.keeper)
        else {
            return try upgradeLibraryDaemon(absolute, running: running)
        }
        guard let control = record.control else {
            throw ToolError(
                .failure,
                "the keeper of pid file \(pidFile) (pid \(record.keeper)) has no control socket (its log or standard error says why); start the program again to get one"
            )
        }
        // The keeper answers once the new generation is ready, or once a failed one is stopped.
        let waiting = timeout.milliseconds + Keeper.stopGrace.milliseconds + 10_000
        let answer = try KeeperControl.send(
            UpgradeRequest.line(timeout: timeout, drain: drain), to: control, owner: record.owner,
            waiting: waiting)
        switch answer {
        case .done(let text):
            print("upgraded: \(text)")
            return .success
        case .failed(let status, let message):
            throw ToolError(status, message)
        case .refused(let reason):
            throw ToolError(
                .failure,
                "the keeper of pid file \(pidFile) (pid \(record.keeper)) refused: \(reason); a keeper started by an earlier daemoniker cannot upgrade: restart the program once with this one"
            )
        case .unreachable(let why):
            if case .running = PIDFile(absolute).status() {
                throw ToolError(
                    .failure,
                    "cannot reach the keeper of pid file \(pidFile) (pid \(record.keeper)): \(why); run as the keeper's user or root"
                )
            }
            throw ToolError(
                .notRunning, "the program of pid file \(pidFile) ended during the upgrade (\(why))")
        }
    }
}

extension UpgradeCommand {
    /// No keeper runs the program: a Swift daemon that takes upgrades itself
    /// (`acceptsUpgrades`) is upgraded through the library, with this command's timeout and drain.
    fileprivate func upgradeLibraryDaemon(_ absolute: String, running: Int32) throws(ToolError) -> ExitStatus
    {
        do {
            let newPID = try PIDFile(absolute).upgrade(
                timeout: timeout.duration, drain: drain.duration)
            print("upgraded: pid \(newPID) (was \(running))")
            return .success
        } catch {
            switch error.code {
            case .unsupported:
                throw ToolError(
                    .badInput,
                    "pid file \(pidFile) names pid \(running), which neither a keeper of daemoniker runs (no record \(KeeperRecord.path(forPIDFile: absolute)) naming a live keeper) nor takes upgrades itself (\(error.message)): upgrade works for programs started with daemoniker start or run, and for Swift daemons with acceptsUpgrades"
                )
            case .upgradeInProgress: throw ToolError(.busy, error.message)
            case .upgradeFailed: throw ToolError(.failure, error.message)
            default: throw ToolError(ExitStatus(error), error.message)
            }
        }
    }
}
