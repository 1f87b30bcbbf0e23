import DaemonikerPlatform
import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// A zombie is not a holder: a daemon that has ended but that its parent has not reaped yet (a
/// container whose init reaps late) no longer runs. `kill(pid, 0)` still succeeds on it, so
/// every liveness check asks `Platform.processIsAlive`, which says it has ended.
@Suite struct ZombieTests {
    /// Stands in for a parent that does not reap (a late init), under the harness: it starts the
    /// daemon, never waits for it, and waits to be killed (then the harness adopts and reaps what
    /// it left). `helper PATH COMMAND...`: the daemon is COMMAND (the test helper in the
    /// foreground, which writes and locks pid file PATH itself). `leftover PATH`: the daemon is a
    /// python process that locks PATH, starts a child that keeps the file open, and so its lock
    /// (that child writes its pid to PATH.leftover), and then writes its own pid to PATH.
    static let parentScript = """
        import fcntl, os, signal, sys
        mode, path = sys.argv[1], sys.argv[2]
        if mode == "helper":
            os.posix_spawn(sys.argv[3], sys.argv[3:], os.environ, setsigdef=(signal.SIGPIPE,))
        elif os.fork() == 0:
            f = open(path, "w")
            fcntl.flock(f, fcntl.LOCK_EX)
            if os.fork() == 0:
                with open(path + ".leftover.new", "w") as note:
                    note.write(str(os.getpid()))
                os.rename(path + ".leftover.new", path + ".leftover")
                while True:
                    signal.pause()
            f.write(str(os.getpid()) + "\\n")
            f.flush()
            while True:
                signal.pause()
        while True:
            signal.pause()
        """

    /// The parent process under a harness in `directory`, with `arguments` after the script.
    static func startParent(_ arguments: [String], in directory: TestDirectory) throws -> HelperRun {
        try HelperRun([], in: directory, command: ["/usr/bin/python3", "-c", parentScript] + arguments)
    }

    /// Waits until `pid` is a zombie: ended, not reaped.
    static func waitForZombie(_ pid: Int32) throws {
        _ = try waitFor("pid \(pid) to be a zombie") { Proc.state(pid) == "Z" ? true : nil }
    }

    /// The parent running the test helper as a foreground daemon with `pidFile`, which is then
    /// killed and left a zombie: its pid file names it, and nobody holds its lock.
    static func zombieDaemon(pidFile: String, in directory: TestDirectory) throws -> (HelperRun, Int32) {
        let run = try startParent(
            [
                "helper", pidFile, helperPath, "daemon", "--dir", directory.path, "--strategy", "foreground",
                "--pid-file", pidFile,
            ], in: directory)
        do {
            let daemon = try run.report().pid
            #expect(PIDFile(pidFile).status() == .running(pid: daemon))
            #expect(kill(daemon, SIGKILL) == 0)
            try waitForZombie(daemon)
            return (run, daemon)
        } catch {
            run.finish(killing: Proc.children(of: run.harness))
            throw error
        }
    }

    /// The python daemon under its parent; returns the run, the daemon and the child it left
    /// holding the pid file's lock.
    static func pythonDaemon(pidFile: String, in directory: TestDirectory) throws -> (HelperRun, Int32, Int32)
    {
        let run = try startParent(["leftover", pidFile], in: directory)
        do {
            let daemon = try waitFor("the python daemon's pid") { () -> Int32? in
                guard case .running(let pid) = PIDFile(pidFile).status() else { return nil }
                return pid
            }
            let child = try waitFor("the leftover's pid") {
                directory.read("d.pid.leftover").flatMap { Int32($0) }
            }
            return (run, daemon, child)
        } catch {
            run.finish(killing: Proc.children(of: run.harness))
            throw error
        }
    }

    /// Milliseconds `body` took.
    static func milliseconds(_ body: () -> Void) -> Int64 {
        let start = Platform.monotonicMilliseconds()
        body()
        return Platform.monotonicMilliseconds() - start
    }

    @Test func aZombieExistsButIsNotAlive() throws {
        let sleeper = try spawn(
            ["/bin/sleep", "600"], environment: [], stdout: "/dev/null", stderr: "/dev/null")
        var status: Int32 = 0
        defer {
            kill(sleeper, SIGKILL)
            waitpid(sleeper, &status, 0)
        }
        #expect(Platform.processIsAlive(sleeper))
        #expect(kill(sleeper, SIGKILL) == 0)
        try Self.waitForZombie(sleeper)
        #expect(Platform.processExists(sleeper), "kill(pid, 0) still succeeds on a zombie")
        #expect(!Platform.processIsAlive(sleeper))
        #expect(Platform.processHasEnded(sleeper))
        var gone = false
        #expect(Self.milliseconds { gone = Platform.waitUntilGone(sleeper, milliseconds: 5000) } < 1000)
        #expect(gone)
        #expect(Platform.processIsAlive(getpid()))
    }

    /// A daemon killed by `SIGKILL` whose parent does not reap it: its pid file is stale, `send`
    /// signals nothing, and `stop` ends at once.
    @Test func aPidFileNamingAZombieIsStale() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let (run, zombie) = try Self.zombieDaemon(pidFile: pidFile, in: directory)
        defer { run.finish(killing: Proc.children(of: run.harness)) }
        #expect(directory.read("d.pid") == "\(zombie)\n", "SIGKILL left the file behind")
        #expect(PIDFile(pidFile).status() == .stale(pid: zombie))
        do {
            try PIDFile(pidFile).send(.user1)
            Issue.record("send to a zombie succeeded")
        } catch {
            #expect(error.code == .stalePIDFile, "\(error.message)")
        }
        let took = Self.milliseconds {
            #expect(throws: DaemonikerError.self) { try PIDFile(pidFile).stop(timeout: .seconds(10)) }
        }
        #expect(took < 2000, "stop took \(took) ms")
        #expect(Proc.state(zombie) == "Z", "still a zombie: nothing reaped it meanwhile")
    }

    /// The issue's case: the daemon that wrote and locked the pid file is a zombie, and another
    /// user holds a shared `flock` on the stale file. A start takes the file over instead of
    /// reporting "already running" as the zombie.
    @Test(.enabled(if: getuid() == 0, "needs root to act as another user"))
    func aStartTakesBackAZombiesPidFileAnotherUserHoldsLocked() throws {
        let directory = try TestDirectory()
        #expect(chmod(directory.path, 0o755) == 0)
        let pidFile = directory.file("d.pid")
        let (run, zombie) = try Self.zombieDaemon(pidFile: pidFile, in: directory)
        defer { run.finish(killing: Proc.children(of: run.harness)) }
        let blocker = try PIDFileTests.Hardening.LockHolder(pidFile, shared: true, in: directory)
        defer { withExtendedLifetime(blocker) {} }

        let second = try HelperRun(["--strategy", "fork", "--pid-file", pidFile])
        let status = try second.launcherExit()
        let report = status == 0 ? try second.report() : nil
        defer { second.finish(killing: report.map { [$0.pid] } ?? []) }
        #expect(status == 0, "\(second.launcherError)")
        #expect(!second.launcherError.contains("already running as pid \(zombie)"), "\(second.launcherError)")
        #expect(second.launcherError.contains("was held locked by pid \(blocker.pid) of another user"))
        if let report {
            #expect(directory.read("d.pid") == "\(report.pid)\n")
            #expect(PIDFile(pidFile).status() == .running(pid: report.pid))
        }
        #expect(Proc.state(zombie) == "Z")
    }

    /// A daemon that ended as a zombie while a process it started keeps the pid file open, and so
    /// its lock. The lock stays the truth for `status` (held: running, as while a keeper that
    /// holds it cleans up after its program), but the zombie is not signalled: `send` and `stop`
    /// say at once that the pid has ended, and a start says the lock is held by another process
    /// than the one the file names.
    @Test func aZombieIsNotSignalledThoughItsChildKeepsTheLock() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let (run, daemon, leftover) = try Self.pythonDaemon(pidFile: pidFile, in: directory)
        defer { run.finish(killing: [leftover] + Proc.children(of: run.harness)) }
        #expect(kill(daemon, SIGKILL) == 0)
        try Self.waitForZombie(daemon)
        #expect(PIDFile(pidFile).status() == .running(pid: daemon), "the lock is held")
        for signal in [Signal.user1, .terminate] {
            do {
                try PIDFile(pidFile).send(signal)
                Issue.record("\(signal) was sent to a zombie")
            } catch {
                #expect(error.code == .stalePIDFile)
                #expect(
                    error.message.contains("pid \(daemon) named by pid file \(pidFile) is no longer running"),
                    "\(error.message)")
            }
        }
        let took = Self.milliseconds {
            do throws(DaemonikerError) {
                try PIDFile(pidFile).stop(timeout: .seconds(10))
                Issue.record("stop of a zombie succeeded")
            } catch {
                #expect(error.code == .stalePIDFile, "\(error.message)")
            }
        }
        #expect(took < 2000, "stop took \(took) ms")
        #expect(Proc.alive(leftover), "the process holding the lock was not signalled")

        let start = try HelperRun(["--strategy", "fork", "--pid-file", pidFile])
        let status = try start.launcherExit()
        start.finish()
        #expect(status == 3, "\(start.launcherError)")
        #expect(
            start.launcherError.contains(
                "pid file \(pidFile) is locked, but pid \(daemon), which it names, is no longer running"),
            "\(start.launcherError)")
        #expect(directory.read("d.pid") == "\(daemon)\n", "the file is left as it was")
    }
}
