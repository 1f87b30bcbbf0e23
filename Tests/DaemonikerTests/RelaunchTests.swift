import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// What the relaunch backend promises beyond the common daemon state.
@Suite struct RelaunchTests {
    @Test(arguments: detachingStrategies)
    func setupRunsExactlyOnce(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(["--strategy", strategy], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let lines = (directory.read("setup.log") ?? "").split(separator: "\n")
        #expect(lines.count == 1, "setup ran \(lines.count) times: \(lines)")
    }

    @Test(arguments: detachingStrategies)
    func largeNestedNonASCIIStateArrivesIntact(strategy: String) throws {
        let directory = try TestDirectory()
        let size = 1 << 20
        let daemon = try startDaemon(["--strategy", strategy, "--blob", "\(size)"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let data = try #require(FileManager.default.contents(atPath: directory.file("state.json")))
        let state = try JSONDecoder().decode(HelperState.self, from: data)
        #expect(state.blob.utf8.count == size)
        #expect(state == HelperState.make(blobSize: size))
    }

    @Test(arguments: detachingStrategies)
    func argumentsArriveByteForByte(strategy: String) throws {
        let directory = try TestDirectory()
        let awkward = [
            "two words", "", "\"quoted\" and 'single'", "line\nbreak", "tab\there", "ünïcødé 日本 🙂",
            "\\back\\",
        ]
        let arguments = ["--strategy", strategy] + awkward.flatMap { ["--arg", $0] }
        let daemon = try startDaemon(arguments, in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(daemon.report.arguments == [helperPath, "daemon", "--dir", directory.path] + arguments)
    }

    @Test func relaunchWorksInAThreadedProcess() throws {
        let daemon = try startDaemon(["--strategy", "relaunch", "--threads", "3"])
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(daemon.report.strategy == "relaunch")
        #expect(daemon.report.sid != daemon.pid)
    }

    @Test(arguments: [(0, "fork"), (1, "relaunch"), (4, "relaunch")])
    func automaticPicksByThreadCount(threads: Int, expected: String) throws {
        let daemon = try startDaemon(["--strategy", "automatic", "--threads", "\(threads)"])
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(daemon.report.strategy == expected)
    }

    @Test(arguments: detachingStrategies)
    func childOfTheDaemonDoesNotSeeTheSwitch(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(["--strategy", strategy, "--spawn-child"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(!daemon.report.switchInEnvironment)
        #expect(directory.read("child.txt") == "unset\n")
    }

    /// Each way of spoiling the state gets its own refusal, and leaves nothing behind.
    @Test(arguments: [
        ("pipe", "is not a regular file, not the anonymous file Daemoniker passes"),
        ("named", "is a file with 1 name(s), not the anonymous file Daemoniker passes"),
        ("malformed", "is malformed (not a Daemoniker state file)"),
        ("version", "is from another version of the format (daemoniker-state 99"),
        ("token", "carries another launch's token; refusing it"),
        ("owner", "belongs to user 65534"),
    ])
    func spoiledStateIsRefused(tamper: String, message: String) throws {
        if tamper == "owner" && geteuid() != 0 { return }  // Only root can give a file away.
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", "relaunch", "--pid-file", directory.file("d.pid"), "--tamper", tamper],
            in: directory)
        let status = try run.launcherExit()
        run.finish()
        #expect(status == 1)
        #expect(run.launcherError.contains("daemoniker: "), "stderr: \(run.launcherError)")
        #expect(run.launcherError.contains("relaunch state descriptor"), "stderr: \(run.launcherError)")
        #expect(run.launcherError.contains(message), "stderr: \(run.launcherError)")
        #expect(!directory.exists("d.pid"))
        #expect(!directory.exists("report.json"), "a daemon came up")
        #expect(!directory.exists("daemoniker-\(getuid())"), "a state directory was made")
        if tamper == "named" {
            #expect(directory.exists("named-state"), "the file with a name was removed")
        }
    }

    /// The state needs no directory: none is made, and nothing is left anywhere.
    @Test func aRelaunchMakesNoStateDirectory() throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(["--strategy", "relaunch"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(!directory.exists("daemoniker-\(getuid())"))
        let descriptors = Proc.descriptors(of: daemon.pid).values
        #expect(!descriptors.contains { $0.contains("daemoniker-state") }, "\(descriptors)")
    }
}
