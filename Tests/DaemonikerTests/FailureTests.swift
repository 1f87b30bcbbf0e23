import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// A start that fails tells why on the launcher's stderr, exits non-zero, and leaves no daemon,
/// no pid file and (for relaunch) no state directory or file.
@Suite struct FailureTests {
    /// Runs the helper, expects the launcher to fail with `status` and `message`, and checks
    /// that nothing was left behind.
    func expectFailure(
        _ arguments: [String], status expected: Int32, message: String, in directory: TestDirectory? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let directory = try directory ?? TestDirectory()
        let run = try HelperRun(arguments, in: directory)
        let status = try run.launcherExit()
        run.finish()
        #expect(status == expected, "stderr: \(run.launcherError)", sourceLocation: sourceLocation)
        #expect(
            run.launcherError.contains(message), "stderr: \(run.launcherError)",
            sourceLocation: sourceLocation)
        #expect(run.launcherError.hasPrefix("daemoniker: "), sourceLocation: sourceLocation)
        #expect(!directory.exists("d.pid"), "a pid file was left behind", sourceLocation: sourceLocation)
        #expect(
            !directory.exists("daemoniker-\(getuid())"), "a relaunch state directory was made",
            sourceLocation: sourceLocation)
    }

    /// Each way a start can fail before ready: in setup, by the daemon's own error, by an exit,
    /// or by never becoming ready.
    @Test(
        arguments: detachingStrategies,
        [
            (["--fail-setup"], Int32(1), "setup failed: the helper's setup was told to fail (--fail-setup)"),
            (
                ["--manual-ready", "--fail-before-ready"], 1,
                "the helper daemon was told to fail before ready (--fail-before-ready)"
            ),
            (["--manual-ready", "--exit-before-ready"], 1, "exited before it reported ready"),
            (
                ["--manual-ready", "--hang", "--timeout-ms", "700"], 4,
                "did not report ready within 0.7 s and was stopped"
            ),
        ])
    func failedStartIsReported(
        strategy: String, failure: (arguments: [String], status: Int32, message: String)
    )
        throws
    {
        let directory = try TestDirectory()
        try expectFailure(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")] + failure.arguments,
            status: failure.status, message: failure.message, in: directory)
    }

    @Test func forkRefusesAThreadedProcess() throws {
        let directory = try TestDirectory()
        try expectFailure(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid"), "--threads", "1"], status: 2,
            message: "cannot fork: this process runs 2 threads", in: directory)
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

    /// Bad input, each with its own message, found before anything detaches.
    @Test(arguments: [
        (["--pid-file", "/nonexistent-dir/d.pid"], "pid file directory /nonexistent-dir does not exist"),
        (["--pid-file", "DIR/"], "is a directory"),
        (["--cwd", "/nonexistent-dir"], "working directory /nonexistent-dir does not exist"),
        (["--user", "no-such-user-dk"], "user no-such-user-dk does not exist"),
        (["--group", "no-such-group-dk"], "group no-such-group-dk does not exist"),
        (
            ["--stdout", "append:/nonexistent-dir/x.log"],
            "standard output file /nonexistent-dir/x.log cannot be opened"
        ),
        (["--preserve", "77"], "preserved descriptor 77 is not open"),
        (["--timeout-ms", "0"], "readiness timeout 0.0 seconds is not positive"),
        (["--root", "/nonexistent-dir"], "root directory /nonexistent-dir does not exist"),
    ])
    func badInputIsRefusedBeforeDetaching(arguments: [String], message: String) throws {
        for strategy in detachingStrategies {
            let directory = try TestDirectory()
            let resolved = arguments.map { $0 == "DIR/" ? directory.path + "/" : $0 }
            let pid = resolved.contains("--pid-file") ? [] : ["--pid-file", directory.file("d.pid")]
            try expectFailure(
                ["--strategy", strategy] + pid + resolved, status: 2, message: message, in: directory)
        }
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
}
