import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// `daemoniker upgrade` reaches a Swift daemon that takes upgrades itself (no keeper runs it)
/// through `PIDFile.upgrade`, and refuses one that does not.
@Suite struct UpgradeCommandTests {
    /// Runs `daemoniker upgrade --pid-file PIDFILE`; its exit status and both outputs.
    static func upgrade(_ pidFile: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: builtExecutable("daemoniker"))
        process.arguments = ["upgrade", "--pid-file", pidFile, "--timeout", "20", "--drain", "10"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theToolUpgradesADaemonThatTakesUpgrades() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(UpgradeTests.arguments("fork", directory), in: directory)
        var survivors = [first.pid]
        defer { first.run.finish(killing: survivors) }
        try writeCloseOnExec("", to: directory.file("next"))
        let result = try Self.upgrade(pidFile)
        let newPID = pidIn(pidFile)
        if let newPID { survivors.append(newPID) }
        #expect(result.status == 0, "\(result.output)")
        #expect(newPID != nil && newPID != first.pid, "pid file: \(directory.read("d.pid") ?? "none")")
        #expect(
            result.output.contains("upgraded: pid \(newPID ?? -1) (was \(first.pid))"), "\(result.output)")
        #expect(try first.run.ending(of: first.pid) == .exited(0))
        #expect(try PIDFile(pidFile).stop() == .terminated)
        if let newPID { #expect(try first.run.ending(of: newPID) == .killed(by: SIGTERM)) }
    }

    @Test func theToolRefusesADaemonThatTakesNoUpgrades() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let arguments = UpgradeTests.arguments("fork", directory).filter { $0 != "--accept-upgrades" }
        let first = try startDaemon(arguments, in: directory)
        defer { first.run.finish(killing: [first.pid]) }
        let result = try Self.upgrade(pidFile)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("acceptsUpgrades"), "\(result.output)")
        #expect(directory.read("d.pid") == "\(first.pid)\n")
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try first.run.ending(of: first.pid) == .killed(by: SIGTERM))
    }
}

extension UpgradeCommandTests {
    /// Root upgrades a daemon that runs as `nobody` in a folder of nobody's: the record and the
    /// result the daemon writes there are nobody's, which root trusts for the pid file's daemon.
    @Test(.enabled(if: getuid() == 0, "needs root (to start a daemon as nobody)"))
    func rootUpgradesADaemonThatRunsAsAnotherUser() throws {
        let directory = try TestDirectory()
        let folder = directory.file("run")
        #expect(mkdir(folder, 0o755) == 0 && chown(folder, 65534, 65534) == 0)
        #expect(chmod(directory.path, 0o777) == 0)  // nobody writes its report there
        let pidFile = folder + "/d.pid"
        let arguments = [
            "--strategy", "fork", "--pid-file", pidFile, "--accept-upgrades", "--drain-exit", "--user",
            "nobody",
        ]
        let first = try startDaemon(arguments, in: directory)
        var survivors = [first.pid]
        defer { first.run.finish(killing: survivors) }
        #expect(first.report.uid == 65534)
        let newPID = try PIDFile(pidFile).upgrade(timeout: .seconds(20), drain: .seconds(10))
        survivors.append(newPID)
        #expect(newPID != first.pid)
        #expect(pidIn(pidFile) == newPID)
        #expect(try first.run.ending(of: first.pid) == .exited(0))
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try first.run.ending(of: newPID) == .killed(by: SIGTERM))
    }
}
