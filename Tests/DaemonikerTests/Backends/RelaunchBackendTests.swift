import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// What the relaunch backend promises beyond the common daemon state (each also held to the fork
/// backend), and the relaunch switch's format.
@Suite struct RelaunchBackendTests {
    @Test(arguments: detachingStrategies)
    func setupRunsExactlyOnce(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(["--strategy", strategy], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let lines = (directory.read("setup.log") ?? "").split(separator: "\n")
        #expect(lines.count == 1, "setup ran \(lines.count) times: \(lines)")
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

    @Test(arguments: detachingStrategies)
    func childOfTheDaemonDoesNotSeeTheSwitch(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(["--strategy", strategy, "--spawn-child"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(!daemon.report.switchInEnvironment)
        #expect(directory.read("child.txt") == "unset\n")
    }

    @Test func relaunchSwitchRoundTrips() throws {
        let token = String(repeating: "0a", count: 16)
        for handle: Int64 in [0, 7, 0x7fff_fffc] {
            let value = RelaunchSwitch(token: token, readinessHandle: 5, lockHandle: nil, stateHandle: handle)
            #expect(try RelaunchSwitch(parsing: value.encoded) == value)
            let locked = RelaunchSwitch(token: token, readinessHandle: 9, lockHandle: 4, stateHandle: handle)
            #expect(try RelaunchSwitch(parsing: locked.encoded) == locked)
        }
    }

    @Test(arguments: [
        ("2;token=abc;ready=5;lock=-;state=6", DaemonikerError.Code.stateFileMalformed),
        ("2;token=\(String(repeating: "a", count: 32));ready=five;lock=-;state=6", .stateFileMalformed),
        ("2;token=\(String(repeating: "a", count: 32));ready=5;lock=-;state=", .stateFileMalformed),
        // A path, as version 1 carried, is not a descriptor.
        ("2;token=\(String(repeating: "a", count: 32));ready=5;lock=-;state=/x", .stateFileMalformed),
        ("2;token=\(String(repeating: "a", count: 32));ready=5;lock=-;state=-3", .stateFileMalformed),
        ("2;ready=5", .stateFileMalformed),
        ("1;token=\(String(repeating: "a", count: 32));ready=5;lock=-;state=/x", .stateFileVersion),
    ])
    func malformedSwitchesAreRefused(value: String, code: DaemonikerError.Code) {
        do {
            _ = try RelaunchSwitch(parsing: value)
            Issue.record("accepted \(value)")
        } catch {
            #expect(error.code == code)
        }
    }
}
