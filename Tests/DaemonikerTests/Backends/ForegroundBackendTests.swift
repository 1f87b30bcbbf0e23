import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// `.foreground`, and `.automatic` under a supervisor: no detaching, but the pid file,
/// readiness over NOTIFY_SOCKET, and STOPPING=1 with cleanup at terminate.
@Suite struct ForegroundBackendTests {
    @Test(arguments: [false, true])
    func notifySocketGetsReadyAndStopping(abstract: Bool) throws {
        let directory = try TestDirectory()
        let name =
            abstract ? "dk-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" : directory.file("notify")
        let listener = try DatagramListener(path: name, abstract: abstract)
        let run = try HelperRun(
            ["--strategy", "automatic", "--pid-file", directory.file("d.pid")], in: directory,
            environment: ["NOTIFY_SOCKET": listener.address])
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(report.strategy == "foreground")
        #expect(try listener.receive() == "EXTEND_TIMEOUT_USEC=30000000")
        #expect(try listener.receive() == "READY=1\nMAINPID=\(report.pid)")
        #expect(directory.read("d.pid") == "\(report.pid)\n")
        // Not detached: still the harness's direct child, in the harness's session.
        #expect(report.ppid == run.harness)

        kill(report.pid, SIGTERM)
        #expect(try listener.receive() == "STOPPING=1")
        #expect(try run.launcherEnding() == .killed(by: SIGTERM))
        #expect(!directory.exists("d.pid"))
    }

    @Test func foregroundAppliesTheConfigurationWithoutDetaching() throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            [
                "--strategy", "foreground", "--pid-file", directory.file("d.pid"), "--umask", "077", "--cwd",
                directory.path,
            ],
            in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(report.strategy == "foreground")
        #expect(report.umask == "0077")
        #expect(report.cwd == directory.path)
        #expect(report.pidFileContents == "\(report.pid)\n")
        #expect(PIDFile(directory.file("d.pid")).status() == .running(pid: report.pid))
    }
}
