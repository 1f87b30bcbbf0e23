import DaemonikerPlatform

/// Starts the program's own executable again, detached, with an environment switch and a state
/// file; the new process runs `main` from the top, and `daemonize` there skips `setup`, loads
/// the state and becomes the daemon. The only backend on Windows; safe on POSIX in a process
/// that already runs threads, because the detaching fork/setsid/fork/exec runs in C and calls
/// nothing between fork and exec that allocates or takes a lock.
public struct RelaunchStrategy: DaemonizationStrategy {
    /// Creates the strategy.
    public init() {}

    /// `"relaunch"`.
    public var name: String { "relaunch" }

    /// For tests of the state file's checks: runs in the launching process with the state file's
    /// path after it is written and before the relaunch.
    nonisolated(unsafe) package static var stateFileHook: ((String) -> Void)?

    /// Relaunches (in the original process) or resumes as the daemon (in the relaunched one).
    public func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon {
        if let value = Platform.environmentValue(RelaunchSwitch.variable) {
            // Gone before anything else runs: a child of the daemon must not think it is relaunched.
            Platform.removeEnvironmentValue(RelaunchSwitch.variable)
            return resume(request, switchValue: value)
        }
        try launch(request)
    }

    private func launch(_ request: DetachRequest) throws(DaemonikerError) -> Never {
        let validated = try request.validate()
        let (lock, state) = try request.lockAndRunSetup(validated)
        var statePath: String?
        func abandon() {
            if let statePath { try? Platform.unlink(statePath) }
            lock?.release()
        }
        let executable: String
        let channel: (read: Int32, write: Int32)
        do throws(DaemonikerError) {
            let token = Platform.randomBytes(16).map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
            statePath = try StateStore.write(token: token, state: state)
            do {
                executable = try Platform.executablePath()
                channel = try Platform.pipe()
            } catch {
                throw DaemonikerError("prepare the relaunch", error)
            }
            let switchValue = RelaunchSwitch(
                token: token, readinessHandle: Int64(channel.write),
                lockHandle: lock.map { Int64($0.descriptor) },
                statePath: statePath ?? "")
            let environment =
                Platform.rawEnvironment().filter { entry in
                    !entry.starts(with: Array((RelaunchSwitch.variable + "=").utf8))
                        && !entry.starts(with: Array((Platform.sentinelVariable + "=").utf8))
                } + [Array("\(RelaunchSwitch.variable)=\(switchValue.encoded)".utf8)]
            if let hook = Self.stateFileHook, let statePath { hook(statePath) }
            // A stream the daemon inherits must be handed over: Windows passes only listed handles.
            let streams = [validated.standardInput, validated.standardOutput, validated.standardError]
            let inherit =
                [channel.write] + (lock.map { [$0.descriptor] } ?? [])
                + request.configuration.preservedDescriptors
                + (0..<3).filter { streams[$0] == .inherit }.map { Int32($0) }
            // Hand the lock over before the daemon can ask for it (on Windows the launcher keeps
            // a "starting" lock meanwhile, so no other starter can win; elsewhere nothing to do).
            if let lock { Platform.handOverLock(lock.descriptor) }
            do {
                try Platform.spawnDetached(
                    path: executable, arguments: Platform.rawArguments(), environment: environment,
                    inherit: inherit, reportFD: channel.write)
            } catch {
                Platform.close(channel.read)
                Platform.close(channel.write)
                throw DaemonikerError("start \(executable) again", error)
            }
            Platform.close(channel.write)
        } catch {
            abandon()
            throw error
        }
        let leftover = statePath
        Launcher.finish(
            waiter: ReadinessWaiter(descriptor: channel.read), lock: lock, strategy: name,
            timeoutMilliseconds: validated.timeoutMilliseconds, whenReady: request.whenReady,
            executable: executable,
            cleanup: { if let leftover { try? Platform.unlink(leftover) } })
    }

    private func resume(_ request: DetachRequest, switchValue: String) -> DetachedDaemon {
        let parsed: RelaunchSwitch
        do {
            parsed = try RelaunchSwitch(parsing: switchValue)
        } catch {
            // Without a parsed switch there is no channel to report on; say it where we can.
            Platform.writeStandardError("daemoniker: \(error.message)\n")
            Platform.exitImmediately(error.launcherExitCode)
        }
        let reporter = ReadinessReporter(descriptor: Int32(truncatingIfNeeded: parsed.readinessHandle))
        Platform.setCloseOnExec(reporter.descriptor, true)
        reporter.send(.pid(Platform.processID))
        var lock: PIDFileLock?
        let early = DaemonSession(strategy: name, lock: nil, reporter: reporter, notify: nil)
        let state: [UInt8]
        let validated: ValidatedConfiguration
        do throws(DaemonikerError) {
            state = try StateStore.take(path: parsed.statePath, token: parsed.token)
            validated = try request.validate()
            if let handle = parsed.lockHandle {
                let fd = Int32(truncatingIfNeeded: handle)
                Platform.setCloseOnExec(fd, true)
                guard let path = validated.pidFile, let identity = try? Platform.info(ofDescriptor: fd) else {
                    throw DaemonikerError(
                        .stateFileMalformed,
                        "the relaunched process did not inherit the pid-file lock (descriptor \(fd)); the program must configure the same pid file in both runs"
                    )
                }
                do {
                    try Platform.takeOverLock(fd)
                } catch {
                    throw DaemonikerError("take over the pid-file lock \(path) from the launcher", error)
                }
                lock = PIDFileLock(path: path, descriptor: fd, identity: identity)
            }
        } catch {
            early.fail(error)
        }
        let session = DaemonSteps.detachedSession(name, validated, lock: lock, reporter: reporter)
        return DetachedDaemon(state: state, strategy: name, session: session, validated: validated)
    }
}

extension DaemonizationStrategy where Self == RelaunchStrategy {
    /// Start the own executable again with a switch and a state file; see ``RelaunchStrategy``.
    public static var relaunch: RelaunchStrategy { RelaunchStrategy() }
}
