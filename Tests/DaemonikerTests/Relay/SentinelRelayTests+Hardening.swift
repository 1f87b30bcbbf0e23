import CTestSupport
import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

extension SentinelRelayTests {
    /// The relay under attack and under load: a forged record never gets another process
    /// signalled, a record the daemon's own user wrote still carries the relay, the relay
    /// recovers once it can write again, concurrent senders, a leftover record, a stray sentinel
    /// switch. The tests run as root; `nobody` is the daemon's user.
    @Suite(.tags(.hardening)) struct Hardening {}
}

extension SentinelRelayTests.Hardening {
    /// A process of the test's own, as the target a forged record names.
    final class Victim {
        let pid: pid_t
        init() throws {
            pid = try spawn(["/bin/sleep", "600"], environment: [], stdout: "/dev/null", stderr: "/dev/null")
        }
        var isAlive: Bool {
            var status: Int32 = 0
            return waitpid(pid, &status, WNOHANG) == 0
        }
        deinit {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    func record(_ directory: TestDirectory) throws -> SentinelRecord {
        try waitFor("the sentinel record") {
            directory.read("d.pid.sentinel").flatMap(SentinelRecord.init(parsing:))
        }
    }

    func handled(_ directory: TestDirectory) -> Int {
        (directory.read("signals.log") ?? "").split(separator: "\n").filter { $0 == "handler SIGUSR1" }.count
    }

    @Test func aForgedRecordNeverAimsTheRelayAtAnotherProcess() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let run = try HelperRun(
            ["--strategy", "relaunch", "--pid-file", pidFile, "--relay", "--handle", "USR1"], in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        var forged = try record(directory)
        let victim = try Victim()
        forged.pid = victim.pid
        try forged.encoded.write(toFile: directory.file("d.pid.sentinel"), atomically: true, encoding: .utf8)

        try PIDFile(pidFile).send(.user1)
        // The daemon got it (directly: the record is not its sentinel's), the victim nothing.
        _ = try waitFor("the daemon's handler") { handled(directory) == 1 ? true : nil }
        #expect(victim.isAlive, "the relay's signal was sent to the process a forged record named")
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(victim.isAlive, "stop killed the process a forged record named")
    }

    @Test func aRecordWrittenAfterSwitchingUsersStillCarriesTheRelay() throws {
        let directory = try TestDirectory()
        // The daemon runs as nobody and writes its record and logs here; the pid file is root's.
        #expect(chmod(directory.path, 0o777) == 0)
        let pidFile = directory.file("d.pid")
        let run = try HelperRun(
            [
                "--strategy", "relaunch", "--pid-file", pidFile, "--relay", "--user", "nobody", "--handle",
                "USR1",
            ],
            in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(report.uid == 65534)
        _ = try record(directory)
        var info = stat()
        #expect(stat(directory.file("d.pid.sentinel"), &info) == 0 && info.st_uid == 65534)

        // Sent back to back: through the relay each arrives; sent directly, they would merge.
        for _ in 0..<50 { try PIDFile(pidFile).send(.user1) }
        _ = try waitFor("fifty handled signals") { handled(directory) == 50 ? true : nil }
        #expect(handled(directory) == 50)
    }

    /// The daemon's live sentinel children.
    func sentinels(of daemon: Int32) -> [Int32] {
        Proc.children(of: daemon).filter { child in
            Proc.alive(child)
                && (Proc.read("/proc/\(child)/cmdline")?.contains("--daemoniker-sentinel") ?? false)
        }
    }

    @Test func theRelayRecoversOnceItCanWriteItsRecordAgain() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let run = try HelperRun(
            [
                "--strategy", "relaunch", "--pid-file", pidFile, "--relay", "--handle", "USR1", "--ignore",
                "XFSZ",
            ],
            in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        let first = try record(directory)

        // The fault: the daemon may write no byte to any file (as on a full filesystem), and its
        // sentinel dies, so the next one cannot be recorded.
        #expect(ts_set_file_size_limit(report.pid, 0) == 0)
        kill(first.pid, SIGKILL)
        // For a second and a half: never more than one sentinel, and no new record.
        let until = Date().addingTimeInterval(1.5)
        var most = 0
        while Date() < until {
            most = max(most, sentinels(of: report.pid).count)
            usleep(20_000)
        }
        #expect(most <= 1, "\(most) sentinels alive at once")
        #expect(try record(directory) == first, "the record changed although no file could be written")

        // The fault gone: a new sentinel is recorded, and relayed signals arrive again.
        #expect(ts_set_file_size_limit(report.pid, -1) == 0)
        let next = try waitFor("a new sentinel record") { () -> SentinelRecord? in
            let now = try? record(directory)
            return now.flatMap { $0.pid != first.pid && Proc.alive($0.pid) ? $0 : nil }
        }
        #expect(sentinels(of: report.pid) == [next.pid])
        try PIDFile(pidFile).send(.user1)
        _ = try waitFor("the relayed signal's handler") { handled(directory) == 1 ? true : nil }
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

    @Test func aStraySentinelSwitchIsAnErrorNotASilentExit() throws {
        let directory = try TestDirectory()
        let (status, error) = try failedStart(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid")],
            harness: ["--command-env", "DAEMONIKER_SENTINEL=12345"], in: directory)
        #expect(status == 2)
        #expect(
            error.contains(
                "DAEMONIKER_SENTINEL is set, but this program was not started as a signal sentinel"))
        #expect(!directory.exists("d.pid"))
    }
}
