import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// The relaunch hand-over and the launcher's setup under faults and hostile input: a launcher
/// killed mid-start, another user's directory in a shared `$TMPDIR`, forged relaunch switches,
/// and a `setup` that calls `exit`. The tests run as root; `nobody` is the other user.
@Suite struct HandoverHardeningTests {
    static let nobody: uid_t = 65534
    /// A token of the right shape for a forged switch.
    static let token = "0123456789abcdef0123456789abcdef"
    /// The descriptor a forged switch's state travels in (the harness places it there).
    static let stateDescriptor = 20

    /// A relaunch switch as someone other than Daemoniker would write it: its readiness
    /// channel, descriptor 98, is not open.
    static func forgedSwitch(lock: String, state: String) -> String {
        "\(RelaunchSwitch.version);token=\(token);ready=98;lock=\(lock);state=\(state)"
    }

    /// The report of a daemon that came up in `directory`, if one did.
    static func report(in directory: TestDirectory) -> Report? {
        let data = FileManager.default.contents(atPath: directory.file("report.json"))
        return data.flatMap { try? JSONDecoder().decode(Report.self, from: $0) }
    }

    /// Kills every process below the harness of `run` (by the pids the kernel lists as its
    /// children), until the harness has reaped them all; returns the pids it killed.
    @discardableResult
    static func stopEverything(below run: HelperRun) throws -> Set<Int32> {
        var killed: Set<Int32> = []
        _ = try waitFor("every process below the harness to end", seconds: 15) { () -> Bool? in
            for pid in Proc.children(of: run.harness) where kill(pid, SIGKILL) == 0 { killed.insert(pid) }
            return run.statusLines.last == "done" ? true : nil
        }
        run.finish()
        return killed
    }

    /// Fault: a launcher killed a few milliseconds into a start left its 0600 state file behind.
    /// Fifty starts, each launcher killed with SIGKILL at a moment spread over 0 to 10 ms; then
    /// nothing of the hand-over may remain on disk, and every process is gone.
    @Test func aLauncherKilledMidStartLeavesNoStateBehind() throws {
        let runtime = try TestDirectory()
        let environment = ["XDG_RUNTIME_DIR": runtime.path, "TMPDIR": runtime.path]
        var started: Set<Int32> = []
        for launch in 0..<50 {
            let run = try HelperRun(["--strategy", "relaunch"], environment: environment)
            let launcher = try waitFor("the launcher to start") { Proc.children(of: run.harness).first }
            started.insert(launcher)
            // The moment of the kill is what this test varies, not a wait for a condition.
            usleep(UInt32(launch * 200))
            kill(launcher, SIGKILL)
            started.formUnion(try Self.stopEverything(below: run))
            #expect(
                !runtime.exists("daemoniker-\(geteuid())"),
                "launch \(launch): a state directory was created in \(runtime.path)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: runtime.path)
        #expect(left.isEmpty, "left in the runtime directory: \(left)")
        let alive = started.filter { Proc.exists($0) }
        #expect(alive.isEmpty, "processes survived: \(alive.sorted())")
    }

    /// Fault: another user who pre-created `daemoniker-0` in a shared `$TMPDIR` made every
    /// `.relaunch` start of root fail. The start needs no directory there now, and leaves the
    /// other user's directory as it was.
    @Test func anotherUsersDirectoryInTheTemporaryDirectoryStopsNoStart() throws {
        let directory = try TestDirectory()
        let shared = try TestDirectory()
        #expect(chmod(shared.path, 0o1777) == 0)
        let squatted = shared.file("daemoniker-\(geteuid())")
        #expect(mkdir(squatted, 0o755) == 0)
        #expect(chown(squatted, Self.nobody, Self.nobody) == 0)
        let daemon = try startDaemon(
            ["--strategy", "relaunch", "--pid-file", directory.file("d.pid")], in: directory,
            environment: ["XDG_RUNTIME_DIR": nil, "TMPDIR": shared.path])
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(daemon.report.strategy == "relaunch")
        var info = stat()
        #expect(lstat(squatted, &info) == 0 && info.st_uid == Self.nobody && info.st_mode & 0o777 == 0o755)
        #expect(try FileManager.default.contentsOfDirectory(atPath: squatted).isEmpty)
    }

    /// Fault: a relaunch switch naming any file as the state made the program delete that file.
    /// A switch naming a path, or a descriptor open on a file that has a name, is refused, and
    /// the file is left as it was.
    @Test(arguments: ["path", "descriptor"])
    func aForgedSwitchNamingAFileDeletesNothing(naming: String) throws {
        let directory = try TestDirectory()
        let precious = directory.file("precious")
        try "keep me\n".write(toFile: precious, atomically: false, encoding: .utf8)
        let state = naming == "path" ? precious : "\(Self.stateDescriptor)"
        // No pid file: the state is what is checked, not the missing lock.
        let run = try HelperRun(
            ["--strategy", "relaunch"], in: directory,
            harnessOptions: [
                "--command-env", "\(RelaunchSwitch.variable)=\(Self.forgedSwitch(lock: "-", state: state))",
                "--open-fd", "\(Self.stateDescriptor)=\(precious)",
            ])
        let status = try run.launcherExit()
        let daemon = Self.report(in: directory)
        run.finish(killing: daemon.map { [$0.pid] } ?? [])
        #expect(status != 0, "the forged switch was obeyed")
        #expect(daemon == nil, "a daemon came up")
        #expect(directory.read("precious") == "keep me\n", "the file named by the switch was touched")
        let said = run.launcherError
        #expect(said.hasPrefix("daemoniker: "), "said: \(said)")
        let refusal = naming == "path" ? "bad state handle" : "is a file with 1 name(s)"
        #expect(said.contains(refusal), "said: \(said)")
    }

    /// Fault: a forged switch with `lock=-` started a second daemon beside a running one, with
    /// no lock. A program that configures a pid file refuses a relaunch that hands it no lock:
    /// `invalidConfiguration`, exit 2, and the running daemon stays the only one.
    @Test func aForgedSwitchWithoutTheLockStartsNoSecondDaemon() throws {
        let first = try TestDirectory()
        let pidFile = first.file("d.pid")
        let daemon = try startDaemon(["--strategy", "relaunch", "--pid-file", pidFile], in: first)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        // A state that would decode, in a file with no name (the harness removes it), so only
        // the missing lock is wrong.
        let second = try TestDirectory()
        let stateFile = second.file("forged-state")
        let encoded = try StateEncoder.encode(HelperState.make(blobSize: 16))
        try Data(StateFileFormat.encode(token: Self.token, state: encoded)).write(
            to: URL(fileURLWithPath: stateFile))
        #expect(chmod(stateFile, 0o600) == 0)
        let run = try HelperRun(
            ["--strategy", "relaunch", "--pid-file", pidFile], in: second,
            harnessOptions: [
                "--command-env",
                "\(RelaunchSwitch.variable)=\(Self.forgedSwitch(lock: "-", state: "\(Self.stateDescriptor)"))",
                "--nameless-fd", "\(Self.stateDescriptor)=\(stateFile)",
            ])
        // Obeyed, the forged process itself becomes a daemon and never exits.
        let outcome = try waitFor("the forged start to fail or come up") { () -> String? in
            if second.exists("report.json") { return "came up" }
            return run.statusLines.contains { $0.hasPrefix("launcher ") } ? "failed" : nil
        }
        let intruder = Self.report(in: second)
        run.finish(killing: intruder.map { [$0.pid] } ?? [])
        #expect(outcome == "failed", "a second daemon came up")
        #expect(intruder == nil, "a second daemon came up")
        let status = try run.launcherExit(seconds: 1)
        let said = run.launcherError
        #expect(said.hasPrefix("daemoniker: "), "said: \(said)")
        #expect(status == 2, "said: \(said)")
        #expect(said.contains("inherited no lock on its pid file \(pidFile)"), "said: \(said)")
        #expect(first.read("d.pid") == "\(daemon.pid)\n")
        #expect(Proc.alive(daemon.pid))
    }

    /// Fault: a `setup` that called `exit` left the pid file behind. Now it leaves none, with
    /// either detaching backend.
    @Test(arguments: detachingStrategies)
    func setupThatCallsExitLeavesNoPidFile(strategy: String) throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid"), "--exit-in-setup", "7"],
            in: directory)
        let status = try run.launcherExit()
        run.finish()
        #expect(status == 7)
        #expect(!directory.exists("d.pid"), "the pid file was left behind")
        #expect(!directory.exists("report.json"), "a daemon came up")
    }

    /// The clean-up armed for `setup` is gone by the hand-over: the launcher's own exit after a
    /// successful start leaves the daemon's pid file in place.
    @Test(arguments: detachingStrategies)
    func theLaunchersExitKeepsTheDaemonsPidFile(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(directory.read("d.pid") == "\(daemon.pid)\n")
    }
}
