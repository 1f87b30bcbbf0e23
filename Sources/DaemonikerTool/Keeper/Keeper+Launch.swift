import Daemoniker
import DaemonikerPlatform

/// A run of the program that failed before it was ready: why, and how the program ended (its
/// tree is stopped, or is stopped by whoever handles the failure).
struct LaunchFailure: Error {
    /// Why, as the launcher (or the respawn note) says it.
    let error: DaemonikerError
    /// How the program ended, or what stands for it when the process the keeper supervises
    /// did not end by itself.
    let ending: ProcessEnding
}

/// One run: starting the program, adopting its daemonized process, waiting until it is ready.
extension Keeper {
    /// Starts the program; with `--program-pid-file`, waits for it to exit 0 and adopts the
    /// process it names there; then waits for the readiness condition, all within `--timeout`.
    /// The process supervised as the program, and the failure if it is not ready.
    func launch(_ probe: ReadinessProbe, progress: inout Progress) -> (ChildProcess, LaunchFailure?) {
        let started = Platform.monotonicMilliseconds()
        // A pid the file names before the program runs is a previous run's, not this one's.
        let stale = options.programPIDFile.flatMap { try? PIDFile($0).readProgramPID() }
        let launcher = start(probe)
        var child = launcher
        if let path = options.programPIDFile {
            let adoption = adopt(
                from: launcher, path: path, stale: stale, started: started, progress: &progress)
            switch adoption {
            case .success(let adopted):
                child = adopted
                Self.current.withLock { $0 = adopted }
                do {
                    try held.name(adopted.pid, daemon: daemon)
                } catch {
                    return (adopted, LaunchFailure(error: error, ending: adopted.stop(grace: Self.stopGrace)))
                }
                Tool.note(
                    "\(name) (pid \(launcher.pid)) exited with status 0 after writing pid \(adopted.pid) to \(path); supervising pid \(adopted.pid) as \(name)"
                )
            case .failure(let failure):
                return (launcher, failure)
            }
        }
        if let error = awaitReadiness(of: child, probe: probe, started: started, progress: &progress) {
            return (child, LaunchFailure(error: error, ending: child.poll() ?? .exited(255)))
        }
        return (child, nil)
    }
}
