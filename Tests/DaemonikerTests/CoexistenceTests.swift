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

    /// Whether `signal` is set in a /proc status mask such as `SigIgn`.
    func isSet(_ signal: Int32, in mask: String) -> Bool {
        (UInt64(mask, radix: 16) ?? 0) & (1 << UInt64(signal - 1)) != 0
    }

    @Test(arguments: ["fork", "relaunch", "foreground"])
    func anIgnoreTheProgramSetIsKeptAndAnInheritedOneIsNot(strategy: String) throws {
        let directory = try TestDirectory()
        // The harness leaves SIGUSR1, SIGHUP and SIGPIPE ignored (inherited across exec); the
        // program ignores SIGTERM itself before daemonize.
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid"), "--ignore-term-early"],
            in: directory,
            dirtySignals: true)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(isSet(SIGTERM, in: report.signalsIgnored), "SigIgn \(report.signalsIgnored)")
        if strategy != "foreground" {
            // A detached daemon resets what it inherited (the foreground keeps its supervisor's).
            #expect(!isSet(SIGUSR1, in: report.signalsIgnored) && !isSet(SIGPIPE, in: report.signalsIgnored))
        }
        #expect(!isSet(SIGHUP, in: report.signalsIgnored), "hangup reopens the logs")
        kill(report.pid, SIGTERM)
        #expect(Proc.alive(report.pid))
    }
}
