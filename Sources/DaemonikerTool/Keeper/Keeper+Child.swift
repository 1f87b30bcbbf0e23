import Daemoniker
import DaemonikerPlatform

/// Starting the program: its environment, its descriptors, and the pid file naming it.
extension Keeper {
    /// Starts the program with the pid file's descriptor, and names it in the pid file.
    func start(_ probe: ReadinessProbe) -> ChildProcess {
        let child: ChildProcess
        // The listening sockets from descriptor 3 on, in order (systemd's socket activation).
        let moves =
            probe.moves
            + listening.enumerated().map { index, socket in
                (from: socket.descriptor, to: ListeningSockets.firstDescriptor + Int32(index))
            }
        let lockCopy = inheritLock(avoiding: moves.map(\.to))
        defer { if let lockCopy { Platform.close(lockCopy) } }
        do {
            child = try ChildProcess.spawn(
                path: program, arguments: options.command, environment: environment(probe),
                moves: moves, pidVariable: listening.isEmpty ? nil : "LISTEN_PID", reaper: reaper)
        } catch {
            fail(
                .daemonFailed,
                "could not start \(program): \(error.reason); check the command and its permissions")
        }
        Self.current.withLock { $0 = child }
        probe.childStarted()
        do {
            try daemon.namePIDFile(child.pid)
        } catch {
            _ = child.stop(grace: Seconds(0))
            fail(error.code, error.message)
        }
        return child
    }

    /// Lets the child inherit the pid file's descriptor. Where a readiness descriptor is to
    /// land on its number (`--ready fd:3`), the child inherits a copy above the readiness
    /// descriptors instead, which is returned for closing after the start.
    private func inheritLock(avoiding targets: [Int32]) -> Int32? {
        guard let fd = daemon.pidFileDescriptor else { return nil }
        guard targets.contains(fd) else {
            Platform.setCloseOnExec(fd, false)
            return nil
        }
        Platform.setCloseOnExec(fd, true)
        return try? Platform.duplicate(fd, atLeast: (targets.max() ?? fd) + 1, closeOnExec: false)
    }

    /// The program's environment: this process's, without the tool's own variables, with
    /// `--env`, what the readiness mode adds, and the socket-activation variables for
    /// `--listen` (`LISTEN_PID` the child sets itself).
    private func environment(_ probe: ReadinessProbe) -> [String] {
        let dropped = [
            "NOTIFY_SOCKET=", "\(KeeperLaunch.progressVariable)=", "\(Lifeline.variable)=",
            "\(ListeningSlots.variable)=",
        ]
        let activation =
            listening.isEmpty
            ? []
            : [
                "LISTEN_FDS=\(listening.count)",
                "LISTEN_FDNAMES=\(listening.map(\.address.name).joined(separator: ":"))",
            ]
        var names = Set(options.environment.map(\.name))
        names.formUnion((probe.environment + activation).map { String($0.prefix { $0 != "=" }) })
        if !listening.isEmpty { names.insert("LISTEN_PID") }
        let inherited = Platform.rawEnvironment().map { String(decoding: $0, as: UTF8.self) }.filter {
            entry in
            !dropped.contains { entry.hasPrefix($0) }
                && !names.contains(String(entry.prefix { $0 != "=" }))
        }
        return inherited + options.environment.map(\.text) + probe.environment + activation
    }
}
