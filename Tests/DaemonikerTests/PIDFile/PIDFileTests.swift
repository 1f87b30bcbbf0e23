import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// The pid file: its lock and contents, `status`, taking over a stale file, refusing files that
/// cannot be pid files, and `send` and `stop` through it.
@Suite struct PIDFileTests {
    @Test func pidFileContentsParseStrictly() {
        #expect(PIDFile.parse(Array("4242\n".utf8)) == 4242)
        #expect(PIDFile.parse(Array("4242".utf8)) == 4242)
        for bad in ["", "\n", "abc\n", "0\n", "-1\n", "12 34\n"] {
            #expect(PIDFile.parse(Array(bad.utf8)) == nil, "accepted \(bad.debugDescription)")
        }
    }

    @Test func statusWithoutAFileIsStopped() throws {
        let directory = try TestDirectory()
        #expect(PIDFile(directory.file("none.pid")).status() == .stopped)
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
        #expect(Proc.alive(first.pid))
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

    @Test(arguments: detachingStrategies)
    func symbolicLinkPIDFileIsRefused(strategy: String) throws {
        let directory = try TestDirectory()
        symlink(directory.file("target"), directory.file("d.pid"))
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")], in: directory)
        let status = try run.launcherExit()
        run.finish()
        #expect(status == 2)
        #expect(
            run.launcherError.contains(
                "pid file \(directory.file("d.pid")) is a symbolic link; refusing to follow it"))
        #expect(!directory.exists("target"), "the link was followed")
    }

    /// A pid file path that names something other than a plain, private file is refused.
    @Test(arguments: detachingStrategies, ["directory", "fifo", "world-writable"])
    func unusablePIDFileIsRefused(strategy: String, kind: String) throws {
        let directory = try TestDirectory()
        let path = directory.file("d.pid")
        let expected: String
        switch kind {
        case "directory":
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            expected = "pid file \(path) is a directory"
        case "fifo":
            mkfifo(path, 0o644)
            expected = "pid file \(path) is not a regular file"
        default:
            let fd = open(path, O_WRONLY | O_CREAT, 0o666)
            fchmod(fd, 0o666)
            close(fd)
            expected = "pid file \(path) is writable by everyone (mode 0666)"
        }
        let run = try HelperRun(["--strategy", strategy, "--pid-file", path], in: directory)
        let status = try run.launcherExit()
        run.finish()
        #expect(status == 2)
        #expect(run.launcherError.contains(expected), "stderr: \(run.launcherError)")
        #expect(!directory.exists("report.json"), "a daemon came up")
    }

    @Test(arguments: detachingStrategies, relayModes)
    func statusAndStop(strategy: String, relay: Bool) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let relayFlag = relay ? ["--relay"] : []
        let polite = try startDaemon(
            ["--strategy", strategy, "--pid-file", pidFile] + relayFlag, in: directory)
        #expect(PIDFile(pidFile).status() == .running(pid: polite.pid))
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try polite.run.ending(of: polite.pid) == .killed(by: SIGTERM))
        polite.run.finish()
        #expect(PIDFile(pidFile).status() == .stopped)

        let stubborn = try startDaemon(
            ["--strategy", strategy, "--pid-file", pidFile, "--ignore", "TERM"] + relayFlag)
        defer { stubborn.run.finish(killing: [stubborn.pid]) }
        #expect(try PIDFile(pidFile).stop(timeout: .milliseconds(300)) == .killed)
        #expect(try stubborn.run.exitStatus(of: stubborn.pid) == 128 + SIGKILL)
        #expect(PIDFile(pidFile).status() == .stale(pid: stubborn.pid))
    }

    @Test func sendReportsWhyItCannot() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        #expect(throws: DaemonikerError.self) { try PIDFile(pidFile).send(.user1) }
        do {
            try PIDFile(pidFile).send(.user1)
        } catch {
            #expect(error.code == .notRunning)
            #expect(error.message.contains("pid file \(pidFile) does not exist"))
        }
        let daemon = try startDaemon(["--strategy", "fork", "--pid-file", pidFile], in: directory)
        kill(daemon.pid, SIGKILL)
        _ = try daemon.run.exitStatus(of: daemon.pid)
        daemon.run.finish()
        do {
            try PIDFile(pidFile).send(.user1)
            Issue.record("send to a stale pid file succeeded")
        } catch {
            #expect(error.code == .stalePIDFile)
            #expect(error.message.contains("names pid \(daemon.pid) but no process holds its lock"))
        }
    }
}
