import DaemonikerTestSupport
import Foundation
import Testing

/// `--program-pid-file`: a program that forks itself into the background, written here in sh
/// (`sleep 300 & echo $! > PATH`); nginx in ``NginxTests``.
@Suite struct AdoptionTests {
    @Test func theProcessTheProgramNamesIsSupervisedAsTheProgram() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let programPIDFile = box.path("program.pid")
        let flag = box.path("ready")
        // The background process becomes ready 0.3 s after its launcher has exited.
        let program = "(sleep 0.3; touch \(flag); exec sleep 300) & echo $! > \(programPIDFile)"
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("log"), "--program-pid-file", programPIDFile,
            "--ready", "file:\(flag)", "--", "sh", "-c", program,
        ])
        #expect(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(programPIDFile))
        #expect(pidIn(pidFile) == pid, "the tool's pid file names the adopted process")
        #expect(start.output.contains("started sh as pid \(pid), ready (file:\(flag))"), "\(start.output)")
        #expect(FileManager.default.fileExists(atPath: flag))
        let keeper = try #require(Proc.parent(pid))
        #expect(Proc.name(keeper) == "daemoniker", "adopted by the keeper")
        let status = try box.tool(["status", "--pid-file", pidFile])
        #expect(status.status == 0)
        #expect(status.output.contains("running as pid \(pid)"), "\(status.output)")
        let stop = try box.tool(["stop", "--pid-file", pidFile])
        #expect(stop.status == 0, "\(stop.error)")
        #expect(stop.output.contains("stopped pid \(pid) (SIGTERM)"), "\(stop.output)")
        try waitFor("the keeper to end") { Proc.exists(keeper) ? nil : true }
        #expect(!Proc.exists(pid))
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(box.read("log")?.contains("supervising pid \(pid) as sh") == true, "\(box.read("log") ?? "")")
    }

    @Test func aPIDFileNeverWrittenIsNotReadyInTimeAndLeavesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let began = Date()
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--timeout", "1", "--program-pid-file", box.path("program.pid"),
            "--", "sh", "-c", "sleep 300 & exit 0",
        ])
        #expect(result.status == 4, "\(result.error)")
        #expect(result.error.contains("was not ready within 1 s"), "\(result.error)")
        #expect(result.error.contains("\(box.path("program.pid")) was not written"), "\(result.error)")
        #expect(Date().timeIntervalSince(began) < 10)
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(box.survivors().isEmpty, "the background sleep was stopped before the start returned")
    }

    /// A bad program pid file, written by `setup` (after `sleep 300 &`), with what the start says.
    private static let refused: [(name: String, setup: String, status: Int32, says: String)] = [
        ("link", "echo $! > REAL; ln -s REAL PATH", 2, "is a symbolic link; refusing to follow it"),
        ("stranger", "echo \(getpid()) > PATH", 2, "which sh did not start; refusing to adopt it"),
        ("not a pid", "echo 12ab > PATH", 2, "not a pid"),
        ("world-writable", "echo $! > PATH; chmod 666 PATH", 2, "is writable by everyone"),
        ("foreground", "echo $$ > PATH", 1, "names sh's own pid"),
        ("failed", "exit 3", 1, "exited with status 3 before it was ready"),
    ]

    @Test(arguments: refused.indices)
    func aPIDFileThatCannotBeTrustedIsRefusedAndLeavesNothing(_ index: Int) throws {
        let (name, setup, status, says) = Self.refused[index]
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let programPIDFile = box.path("program.pid")
        let script =
            "sleep 300 & "
            + setup.replacingOccurrences(of: "REAL", with: box.path("real.pid"))
            .replacingOccurrences(of: "PATH", with: programPIDFile)
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--program-pid-file", programPIDFile, "--", "sh", "-c", script,
        ])
        #expect(result.status == status, "\(name): \(result.error)")
        #expect(result.error.contains(says), "\(name): \(result.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile), "\(name)")
        #expect(box.survivors().isEmpty, "\(name): the background sleep was stopped")
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to give the file to another user"))
    func aPIDFileOfAnotherUserIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let programPIDFile = box.path("program.pid")
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--program-pid-file", programPIDFile, "--", "sh", "-c",
            "sleep 300 & echo $! > \(programPIDFile); chown 65534 \(programPIDFile)",
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(
            result.error.contains("belongs to uid 65534, not to this user (uid 0) or root"), "\(result.error)"
        )
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(box.survivors().isEmpty)
    }

    @Test func anAdoptedProcessThatEndsBeforeReadyFailsTheStart() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let programPIDFile = box.path("program.pid")
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--program-pid-file", programPIDFile, "--ready",
            "file:\(box.path("never"))", "--", "sh", "-c",
            "(sleep 0.3; exit 5) & echo $! > \(programPIDFile)",
        ])
        #expect(result.status == 1, "\(result.error)")
        #expect(result.error.contains("exited with status 5 before it was ready"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(box.survivors().isEmpty)
    }

    @Test func aStalePIDFileFromAnEarlierRunIsNotTakenForThisOne() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let programPIDFile = box.path("program.pid")
        // Left by an earlier run: a pid that is not the keeper's child. The program writes its
        // own only after a while.
        try "\(getpid())\n".write(toFile: programPIDFile, atomically: true, encoding: .utf8)
        let program = "sh -c 'sleep 0.5; echo $$ > \(programPIDFile); exec sleep 300' &"
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--program-pid-file", programPIDFile, "--", "sh", "-c", program,
        ])
        #expect(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(pidFile))
        #expect(pid != getpid())
        #expect(Proc.name(pid) == "sleep")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }
}
