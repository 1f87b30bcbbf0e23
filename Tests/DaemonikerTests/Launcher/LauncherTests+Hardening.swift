import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

extension LauncherTests {
    /// Starts under conditions a careless parent or a busy system creates (a launcher killed,
    /// its stdio closed, SIGCHLD ignored), and a `setup` that calls `exit`.
    @Suite(.tags(.hardening)) struct Hardening {}
}

extension LauncherTests.Hardening {
    @Test(arguments: detachingStrategies)
    func aDaemonWhoseLauncherDiedStillBecomesReady(strategy: String) throws {
        let directory = try TestDirectory()
        let go = directory.file("go")
        let run = try HelperRun(
            [
                "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--manual-ready",
                "--ready-when", go,
            ],
            in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        let launcher = try waitFor("the launcher among the harness's children") {
            Proc.children(of: run.harness).first { $0 != report.pid }
        }
        kill(launcher, SIGKILL)
        #expect(try run.launcherExit() == 128 + SIGKILL)
        FileManager.default.createFile(atPath: go, contents: nil)
        // Reporting ready into a pipe nobody reads must not kill it with SIGPIPE.
        _ = try waitFor("the daemon to pass ready()") { directory.exists("ready.done") ? true : nil }
        #expect(Proc.alive(report.pid))
        #expect(PIDFile(directory.file("d.pid")).status() == .running(pid: report.pid))
    }

    @Test(arguments: detachingStrategies)
    func aLauncherWithStandardInputAndOutputClosedStillStarts(strategy: String) throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            [
                "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--stdout",
                "append:\(directory.file("out.log"))",
            ],
            in: directory, closeStdio: true)
        #expect(try run.launcherExit() == 0, "stderr: \(run.launcherError)")
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(report.pidFileContents == "\(report.pid)\n")
        let descriptors = Proc.descriptors(of: report.pid)
        #expect(descriptors.contains { $0.key > 2 && $0.value == directory.file("d.pid") }, "\(descriptors)")
        #expect(descriptors[0] == "/dev/null")
        #expect(directory.read("out.log")?.contains("ready:") == false, "a readiness frame went to the log")
    }

    @Test(arguments: detachingStrategies)
    func aLauncherWithChildSignalsIgnoredStillStarts(strategy: String) throws {
        let daemon = try startDaemon(["--strategy", strategy, "--ignore-sigchld"])
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(daemon.report.strategy == strategy)
    }

    /// A `setup` that calls `exit` leaves no pid file behind, with either detaching backend.
    @Test(arguments: detachingStrategies)
    func setupThatCallsExitLeavesNoPidFile(strategy: String) throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid"), "--exit-in-setup", "7"],
            in: directory)
        let status = try run.launcherExit()
        run.finish()
        #expect(status == 7)
        #expect(!directory.exists("d.pid"), "the pid file was left behind")
        #expect(!directory.exists("report.json"), "a daemon came up")
    }

    /// The clean-up armed for `setup` is gone by the hand-over: the launcher's own exit after a
    /// successful start leaves the daemon's pid file in place.
    @Test(arguments: detachingStrategies)
    func theLaunchersExitKeepsTheDaemonsPidFile(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(directory.read("d.pid") == "\(daemon.pid)\n")
    }
}
