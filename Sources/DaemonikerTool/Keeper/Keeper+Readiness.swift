import Daemoniker
import DaemonikerPlatform

/// Waiting for the readiness condition, or for the reason there will be none.
extension Keeper {
    /// Waits until the program is ready, `--timeout` after `started` at the latest; the failure
    /// (its exit, the timeout) otherwise, after stopping it.
    func awaitReadiness(
        of child: ChildProcess, probe: ReadinessProbe, started: Int64, progress: inout Progress
    )
        -> DaemonikerError?
    {
        let deadline = started + options.timeout.milliseconds
        while true {
            // A terminate signal that came before the program was there to get it.
            if Self.stopping.load(ordering: .sequentiallyConsistent) {
                let status = child.stop(grace: Self.stopGrace)
                return DaemonikerError(
                    .daemonFailed,
                    "\(name) (pid \(child.pid)) was stopped before it was ready (it \(status.phrase)): the keeper was told to stop"
                )
            }
            // The launcher was interrupted or has gone: nobody waits for this start any more.
            if let lifeline, Lifeline.isBroken(lifeline) {
                let status = child.stop(grace: Self.stopGrace)
                return DaemonikerError(
                    .daemonFailed,
                    "the start was interrupted (the waiting daemoniker got a signal or ended), so \(name) (pid \(child.pid)) was stopped (it \(status.phrase))"
                )
            }
            // Started is ready for `exec`, even if the program has already ended again.
            if options.ready == .exec { return nil }
            if let status = child.poll() {
                return DaemonikerError(
                    .daemonExited,
                    "\(name) (pid \(child.pid)) \(status.phrase) before it was ready (waiting for \(options.ready.waitingFor)); look at its output\(logHint)"
                )
            }
            let now = Platform.monotonicMilliseconds()
            if probe.isReady(elapsed: now - started, milliseconds: 50, deadline: deadline) {
                probe.finished()
                // Ready means ready and still running.
                if let status = child.poll() {
                    return DaemonikerError(
                        .daemonExited,
                        "\(name) (pid \(child.pid)) \(status.phrase) just as \(options.ready.waitingFor) came, so it is not running; look at its output\(logHint)"
                    )
                }
                return nil
            }
            if Platform.monotonicMilliseconds() >= deadline {
                let status = child.stop(grace: Self.stopGrace)
                return DaemonikerError(
                    .readinessTimeout,
                    "\(name) (pid \(child.pid)) was not ready within \(options.timeout.text) s (waiting for \(options.ready.waitingFor)) and was stopped (it \(status.phrase)); raise --timeout or check --ready"
                )
            }
            progress.update(elapsed: now - started)
        }
    }
}
