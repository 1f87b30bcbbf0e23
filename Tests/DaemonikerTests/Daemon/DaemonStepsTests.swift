import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// The state a daemon ends in, checked on the daemon process itself, for both detaching backends.
@Suite struct DaemonStepsTests {
    @Test(arguments: detachingStrategies, [false, true])
    func daemonEndsInTheDocumentedState(strategy: String, underPseudoTerminal: Bool) throws {
        let directory = try TestDirectory()
        try FileManager.default.createDirectory(
            atPath: directory.file("work"), withIntermediateDirectories: false)
        let pidFile = directory.file("d.pid")
        let run = try HelperRun(
            [
                "--strategy", strategy, "--pid-file", pidFile, "--cwd", directory.file("work"), "--umask",
                "027",
                "--stdout", "append:\(directory.file("out.log"))", "--stderr", "same", "--leak-fd",
                "--open-preserved",
                "--manual-ready",
            ], in: directory, pty: underPseudoTerminal, dirtySignals: true)
        let status = try run.launcherExit()
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(status == 0, "launcher failed: \(run.launcherError)")
        #expect(report.strategy == strategy)

        // Ready only after the pid file was written and the daemon said so (manual readiness).
        #expect(
            run.launcherOutput.contains(
                "ready: pid \(report.pid) strategy \(strategy) pidfile \"\(report.pid)\\n\" report true"),
            "launcher output: \(run.launcherOutput)")

        // Detached: reparented to the harness (a subreaper), in a session it does not lead. The
        // report may be written before the double fork's middle process is gone, so the parent
        // is read from /proc until then (the wait fails the test if it never happens).
        _ = try waitFor("the daemon to be reparented to the harness") {
            Proc.statFields(report.pid).flatMap { Int32($0[1]) } == run.harness ? true : nil
        }
        #expect(report.ppid != getpid())
        #expect(report.sid != report.pid, "the daemon is a session leader")
        #expect(report.sid != getsid(0))
        #expect(report.ttyOpenErrno == ENXIO, "the daemon can open /dev/tty (errno \(report.ttyOpenErrno))")

        #expect(report.cwd == directory.file("work"))
        #expect(report.umask == "0027")
        #expect(report.signalsBlocked == "0000000000000000")
        #expect(report.signalsIgnored == "0000000000000000")
        #expect(report.coreLimit == 0)

        // Once ready: exactly stdio, the pid-file lock and the preserved descriptor (read from
        // /proc by the test); the descriptor leaked into the launcher on purpose is closed.
        // (After the helper's own last file write, so that only the daemon's descriptors remain.)
        _ = try waitFor("the helper to finish its start") { directory.exists("ready.done") ? true : nil }
        let targets = Proc.descriptors(of: report.pid)
        #expect(targets[0] == "/dev/null")
        #expect(targets[1] == directory.file("out.log"))
        #expect(targets[2] == directory.file("out.log"))
        let others = targets.filter { $0.key > 2 }.map(\.value).sorted()
        #expect(
            others == [directory.file("d.pid"), directory.file("preserved")].sorted(),
            "descriptors: \(targets)")
        #expect(report.preserved.count == 1)
        #expect(targets[report.preserved.first ?? -1] == directory.file("preserved"))
        #expect(!targets.values.contains(directory.file("leaked")))
        // Before ready, the readiness channel was the one extra descriptor.
        #expect(report.descriptors.filter { $0.fd > 2 }.count == 3, "before ready: \(report.descriptors)")

        // The pid file names the daemon and is locked.
        #expect(report.pidFileContents == "\(report.pid)\n")
        #expect(PIDFile(pidFile).status() == .running(pid: report.pid))
        let probe = open(pidFile, O_RDONLY)
        defer { close(probe) }
        #expect(flock(probe, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK)

        // Standard output goes to the log file.
        _ = try waitFor("the daemon's line in its log") {
            directory.read("out.log")?.contains("daemon \(report.pid) running") == true ? true : nil
        }
    }
}
