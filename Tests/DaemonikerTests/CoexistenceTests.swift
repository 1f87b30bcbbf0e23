import Daemoniker
import DaemonikerTestSupport
import Foundation
import Testing

/// A daemon that also handles SIGTERM itself, through a Dispatch signal source, as
/// swift-service-lifecycle does: its handler is kept, and its ending still cleans up.
@Suite struct CoexistenceTests {
    @Test(arguments: [false, true])
    func aDispatchSourceSetAfterDaemonizeEndsCleanly(relay: Bool) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let run = try HelperRun(
            ["--strategy", "relaunch", "--pid-file", pidFile, "--dispatch-term"] + (relay ? ["--relay"] : []),
            in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(try run.launcherExit() == 0)
        if relay {
            _ = try waitFor("the sentinel record") { directory.exists("d.pid.sentinel") ? true : nil }
        }

        try PIDFile(pidFile).send(.terminate)
        // The program's own handler ran and exited 0; the exit-time cleanup removed the files.
        #expect(try run.exitStatus(of: report.pid) == 0)
        #expect(directory.read("signals.log") == "dispatch TERM\n")
        #expect(!directory.exists("d.pid"))
        #expect(!directory.exists("d.pid.sentinel"))
    }

    @Test(arguments: ["relaunch", "foreground"])
    func aDispatchSourceSetBeforeDaemonizeIsNotReplaced(strategy: String) throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid"), "--dispatch-term-early"],
            in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }

        kill(report.pid, SIGTERM)
        let status = try strategy == "foreground" ? run.launcherExit() : run.exitStatus(of: report.pid)
        #expect(status == 0, "SIGTERM ended the daemon with \(status), not through the program's handler")
        #expect(directory.read("signals.log") == "dispatch TERM\n")
        #expect(!directory.exists("d.pid"))
    }
}
