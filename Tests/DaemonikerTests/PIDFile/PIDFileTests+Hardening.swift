import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

extension PIDFileTests {
    /// Pid files another user could abuse, paths that cannot be pid files, a stale file taken
    /// over, and stopping a daemon whose relay cannot answer. The tests run as root; `nobody` is
    /// the other user.
    @Suite(.tags(.hardening)) struct Hardening {}
}

extension PIDFileTests.Hardening {
    static let nobody: uid_t = 65534

    /// A process of `nobody` that holds `path` locked (`flock`, shared or exclusive) until the
    /// test ends; ready once the lock is seen.
    final class LockHolder {
        let pid: pid_t
        init(_ path: String, shared: Bool, in directory: TestDirectory) throws {
            let script =
                "import fcntl, sys, time\nf = open(sys.argv[1])\nfcntl.flock(f, fcntl.LOCK_\(shared ? "SH" : "EX"))\ntime.sleep(600)"
            pid = try spawn(
                [
                    "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "/usr/bin/python3", "-c",
                    script, path,
                ], environment: [], stdout: "/dev/null", stderr: directory.file("locker.err"))
            _ = try waitFor("the other user's lock") { () -> Bool? in
                let probe = open(path, O_RDONLY)
                defer { close(probe) }
                return flock(probe, LOCK_EX | LOCK_NB) != 0 ? true : nil
            }
        }
        deinit {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    @Test func aPidFileAnotherUserOwnsIsRefused() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        try "1\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
        #expect(chown(pidFile, Self.nobody, Self.nobody) == 0)
        let (status, error) = try failedStart(["--strategy", "fork", "--pid-file", pidFile], in: directory)
        #expect(status == 2)
        #expect(error.contains("pid file \(pidFile) belongs to uid 65534"), "\(error)")
        #expect(directory.read("d.pid") == "1\n", "the other user's file is left as it was")
    }

    @Test func aStalePidFileAnotherUserHoldsLockedIsTakenBack() throws {
        let directory = try TestDirectory()
        #expect(chmod(directory.path, 0o755) == 0)
        let pidFile = directory.file("d.pid")
        // A stale pid file (mode 0644) naming a process that has ended.
        var status: Int32 = 0
        let gone = try spawn(["/bin/true"], environment: [], stdout: "/dev/null", stderr: "/dev/null")
        waitpid(gone, &status, 0)
        try "\(gone)\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
        #expect(chmod(pidFile, 0o644) == 0)
        // Another user, who may read it, locks it shared (as `flock -s` does) and keeps it locked.
        let blocker = try LockHolder(pidFile, shared: true, in: directory)
        defer { withExtendedLifetime(blocker) {} }

        let run = try HelperRun(["--strategy", "fork", "--pid-file", pidFile], in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(try run.launcherExit() == 0, "\(run.launcherError)")
        #expect(run.launcherError.contains("was held locked by pid \(blocker.pid) of another user"))
        #expect(directory.read("d.pid") == "\(report.pid)\n")
        #expect(PIDFile(pidFile).status() == .running(pid: report.pid))
    }

    @Test func aPidFileAnotherUsersDaemonIsStartingWithIsNotTakenBack() throws {
        let directory = try TestDirectory()
        #expect(chmod(directory.path, 0o755) == 0)
        let pidFile = directory.file("d.pid")
        // Empty, and locked by a process of another user: a daemon being started (under
        // `user:`, say), which has not written its pid yet.
        #expect(FileManager.default.createFile(atPath: pidFile, contents: Data()))
        #expect(chmod(pidFile, 0o644) == 0)
        let starting = try LockHolder(pidFile, shared: false, in: directory)
        defer { withExtendedLifetime(starting) {} }
        let (code, error) = try failedStart(["--strategy", "fork", "--pid-file", pidFile], in: directory)
        #expect(code == 3, "\(error)")
        var info = stat()
        #expect(stat(pidFile, &info) == 0 && info.st_size == 0, "the starting daemon's pid file was replaced")
    }

    @Test func aPidFileTheDaemonsOwnUserReplacedGetsNothingSignalled() throws {
        let directory = try TestDirectory()
        #expect(chmod(directory.path, 0o777) == 0)
        let pidFile = directory.file("d.pid")
        let run = try HelperRun(
            ["--strategy", "fork", "--pid-file", pidFile, "--user", "nobody"], in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(report.uid == 65534)
        // The daemon's user owns the directory: it replaces the pid file with its own, naming a
        // root process, and keeps it locked (through the daemon's own descriptor, or a new one).
        let victim = try spawn(
            ["/bin/sleep", "600"], environment: [], stdout: "/dev/null", stderr: "/dev/null")
        var status: Int32 = 0
        defer {
            kill(victim, SIGKILL)
            waitpid(victim, &status, 0)
        }
        let forged = directory.file("forged")
        try "\(victim)\n".write(toFile: forged, atomically: false, encoding: .utf8)
        #expect(chown(forged, Self.nobody, Self.nobody) == 0 && rename(forged, pidFile) == 0)
        let locker = open(pidFile, O_RDONLY)
        defer { close(locker) }
        #expect(flock(locker, LOCK_EX | LOCK_NB) == 0)

        #expect(throws: DaemonikerError.self) { try PIDFile(pidFile).send(.terminate) }
        #expect(throws: DaemonikerError.self) { try PIDFile(pidFile).stop(timeout: .milliseconds(200)) }
        #expect(
            waitpid(victim, &status, WNOHANG) == 0, "the root process the forged pid file named was signalled"
        )
    }

    @Test func aHardLinkedPidFileIsRefused() throws {
        let directory = try TestDirectory()
        let precious = directory.file("precious")
        try "keep me\n".write(toFile: precious, atomically: false, encoding: .utf8)
        #expect(chmod(precious, 0o600) == 0)
        #expect(link(precious, directory.file("d.pid")) == 0)
        let (status, error) = try failedStart(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid")], in: directory)
        #expect(status == 2)
        #expect(error.contains("has 2 names (a hard link to another file)"), "\(error)")
        #expect(directory.read("precious") == "keep me\n")
        var info = stat()
        #expect(stat(precious, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test func aPathThatCannotBeAPidFileIsBadInput() throws {
        let directory = try TestDirectory()
        // A socket at the path: open fails with ENXIO.
        let socketPath = directory.file("sock.pid")
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        let tooLong = directory.file(String(repeating: "x", count: 300) + ".pid")
        for path in [socketPath, tooLong] {
            let (status, error) = try failedStart(
                ["--strategy", "fork", "--pid-file", path], in: try TestDirectory())
            #expect(status == 2, "\(path): \(error)")
            #expect(error.contains("pid file"), "\(error)")
        }
    }

    /// `stop` reaches a daemon whatever its relay's state: frozen, with a frozen sentinel, or
    /// with its sentinel gone and not replaced.
    @Test(arguments: ["daemon frozen", "sentinel frozen", "sentinel gone, daemon frozen"])
    func stopEscalatesWhateverTheRelaysState(state: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let daemon = try startDaemon(["--strategy", "fork", "--pid-file", pidFile, "--relay"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let sentinel = try #require(SentinelRecord(parsing: directory.read("d.pid.sentinel") ?? ""))
        if state.contains("daemon frozen") { kill(daemon.pid, SIGSTOP) }
        if state == "sentinel frozen" { kill(sentinel.pid, SIGSTOP) }
        if state.contains("sentinel gone") {
            kill(sentinel.pid, SIGKILL)
            _ = try waitFor("the sentinel to end") { Proc.alive(sentinel.pid) ? nil : true }
        }
        #expect(try PIDFile(pidFile).stop(timeout: .milliseconds(300)) == .killed, "\(state)")
        #expect(try daemon.run.exitStatus(of: daemon.pid) == 128 + SIGKILL)
    }

    /// A pid file rewritten after its daemon locked it (by its owner, or anyone who may write
    /// it) must not get another process signalled: `send` and `stop` check that the pid named
    /// holds the file open.
    @Test func aRewrittenPidFileGetsNoOtherProcessSignalled() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let daemon = try startDaemon(["--strategy", "fork", "--pid-file", pidFile], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let bystander = try spawn(
            ["/bin/sleep", "30"], environment: [], stdout: directory.file("sleep.out"),
            stderr: directory.file("sleep.err"))
        defer {
            kill(bystander, SIGKILL)
            var status: Int32 = 0
            waitpid(bystander, &status, 0)
        }
        // Rewrite the locked file in place, as its owner could.
        let fd = open(pidFile, O_WRONLY | O_TRUNC)
        #expect(fd >= 0)
        let text = Array("\(bystander)\n".utf8)
        #expect(write(fd, text, text.count) == text.count)
        close(fd)
        do {
            try PIDFile(pidFile).send(.terminate)
            Issue.record("send acted on a rewritten pid file")
        } catch {
            #expect(error.code == .pidFileUnusable)
            #expect(error.message.contains("names pid \(bystander), which does not hold it open"))
        }
        do {
            try PIDFile(pidFile).stop(timeout: .milliseconds(300))
            Issue.record("stop acted on a rewritten pid file")
        } catch {
            #expect(error.code == .pidFileUnusable)
        }
        #expect(Proc.alive(bystander), "the bystander was not signalled")
        #expect(Proc.alive(daemon.pid))
    }

    @Test(arguments: detachingStrategies)
    func takenOverStalePIDFileReadsAsStartingUntilTheNewPIDIsWritten(strategy: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        // A stale file naming a live process that is not the daemon (the harness's parent: us).
        try "\(getpid())\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
        let go = directory.file("go")
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", pidFile, "--setup-waits-for", go], in: directory)
        _ = try waitFor("setup to start") { directory.exists("setup.log") ? true : nil }
        #expect(PIDFile(pidFile).status() == .starting)
        #expect(directory.read("d.pid") == "")
        FileManager.default.createFile(atPath: go, contents: nil)
        #expect(try run.launcherExit() == 0, "stderr: \(run.launcherError)")
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(PIDFile(pidFile).status() == .running(pid: report.pid))
    }
}
