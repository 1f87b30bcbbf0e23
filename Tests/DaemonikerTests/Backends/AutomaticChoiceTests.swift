import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// `.automatic`: under a supervisor it stays in the foreground (pid file and readiness still
/// work), under none it detaches (fork when single-threaded, else relaunch);
/// `DAEMONIKER_STRATEGY` overrides the choice.
@Suite struct AutomaticChoiceTests {
    /// Starts the helper with `.automatic` and whatever stands in for the supervisor; returns the
    /// run and the report once the daemon is ready.
    func start(
        _ extra: [String] = [], environment: [String: String?] = [:], harness: [String] = [],
        in directory: TestDirectory
    ) throws -> (HelperRun, Report) {
        let run = try HelperRun(
            ["--strategy", "automatic", "--pid-file", directory.file("d.pid")] + extra, in: directory,
            environment: environment, harnessOptions: harness)
        do {
            return (run, try run.report())
        } catch {
            run.finish()
            throw error
        }
    }

    /// The foreground daemon is the harness's own child; stop it through the harness's view of
    /// its pid (inside a pid namespace the report says 1).
    func stopForeground(_ run: HelperRun) {
        run.finish(killing: Proc.children(of: run.harness))
    }

    static let supervised: [(String, [String: String?], [String], [String])] = [
        ("supervisord", ["SUPERVISOR_ENABLED": "1"], [], []),
        ("systemd: SYSTEMD_EXEC_PID names us", [:], [], ["--claim-systemd-exec-pid"]),
        (
            "systemd: INVOCATION_ID and a systemd parent", ["INVOCATION_ID": "0123abcd"],
            ["--parent-name", "systemd"], []
        ),
        ("runit", [:], ["--parent-name", "runsv"], []),
        ("s6", [:], ["--parent-name", "s6-supervise"], []),
        ("daemontools", [:], ["--parent-name", "supervise"], []),
        ("launchd", ["XPC_SERVICE_NAME": "com.example.web"], [], []),
        ("inetd: standard input is a socket", [:], ["--stdin-socket"], []),
    ]

    @Test(arguments: supervised.indices)
    func aSupervisedProgramStaysInTheForeground(case index: Int) throws {
        let (name, environment, harness, extra) = Self.supervised[index]
        let directory = try TestDirectory()
        let (run, report) = try start(extra, environment: environment, harness: harness, in: directory)
        defer { stopForeground(run) }
        #expect(report.strategy == "foreground", "\(name)")
        #expect(report.ppid == run.harness, "\(name): not detached")
        #expect(directory.read("d.pid") == "\(report.pid)\n", "\(name): the pid file still names it")
    }

    static let unsupervised: [(String, [String: String?], [String])] = [
        ("a shell", [:], ["--parent-name", "bash"]),
        ("INVOCATION_ID without a systemd parent", ["INVOCATION_ID": "0123abcd"], []),
        ("SYSTEMD_EXEC_PID naming another process", ["SYSTEMD_EXEC_PID": "1"], []),
        ("a macOS terminal's XPC_SERVICE_NAME=0", ["XPC_SERVICE_NAME": "0"], []),
    ]

    @Test(arguments: unsupervised.indices)
    func anUnsupervisedProgramDetaches(case index: Int) throws {
        let (name, environment, harness) = Self.unsupervised[index]
        let directory = try TestDirectory()
        let (run, report) = try start(environment: environment, harness: harness, in: directory)
        defer { run.finish(killing: [report.pid]) }
        #expect(report.strategy == "fork", "\(name)")
        #expect(try run.launcherExit() == 0, "\(name): the launcher exits once the daemon is ready")
    }

    /// The first process of a pid namespace (a container) must not exit: the kernel would end
    /// every process in the namespace, the daemon included.
    @Test func processOneOfAContainerStaysInTheForeground() throws {
        let directory = try TestDirectory()
        let (run, report) = try start(harness: ["--new-pid-namespace"], in: directory)
        defer { stopForeground(run) }
        #expect(report.pid == 1)
        #expect(report.strategy == "foreground")
        #expect(Proc.children(of: run.harness).count == 1, "still running, as the harness's child")
    }

    @Test(arguments: [(0, "fork"), (1, "relaunch"), (4, "relaunch")])
    func automaticPicksByThreadCount(threads: Int, expected: String) throws {
        let daemon = try startDaemon(["--strategy", "automatic", "--threads", "\(threads)"])
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(daemon.report.strategy == expected)
    }

    @Test func theOperatorsStrategyWinsAndIsNotPassedOn() throws {
        let directory = try TestDirectory()
        // Under supervisord, yet forced to fork; the code asked for automatic.
        let (run, report) = try start(
            environment: ["SUPERVISOR_ENABLED": "1", "DAEMONIKER_STRATEGY": "fork"], in: directory)
        defer { run.finish(killing: [report.pid]) }
        #expect(report.strategy == "fork")
        #expect(!report.strategyVariableInEnvironment)

        // The code asked for fork; the operator's relaunch wins, in the relaunched daemon too.
        let other = try TestDirectory()
        let relaunched = try startDaemon(
            ["--strategy", "fork", "--pid-file", other.file("d.pid")], in: other,
            environment: ["DAEMONIKER_STRATEGY": "relaunch"])
        defer { relaunched.run.finish(killing: [relaunched.pid]) }
        #expect(relaunched.report.strategy == "relaunch")
        #expect(!relaunched.report.strategyVariableInEnvironment)
    }

    @Test func anUnknownOperatorStrategyIsRefused() throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", "automatic", "--pid-file", directory.file("d.pid")], in: directory,
            environment: ["DAEMONIKER_STRATEGY": "daemon"])
        defer { run.finish() }
        #expect(try run.launcherExit() == 2)
        #expect(run.launcherError.contains("DAEMONIKER_STRATEGY is \"daemon\", which is not a strategy"))
        #expect(!directory.exists("d.pid"), "nothing is left behind")
    }

    /// `.windowsService`, asked for in code or by the operator, is refused off Windows before
    /// anything starts, naming the strategy, the OS and what to use instead.
    @Test(arguments: [
        (["--strategy", "windows-service"], [:]), ([], ["DAEMONIKER_STRATEGY": "windows-service"]),
    ])
    func theWindowsServiceStrategyIsRefusedOffWindows(_ extra: [String], _ environment: [String: String?])
        throws
    {
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", "automatic", "--pid-file", directory.file("d.pid")] + extra, in: directory,
            environment: environment)
        defer { run.finish() }
        #expect(try run.launcherExit() == 2)
        #expect(run.launcherError.contains("the windows-service strategy is Windows-only, and this is Linux"))
        #expect(run.launcherError.contains("use .automatic"))
        #expect(!directory.exists("d.pid"), "nothing is left behind")
    }
}
