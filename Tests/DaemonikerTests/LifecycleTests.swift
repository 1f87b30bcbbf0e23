import Foundation
import Testing

@testable import Daemoniker

/// Starting, refusing a second start, taking over a stale pid file, and stopping.
@Suite struct LifecycleTests {
    @Test(arguments: detachingStrategies)
    func terminateWithoutHandlersRemovesThePIDFileAndEndsBySIGTERM(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(directory.exists("d.pid"))
        kill(daemon.pid, SIGTERM)
        #expect(try daemon.run.ending(of: daemon.pid) == .killed(by: SIGTERM))
        #expect(!directory.exists("d.pid"))
    }

    @Test(arguments: detachingStrategies)
    func secondStartFailsAndLeavesTheFirstUntouched(strategy: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(["--strategy", strategy, "--pid-file", pidFile], in: directory)
        defer { first.run.finish(killing: [first.pid]) }

        let second = try HelperRun(["--strategy", strategy, "--pid-file", pidFile])
        let status = try second.launcherExit()
        second.finish()
        #expect(status == 3)
        #expect(
            second.launcherError.contains(
                "already running as pid \(first.pid) (pid file \(pidFile) is locked)"),
            "stderr: \(second.launcherError)")
        #expect(processIsLive(first.pid))
        #expect(directory.read("d.pid") == "\(first.pid)\n")
        #expect(PIDFile(pidFile).status() == .running(pid: first.pid))
    }

    @Test(arguments: detachingStrategies)
    func stalePIDFileIsTakenOver(strategy: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(["--strategy", strategy, "--pid-file", pidFile], in: directory)
        kill(first.pid, SIGKILL)
        #expect(try first.run.exitStatus(of: first.pid) == 128 + SIGKILL)
        first.run.finish()
        #expect(directory.read("d.pid") == "\(first.pid)\n", "SIGKILL leaves the file behind")
        #expect(PIDFile(pidFile).status() == .stale(pid: first.pid))

        let second = try startDaemon(["--strategy", strategy, "--pid-file", pidFile])
        defer { second.run.finish(killing: [second.pid]) }
        #expect(second.pid != first.pid)
        #expect(directory.read("d.pid") == "\(second.pid)\n")
        #expect(PIDFile(pidFile).status() == .running(pid: second.pid))
    }

    @Test func statusWithoutAFileIsStopped() throws {
        let directory = try TestDirectory()
        #expect(PIDFile(directory.file("none.pid")).status() == .stopped)
    }
}
