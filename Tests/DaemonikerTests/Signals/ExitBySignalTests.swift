import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// A clean exit is a clean stop: without a handler of the program's own, terminate and interrupt
/// run the clean-up and then end the daemon by the signal itself, so that its parent (a service
/// manager) sees it killed by that signal, not exiting with 128 + the signal. Only PID 1 of a pid
/// namespace, which the kernel gives no signal left at its default, exits with 128 + signal.
@Suite struct ExitBySignalTests {
    static let strategies = ["fork", "relaunch", "foreground"]
    static let signals = [SIGTERM, SIGINT]

    /// The harness is the parent: of the detached daemon (a subreaper adopts it), and of the
    /// foreground daemon, which is the launcher itself.
    @Test(arguments: strategies, signals)
    func aDaemonWithoutHandlersEndsByTheSignalAfterItsCleanUp(strategy: String, signal: Int32) throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")], in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(report.strategy == strategy)
        if strategy != "foreground" { #expect(try run.launcherEnding() == .exited(0)) }
        #expect(directory.read("d.pid") == "\(report.pid)\n")
        #expect(kill(report.pid, signal) == 0)
        let ending = strategy == "foreground" ? try run.launcherEnding() : try run.ending(of: report.pid)
        #expect(ending == .killed(by: signal))
        #expect(!directory.exists("d.pid"), "the clean-up ran before the signal ended it")
    }

    /// The test itself is the parent of a foreground daemon: `waitpid` says `WIFSIGNALED`, with
    /// `WTERMSIG` the signal sent.
    @Test(arguments: signals)
    func aForegroundDaemonsOwnParentSeesItKilledByTheSignal(signal: Int32) throws {
        let directory = try TestDirectory()
        var environment = ProcessInfo.processInfo.environment
        for name in ["NOTIFY_SOCKET", "SYSTEMD_EXEC_PID", "INVOCATION_ID", "LISTEN_FDS", "LISTEN_PID"] {
            environment[name] = nil
        }
        let pid = try spawn(
            [
                helperPath, "daemon", "--dir", directory.path, "--strategy", "foreground", "--pid-file",
                directory.file("d.pid"),
            ],
            environment: environment.map { "\($0.key)=\($0.value)" }, stdout: directory.file("out"),
            stderr: directory.file("err"))
        var status: Int32 = 0
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
            }
        }
        _ = try waitFor("the foreground daemon's report") { directory.exists("report.json") ? true : nil }
        #expect(directory.read("d.pid") == "\(pid)\n")
        #expect(kill(pid, signal) == 0)
        _ = try waitFor("the foreground daemon to end") { waitpid(pid, &status, WNOHANG) == pid ? true : nil }
        reaped = true
        #expect(Ending(waitStatus: status) == .killed(by: signal), "\(directory.read("err") ?? "")")
        #expect(!directory.exists("d.pid"))
    }

    /// PID 1 of a pid namespace (a container's first process): the kernel delivers it no signal
    /// left at its default, so the raised signal does nothing and it exits with 128 + signal,
    /// after the same clean-up.
    @Test func processOneOfAPidNamespaceExitsWith128PlusTheSignal() throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", "foreground", "--pid-file", directory.file("d.pid")], in: directory,
            harnessOptions: ["--new-pid-namespace"])
        defer { run.finish(killing: Proc.children(of: run.harness)) }
        let report = try run.report()
        #expect(report.pid == 1)
        #expect(directory.read("d.pid") == "1\n")
        let outside = try #require(
            Proc.children(of: run.harness).first, "the daemon, seen from outside its namespace")
        #expect(kill(outside, SIGTERM) == 0)
        #expect(try run.launcherEnding() == .exited(128 + SIGTERM))
        #expect(!directory.exists("d.pid"))
    }
}
