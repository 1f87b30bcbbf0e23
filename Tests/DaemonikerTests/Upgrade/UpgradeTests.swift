import DaemonikerTestSupport
import Foundation
import Synchronization
import Testing

@testable import Daemoniker

/// `PIDFile.upgrade`: a daemon with `acceptsUpgrades` starts its next generation, hands it the
/// pid file (a new locked file, `PIDFILE.next`, renamed over it: the lock never released; in
/// place where that file cannot be made), and drains; or rolls back, leaving no `PIDFILE.next`.
@Suite struct UpgradeTests {
    /// The helper's upgrade options, with a pid file in `directory`.
    static func arguments(_ strategy: String, _ directory: TestDirectory, _ extra: [String] = []) -> [String]
    {
        [
            "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--accept-upgrades",
            "--drain-exit",
            "--next-generation", directory.file("next"), "--stderr", "append:" + directory.file("daemon.err"),
        ] + extra
    }

    @Test(arguments: detachingStrategies)
    func upgradeSwitchesThePIDFileAndDrainsTheOldGeneration(strategy: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(
            Self.arguments(strategy, directory, ["--drain-ms", "300"]), in: directory)
        var survivors = [first.pid]
        defer { first.run.finish(killing: survivors) }
        try writeCloseOnExec("slow:400", to: directory.file("next"))
        var old = stat()
        #expect(stat(pidFile, &old) == 0)
        // A reader polling every millisecond, and the lock's holder, while the upgrade runs.
        let watcher = PIDFileWatcher(pidFile)
        let newPID = try PIDFile(pidFile).upgrade(timeout: .seconds(20), drain: .seconds(10))
        survivors.append(newPID)
        #expect(newPID != first.pid)
        #expect(directory.read("d.pid") == "\(newPID)\n")
        #expect(PIDFile(pidFile).status() == .running(pid: newPID))
        // The old generation got its drain event and returned (exit 0), after the switch.
        #expect(try first.run.ending(of: first.pid) == .exited(0))
        let seen = watcher.stop()
        // Every read (every millisecond) found exactly one generation's pid: never a missing,
        // empty or torn file.
        #expect(seen.contents == ["\(first.pid)\n", "\(newPID)\n"], "the pid file read \(seen.contents)")
        #expect(!directory.exists("d.pid.next"), "the new pid file was renamed, not left beside")
        var new = stat()
        #expect(
            stat(pidFile, &new) == 0 && new.st_ino != old.st_ino,
            "the pid file was not replaced by a new file")
        #expect(
            seen.statuses.allSatisfy { $0 == .running(pid: first.pid) || $0 == .running(pid: newPID) },
            "the lock was not held throughout: \(Set(seen.statuses.map { "\($0)" }))")
        let log = directory.read("generations.log") ?? ""
        #expect(log.contains("start \(newPID) from \(first.pid)"), "log: \(log)")
        #expect(
            log.contains("drain \(first.pid)\nexit \(first.pid)") || log.contains("exit \(first.pid)"),
            "log: \(log)")
        // The new generation is a full daemon: it upgrades again, and stops.
        try writeCloseOnExec("", to: directory.file("next"))
        let third = try PIDFile(pidFile).upgrade(timeout: .seconds(20), drain: .seconds(10))
        survivors.append(third)
        #expect(try first.run.ending(of: newPID) == .exited(0))
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try first.run.ending(of: third) == .killed(by: SIGTERM))
        #expect(!directory.exists("d.pid"))
        #expect(!directory.exists("d.pid.next"))
    }

    @Test(arguments: detachingStrategies)
    func theLockIsNeverReleasedDuringAnUpgrade(strategy: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(Self.arguments(strategy, directory), in: directory)
        var survivors = [first.pid]
        defer { first.run.finish(killing: survivors) }
        try writeCloseOnExec("slow:1500", to: directory.file("next"))
        let upgrade = BackgroundUpgrade(pidFile)
        let started = try waitFor("the new generation to start") {
            (directory.read("generations.log") ?? "").contains(" from \(first.pid)") ? true : nil
        }
        #expect(started)
        // Meanwhile: a start is refused as running, and so is a second upgrade.
        let second = try HelperRun(Self.arguments(strategy, directory))
        #expect(try second.launcherExit() == 3)
        second.finish()
        #expect(
            second.launcherError.contains("already running as pid \(first.pid)"), "\(second.launcherError)")
        #expect(throws: DaemonikerError.self) { try PIDFile(pidFile).lock() }
        do {
            try PIDFile(pidFile).upgrade(timeout: .seconds(5))
            Issue.record("a second upgrade was not refused")
        } catch {
            #expect(error.code == .upgradeInProgress, "\(error)")
        }
        let newPID = try upgrade.result()
        survivors.append(newPID)
        #expect(try first.run.ending(of: first.pid) == .exited(0))
        #expect(try PIDFile(pidFile).stop() == .terminated)
    }

    @Test(arguments: ["exit", "crash", "never", "fail"])
    func aFailingNewGenerationIsRolledBack(behaviour: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(Self.arguments("fork", directory), in: directory)
        defer { first.run.finish(killing: [first.pid]) }
        try writeCloseOnExec(behaviour, to: directory.file("next"))
        let before = readCloseOnExec(pidFile)
        let watcher = PIDFileWatcher(pidFile)
        do {
            try PIDFile(pidFile).upgrade(timeout: .seconds(2))
            Issue.record("the upgrade succeeded with a new generation that \(behaviour)s")
        } catch {
            #expect(error.code == .upgradeFailed, "\(error)")
            let why =
                switch behaviour {
                case "never": "was not ready within 2.0 s"
                case "fail": "told to fail"
                default: "exited before it reported ready"
                }
            #expect(error.message.contains(why), "\(error.message)")
            #expect(error.message.contains("pid \(first.pid) keeps serving"), "\(error.message)")
        }
        let seen = watcher.stop()
        #expect(seen.contents == ["\(first.pid)\n"], "the pid file read \(seen.contents)")
        #expect(!directory.exists("d.pid.next"), "the failed generation's pid file was left behind")
        #expect(seen.statuses.allSatisfy { $0 == .running(pid: first.pid) })
        #expect(readCloseOnExec(pidFile) == before)
        // The failed generation is gone; the old one still serves and upgrades again.
        let log = directory.read("generations.log") ?? ""
        let failed = log.split(separator: "\n").compactMap { line -> Int32? in
            line.hasSuffix(" from \(first.pid)") ? Int32(line.split(separator: " ")[1]) : nil
        }
        for pid in failed { #expect(!Proc.alive(pid), "the failed generation \(pid) survived") }
        #expect(Proc.alive(first.pid))
        try writeCloseOnExec("", to: directory.file("next"))
        let newPID = try PIDFile(pidFile).upgrade(timeout: .seconds(20))
        #expect(try first.run.ending(of: first.pid) == .exited(0))
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try first.run.ending(of: newPID) == .killed(by: SIGTERM))
    }

    @Test func whereTheNewPIDFileCannotBeMadeThePIDFileIsRewrittenInPlace() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(Self.arguments("relaunch", directory), in: directory)
        var survivors = [first.pid]
        defer { first.run.finish(killing: survivors) }
        // A directory at PIDFILE.next: neither removed nor replaced by a file.
        #expect(mkdir(pidFile + ".next", 0o755) == 0)
        try writeCloseOnExec("", to: directory.file("next"))
        let newPID = try PIDFile(pidFile).upgrade(timeout: .seconds(20), drain: .seconds(10))
        survivors.append(newPID)
        #expect(directory.read("d.pid") == "\(newPID)\n")
        #expect(PIDFile(pidFile).status() == .running(pid: newPID))
        #expect(try first.run.ending(of: first.pid) == .exited(0))
        #expect((directory.read("daemon.err") ?? "").contains("it will be rewritten in place"))
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try first.run.ending(of: newPID) == .killed(by: SIGTERM))
        #expect(!directory.exists("d.pid"))
    }

    @Test func twentyUpgradesLeaveOneProcessWithTheSameDescriptors() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let port = try DeclaredSocketTests.freePort()
        let first = try startDaemon(
            Self.arguments("relaunch", directory, ["--listen", "web=tcp:127.0.0.1:\(port)", "--serve"]),
            in: directory)
        var all = [first.pid]
        defer { first.run.finish(killing: all) }
        var previous = first.pid
        var baseline: Int?
        for round in 1...20 {
            let pid = try PIDFile(pidFile).upgrade(timeout: .seconds(20), drain: .seconds(10))
            all.append(pid)
            #expect(try first.run.ending(of: previous) == .exited(0), "round \(round)")
            // The sockets, the lock, stdio and the dispatcher's pipe; nothing that grows (a
            // connection just answered may still be open for a moment).
            if let baseline {
                let settled = try? waitFor("pid \(pid)'s descriptors back to \(baseline)", seconds: 5) {
                    Proc.descriptors(of: pid).count == baseline ? true : nil
                }
                #expect(settled == true, "round \(round): \(Proc.descriptors(of: pid))")
            } else {
                // Counted once the generation has written its record (its last step at ready).
                _ = try waitFor("pid \(pid) to record that it takes upgrades") {
                    UpgradeFiles(pidFile: pidFile).recordNames(pid) ? true : nil
                }
                baseline = Proc.descriptors(of: pid).count
            }
            #expect(DeclaredSocketTests.ask(port) == pid, "round \(round)")
            previous = pid
        }
        #expect(all.dropLast().allSatisfy { !Proc.exists($0) }, "an old generation survived")
        #expect(try PIDFile(pidFile).stop() == .terminated)
    }

    @Test func aNewGenerationWhoseOldOneIsKilledBeforeReadyEnds() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(Self.arguments("fork", directory), in: directory)
        var survivors = [first.pid]
        defer { first.run.finish(killing: survivors) }
        try writeCloseOnExec("never", to: directory.file("next"))
        let upgrade = BackgroundUpgrade(pidFile)
        let next = try waitFor("the new generation to start") {
            (directory.read("generations.log") ?? "").split(separator: "\n").first {
                $0.hasSuffix(" from \(first.pid)")
            }
            .flatMap { Int32($0.split(separator: " ")[1]) }
        }
        survivors.append(next)
        kill(first.pid, SIGKILL)
        #expect(try first.run.ending(of: next) == .exited(1))
        #expect(throws: DaemonikerError.self) { _ = try upgrade.result() }
        #expect(PIDFile(pidFile).status() == .stale(pid: first.pid))
    }

    @Test func aDaemonThatTakesNoUpgradesIsNotSignalled() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let first = try startDaemon(["--strategy", "fork", "--pid-file", pidFile], in: directory)
        defer { first.run.finish(killing: [first.pid]) }
        do {
            try PIDFile(pidFile).upgrade(timeout: .seconds(2))
            Issue.record("an upgrade of a daemon without acceptsUpgrades did not fail")
        } catch {
            #expect(error.code == .unsupported, "\(error)")
            #expect(error.message.contains("acceptsUpgrades"), "\(error.message)")
        }
        #expect(Proc.alive(first.pid), "SIGUSR2 reached a daemon that does not handle it")
        #expect(try PIDFile(pidFile).stop() == .terminated)
    }

    @Test func upgradeWithoutADaemonSaysNotRunning() throws {
        let directory = try TestDirectory()
        #expect(throws: DaemonikerError.self) { try PIDFile(directory.file("none.pid")).upgrade() }
    }
}

/// Reads a pid file every millisecond on a thread of its own: each distinct content in order,
/// and every status seen.
final class PIDFileWatcher: @unchecked Sendable {
    private let running = Atomic(true)
    private let seen = Mutex<(contents: [String], statuses: [DaemonStatus])>(([], []))
    private var thread: Thread?

    init(_ path: String) {
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                let text = readCloseOnExec(path) ?? "<missing>"
                let status = PIDFile(path).status()
                seen.withLock { seen in
                    if seen.contents.last != text { seen.contents.append(text) }
                    seen.statuses.append(status)
                }
                usleep(1000)
            }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops watching and returns what was seen.
    func stop() -> (contents: [String], statuses: [DaemonStatus]) {
        running.store(false, ordering: .relaxed)
        usleep(5000)
        return seen.withLock { $0 }
    }
}

/// `PIDFile.upgrade` running on a thread of its own.
final class BackgroundUpgrade: @unchecked Sendable {
    private let outcome = Mutex<Result<Int32, DaemonikerError>?>(nil)

    init(_ pidFile: String, timeout: Duration = .seconds(20)) {
        Thread { [self] in
            let result = Result { () throws(DaemonikerError) -> Int32 in
                try PIDFile(pidFile).upgrade(timeout: timeout, drain: .seconds(10))
            }
            outcome.withLock { $0 = result }
        }.start()
    }

    /// Waits for the upgrade's end and returns the new pid, or throws its error.
    func result() throws -> Int32 {
        try waitFor("the upgrade to end", seconds: 40) { outcome.withLock { $0 } }.get()
    }
}
