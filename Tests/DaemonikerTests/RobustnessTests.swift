import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// Starts and signals under conditions a careless parent or a busy system creates.
@Suite struct RobustnessTests {
    @Test(arguments: detachingStrategies)
    func takenOverStalePIDFileReadsAsStartingUntilTheNewPIDIsWritten(strategy: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        // A stale file naming a live process that is not the daemon (the harness's parent: us).
        try "\(getpid())\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
        let go = directory.file("go")
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", pidFile, "--setup-waits-for", go], in: directory)
        _ = try waitFor("setup to start") { directory.exists("setup.log") ? true : nil }
        #expect(PIDFile(pidFile).status() == .starting)
        #expect(directory.read("d.pid") == "")
        FileManager.default.createFile(atPath: go, contents: nil)
        #expect(try run.launcherExit() == 0, "stderr: \(run.launcherError)")
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(PIDFile(pidFile).status() == .running(pid: report.pid))
    }

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

    @Test func concurrentRelayedSendsAreEachDelivered() async throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let daemon = try startDaemon(
            ["--strategy", "fork", "--pid-file", pidFile, "--handle", "USR1,USR2", "--relay"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        // Four senders at once, two per signal: a queue that merged or dropped any would come up short.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for signal in [Signal.user1, .user2, .user1, .user2] {
                group.addTask {
                    for _ in 0..<100 { try PIDFile(pidFile).send(signal, timeout: .seconds(20)) }
                }
            }
            try await group.waitForAll()
        }
        let lines = try waitFor("400 handled signals") {
            let lines = (directory.read("signals.log") ?? "").split(separator: "\n")
            return lines.count >= 400 ? lines : nil
        }
        #expect(lines.filter { $0 == "handler SIGUSR1" }.count == 200)
        #expect(lines.filter { $0 == "handler SIGUSR2" }.count == 200)
    }

    @Test func stopAndContinueGoDirectlyEvenWithTheRelay() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let daemon = try startDaemon(["--strategy", "fork", "--pid-file", pidFile, "--relay"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        try PIDFile(pidFile).send(.stop)
        _ = try waitFor("the daemon to stop") { Proc.state(daemon.pid) == "T" ? true : nil }
        try PIDFile(pidFile).send(.continue)
        _ = try waitFor("the daemon to continue") { Proc.state(daemon.pid) == "S" ? true : nil }
    }

    @Test func aRecordLeftByAKilledRelayDaemonIsIgnored() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(["--strategy", "fork", "--pid-file", pidFile, "--relay"], in: directory)
        kill(first.pid, SIGKILL)
        _ = try first.run.exitStatus(of: first.pid)
        first.run.finish()
        #expect(directory.exists("d.pid.sentinel"), "SIGKILL leaves the record behind")

        let second = try startDaemon(["--strategy", "fork", "--pid-file", pidFile, "--handle", "USR1"])
        defer { second.run.finish(killing: [second.pid]) }
        #expect(!directory.exists("d.pid.sentinel"), "the new daemon removes the leftover record")
        // A leftover planted again (a record naming another daemon) does not divert send.
        try "\(first.pid) 1 \(first.pid)\n".write(
            toFile: directory.file("d.pid.sentinel"), atomically: false, encoding: .utf8)
        try PIDFile(pidFile).send(.user1, timeout: .seconds(2))
        _ = try waitFor("the signal sent directly") {
            second.run.directory.read("signals.log")?.contains("handler SIGUSR1") == true ? true : nil
        }
    }
}
