import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

extension RelaunchStateTests {
    /// The relaunch state under faults and hostile input: a launcher killed mid-start, another
    /// user's directory in a shared `$TMPDIR`. The tests run as root; `nobody` is the other user.
    @Suite(.tags(.hardening)) struct Hardening {}
}

extension RelaunchStateTests.Hardening {
    static let nobody: uid_t = 65534

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

    /// A launcher killed a few milliseconds into a start leaves no state file behind: fifty
    /// starts, each launcher killed with SIGKILL at a moment spread over 0 to 10 ms; then
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

    /// Another user who pre-creates `daemoniker-0` in a shared `$TMPDIR` stops no `.relaunch`
    /// start of root: the start needs no directory there, and leaves the other user's directory
    /// as it was.
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
}
