import Daemoniker
import DaemonikerPlatform

/// `--program-pid-file`: a program that forks itself into the background. The keeper is a child
/// subreaper (or PID 1), so the process the program leaves running becomes the keeper's child
/// once its parent exits; the keeper adopts the one the program names in its own pid file.
extension Keeper {
    /// Waits, until `--timeout` after `started`, for `launcher` (the program as started) to exit
    /// 0 and for `path` to name a process that is the keeper's child; that process, watched from
    /// now on. A failure stops the program's whole tree first. A pid `path` named before the
    /// program started (`stale`) counts as not written yet.
    func adopt(
        from launcher: ChildProcess, path: String, stale: Int32?, started: Int64, progress: inout Progress
    ) -> Result<ChildProcess, LaunchFailure> {
        let deadline = started + options.timeout.milliseconds
        var named: Int32?
        while true {
            if let interruption = interruption(of: launcher) { return .failure(interruption) }
            if let ending = launcher.poll() {
                guard ending == .exited(0) else {
                    return .failure(
                        failure(
                            .daemonExited,
                            "\(name) (pid \(launcher.pid)) \(ending.phrase) before it was ready (it was to fork and write the pid of the process it leaves running to \(path)); look at its output\(logHint)",
                            ending))
                }
                do {
                    named = try PIDFile(path).readProgramPID()
                } catch {
                    return .failure(
                        failure(
                            error.code, "--program-pid-file: \(error.message)",
                            .exited(ExitStatus.badInput.code)))
                }
                if let pid = named {
                    if let adopted = ChildProcess.adopt(pid, reaper: reaper) { return .success(adopted) }
                    if let refusal = refusal(of: pid, path: path, launcher: launcher.pid, stale: stale) {
                        return .failure(refusal)
                    }
                }
            }
            let now = Platform.monotonicMilliseconds()
            if now >= deadline {
                let why =
                    launcher.poll() == nil
                    ? "\(name) (pid \(launcher.pid)) still ran; with --program-pid-file it must exit 0 once it has forked into the background"
                    : "\(name) exited with status 0, but \(path) \(named.map { $0 == stale ? "still names pid \($0) from before the start" : "names pid \($0), which has not become the keeper's child" } ?? "was not written")"
                return .failure(
                    failure(
                        .readinessTimeout,
                        "\(name) was not ready within \(options.timeout.text) s: \(why); its processes were stopped. Raise --timeout, or check --program-pid-file against the program's own pid file setting",
                        .exited(ExitStatus.timedOut.code)))
            }
            progress.update(elapsed: now - started)
            // A child's end wakes this at once; the file is looked at every 50 ms.
            reaper.waitForChange(milliseconds: 50)
        }
    }

    /// Why the adoption stops: a terminate signal to the keeper, or the launcher of `start` gone.
    private func interruption(of launcher: ChildProcess) -> LaunchFailure? {
        if Self.stopping.load(ordering: .sequentiallyConsistent) {
            let ending = launcher.stop(grace: Self.stopGrace)
            return failure(
                .daemonFailed,
                "\(name) (pid \(launcher.pid)) was stopped before it was ready (it \(ending.phrase)): the keeper was told to stop",
                ending)
        }
        if let lifeline, Lifeline.isBroken(lifeline) {
            let ending = launcher.stop(grace: Self.stopGrace)
            return failure(
                .daemonFailed,
                "the start was interrupted (the waiting daemoniker got a signal or ended), so \(name) (pid \(launcher.pid)) was stopped (it \(ending.phrase))",
                ending)
        }
        return nil
    }

    /// Why `pid`, named in `path` but not the keeper's child, is refused; nil while it may still
    /// become its child (a descendant whose parent has not exited yet, or a stale pid).
    private func refusal(of pid: Int32, path: String, launcher: Int32, stale: Int32?) -> LaunchFailure? {
        if pid == launcher {
            return failure(
                .daemonExited,
                "\(path) names \(name)'s own pid \(pid), which has exited: with --program-pid-file the program must write the pid of the process it forks to stay in the background; a program that stays in the foreground needs no --program-pid-file",
                .exited(0))
        }
        if let ending = reaper.orphanEnding(pid) {
            return failure(
                .daemonExited,
                "\(name)'s background process (pid \(pid), named in \(path)) \(ending.phrase) before it was ready; look at its output\(logHint)",
                ending)
        }
        if pid == stale || isDescendant(pid) { return nil }
        let what =
            Platform.processIdentity(pid).map { "\($0.name), child of pid \($0.parent)" } ?? "no such process"
        return failure(
            .invalidConfiguration,
            "\(path) names pid \(pid) (\(what)), which \(name) did not start; refusing to adopt it. Check that --program-pid-file is the path the program writes its pid to, and that no other program writes there",
            .exited(ExitStatus.badInput.code))
    }

    /// Whether `pid` descends from this process (its parent, or its parent's parent..., is this
    /// process): one that will become this process's child once its parent exits.
    private func isDescendant(_ pid: Int32) -> Bool {
        var current = pid
        for _ in 0..<64 {
            guard let parent = Platform.processIdentity(current)?.parent,
                parent > 1 || parent == Platform.processID
            else { return false }
            if parent == Platform.processID { return true }
            current = parent
        }
        return false
    }

    /// A failure that stops the program's whole tree first.
    private func failure(_ code: DaemonikerError.Code, _ message: String, _ ending: ProcessEnding)
        -> LaunchFailure
    {
        reaper.endTree(first: nil, grace: Self.stopGrace)
        return LaunchFailure(error: DaemonikerError(code, message), ending: ending)
    }
}
