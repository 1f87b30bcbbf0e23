import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// The state the relaunch hands from `setup` to the daemon: the state file's format, the state
/// arriving intact, a spoiled state refused, and no state directory.
@Suite struct RelaunchStateTests {
    @Test func stateFileFormatChecksVersionAndToken() throws {
        let state = Array("{\"a\":\"ü\"}\n".utf8)
        let bytes = StateFileFormat.encode(token: "t1", state: state)
        #expect(try StateFileFormat.decode(bytes, token: "t1", source: "s") == state)
        #expect(
            throws: DaemonikerError(
                .stateFileToken,
                "state file (s) carries another launch's token; refusing it (it was replaced or tampered with)"
            )
        ) {
            try StateFileFormat.decode(bytes, token: "t2", source: "s")
        }
        let other = Array("daemoniker-state 2\ntoken t1\n{}".utf8)
        do {
            _ = try StateFileFormat.decode(other, token: "t1", source: "s")
            Issue.record("accepted another version")
        } catch {
            #expect(error.code == .stateFileVersion)
        }
        for garbage in ["", "no newline", "something else\ntoken t1\n", "daemoniker-state 1\nno token"] {
            do {
                _ = try StateFileFormat.decode(Array(garbage.utf8), token: "t1", source: "s")
                Issue.record("accepted \(garbage.debugDescription)")
            } catch {
                #expect(error.code == .stateFileMalformed)
            }
        }
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
