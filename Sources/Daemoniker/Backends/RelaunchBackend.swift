import DaemonikerPlatform

/// Starts the program's own executable again, detached, with an environment switch and the
/// state in an inherited anonymous file; the new process runs `main` from the top, and
/// `daemonize` there skips `setup`, loads the state and becomes the daemon. The only backend on
/// Windows; safe on POSIX in a process that already runs threads, because the detaching
/// fork/setsid/fork/exec runs in C and calls nothing between fork and exec that allocates or
/// takes a lock. `launch` is the launcher's half, `resume` the daemon's.
package struct RelaunchBackend: Backend {
    var strategy: DaemonizationStrategy { .relaunch }

    /// For tests of the state's checks: runs in the launching process with the anonymous state
    /// file's descriptor after it is written and before the relaunch.
    nonisolated(unsafe) package static var stateFileHook: ((Int32) -> Void)?

    /// Relaunches (in the original process) or resumes as the daemon (in the relaunched one).
    func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon {
        if let value = Platform.environmentValue(RelaunchSwitch.variable) {
            // Gone before anything else runs: a child of the daemon must not think it is relaunched.
            Platform.removeEnvironmentValue(RelaunchSwitch.variable)
            return resume(request, switchValue: value)
        }
        try launch(request)
    }

    /// The launching process: lock, setup, state, start the executable again, wait.
    private func launch(_ request: DetachRequest) throws(DaemonikerError) -> Never {
        // 1. Lock the pid file, then run setup (never while another instance runs).
        let validated = try ValidatedConfiguration(request.configuration)
        let (lock, state) = try request.lockAndRunSetup(validated)
        var stateFile: Int32?
        let executable: String
        let waiter: ReadinessWaiter
        do throws(DaemonikerError) {
            // 2. Write the state, under a one-time token, into a file with no name: nothing of
            // it outlives the processes holding it, however they end.
            let token = Token.hex(bytes: 16)
            let stateDescriptor = try StateStore.write(token: token, state: state)
            stateFile = stateDescriptor
            do {
                executable = try Platform.executablePath()
            } catch {
                throw DaemonikerError("prepare the relaunch", error)
            }
            if let hook = Self.stateFileHook { hook(stateDescriptor) }
            // 3. Start the executable again, detached (C: fork, setsid, fork, exec; Windows:
            // CreateProcess), with the streams the daemon inherits.
            let streams = [validated.standardInput, validated.standardOutput, validated.standardError]
            let others =
                request.configuration.preservedDescriptors
                + (0..<3).filter { streams[$0] == .inherit }.map { Int32($0) }
            // Hand the lock over before the daemon can ask for it (on Windows the launcher keeps
            // a "starting" lock meanwhile, so no other starter can win; elsewhere nothing to do).
            if let lock { Platform.handOverLock(lock.descriptor) }
            waiter = try RelaunchStart.start(
                executable, token: token, lock: lock?.descriptor, state: stateDescriptor, inheriting: others,
                preparing: "prepare the relaunch")
            // The daemon holds its own copy now.
            Platform.close(stateDescriptor)
        } catch {
            if let stateFile { Platform.close(stateFile) }
            lock?.release()
            throw error
        }
        // 4. Wait for the daemon's word.
        Launcher.finish(
            waiter: waiter, lock: lock, strategy: strategy,
            timeoutMilliseconds: validated.timeoutMilliseconds, whenReady: request.whenReady,
            executable: executable)
    }

    /// The relaunched process: take the state and the lock, then apply the daemon's steps.
    private func resume(_ request: DetachRequest, switchValue: String) -> DetachedDaemon {
        let parsed: RelaunchSwitch
        do {
            parsed = try RelaunchSwitch(parsing: switchValue)
        } catch {
            // Without a parsed switch there is no channel to report on; say it where we can.
            Platform.writeStandardError("daemoniker: \(error.message)\n")
            Platform.exitImmediately(error.launcherExitCode)
        }
        // The launcher's side already announced this pid on the channel.
        let reporter = ReadinessReporter(descriptor: Int32(truncatingIfNeeded: parsed.readinessHandle))
        Platform.setCloseOnExec(reporter.descriptor, true)
        let early = DaemonSession(strategy: strategy, lock: nil, reporter: reporter, notify: nil)
        let state: [UInt8]
        let validated: ValidatedConfiguration
        var lock: PIDFileLock?
        do throws(DaemonikerError) {
            validated = try ValidatedConfiguration(request.configuration)
            // Before the state: a switch that hands over no lock must not get a daemon started
            // beside the one that may hold it.
            if parsed.lockHandle == nil, let pidFile = validated.pidFile {
                throw Self.noLockInherited(pidFile)
            }
            state = try StateStore.take(
                descriptor: Int32(truncatingIfNeeded: parsed.stateHandle), token: parsed.token)
            if let handle = parsed.lockHandle {
                lock = try takeOverLock(handle: handle, path: validated.pidFile)
            }
        } catch {
            // A switch Daemoniker did not set may name no channel at all: then say it here too.
            if !Platform.isOpen(reporter.descriptor) {
                Platform.writeStandardError("daemoniker: \(error.message)\n")
            }
            early.fail(error)
        }
        // An upgrade's new generation speaks for itself to systemd (MAINPID=, READY=1).
        let upgradedFrom = UpgradeGeneration.take()
        let notify =
            upgradedFrom == nil
            ? nil
            : Platform.environmentValue("NOTIFY_SOCKET").flatMap {
                try? NotifySocket(path: $0)
            }
        let session = DaemonSteps.detachedSession(
            strategy, validated, lock: lock, reporter: reporter, upgradedFrom: upgradedFrom, notify: notify)
        if let upgradedFrom { Self.endWithoutOldGeneration(upgradedFrom, session: session) }
        return DetachedDaemon(state: state, session: session)
    }

    /// An upgrade's new generation whose old generation ends before this one is ready (it was
    /// stopped or killed meanwhile) has nobody to hand the pid file to it: it ends too, at once,
    /// leaving the pid file and the lock alone, instead of running on unseen.
    private static func endWithoutOldGeneration(_ old: Int32, session: DaemonSession) {
        try? Platform.startThread {
            while !session.isReady {
                if !Platform.processIsAlive(old) {
                    Platform.writeStandardError(
                        "daemoniker: the old generation (pid \(old)) ended before this new one (pid \(Platform.processID)) was ready; exiting\n"
                    )
                    Platform.exitImmediately(1)
                }
                Platform.sleep(milliseconds: 20)
            }
        }
    }

    /// A relaunched process that inherited no lock while the program configures `pidFile`: the
    /// launcher's run had no pid file (the configuration differs between the two runs), or
    /// someone else set the switch. Either way it must not run, possibly as a second daemon
    /// beside the one holding the lock. `invalidConfiguration` (exit 2): what the program was
    /// given does not fit together, and nothing was started; no other code says that (it is not
    /// `alreadyRunning`: whether a daemon holds the lock is not known, nor asked).
    private static func noLockInherited(_ pidFile: String) -> DaemonikerError {
        DaemonikerError(
            .invalidConfiguration,
            "this relaunched process inherited no lock on its pid file \(pidFile) (\(RelaunchSwitch.variable) says lock=-); refusing to run without it, possibly beside another daemon: configure the same pid file in both runs (before daemonize), and never set \(RelaunchSwitch.variable) by hand"
        )
    }

    /// The pid-file lock inherited from the launcher, as `handle`.
    private func takeOverLock(handle: Int64, path: String?) throws(DaemonikerError) -> PIDFileLock {
        let fd = Int32(truncatingIfNeeded: handle)
        Platform.setCloseOnExec(fd, true)
        guard let path, let identity = try? Platform.info(ofDescriptor: fd) else {
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
        return PIDFileLock(path: path, descriptor: fd, identity: identity)
    }
}
