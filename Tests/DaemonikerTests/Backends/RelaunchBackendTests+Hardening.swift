import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

extension RelaunchBackendTests {
    /// Forged relaunch switches: one naming a file, one without the pid file's lock.
    @Suite(.tags(.hardening)) struct Hardening {}
}

extension RelaunchBackendTests.Hardening {
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

    /// A relaunch switch that names a file as the state gets nothing deleted: a switch naming a
    /// path, or a descriptor open on a file that has a name, is refused, and the file is left as
    /// it was.
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

    /// A forged switch with `lock=-` starts no second daemon beside a running one: a program
    /// that configures a pid file refuses a relaunch that hands it no lock
    /// (`invalidConfiguration`, exit 2), and the running daemon stays the only one.
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
}
