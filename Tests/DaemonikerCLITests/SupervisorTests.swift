import DaemonikerTestSupport
import Foundation
import Testing

/// The keeper as a supervisor: a child subreaper that reaps and ends what the program leaves
/// behind, and init (PID 1) in a pid namespace, as in a container.
@Suite struct SupervisorTests {
    /// Whether this machine lets a test start a pid namespace (`unshare` needs root, or user
    /// namespaces).
    static let canUnsharePID: Bool = {
        guard let box = try? Sandbox() else { return false }
        defer { box.finish() }
        let result = try? box.run(["/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "/bin/true"])
        return result?.status == 0
    }()

    /// The processes among `pids` that have ended but are not reaped yet.
    private func zombies(_ pids: [Int32]) -> [Int32] {
        pids.filter { Proc.state($0) == "Z" }
    }

    @Test func stopEndsAnOrphanTheProgramLeft() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let orphanFile = box.path("orphan")
        // The subshell starts a sleep in the background and exits: the sleep is orphaned.
        let program = "(sleep 300 & echo $! > \(orphanFile)); exec sleep 301"
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("log"), "--", "sh", "-c", program,
        ])
        #expect(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(pidFile))
        let keeper = try #require(Proc.parent(pid))
        let orphan = try waitFor("the orphan's pid") { pidIn(orphanFile) }
        try waitFor("the orphan to become the keeper's child (a child subreaper)") {
            Proc.parent(orphan) == keeper ? true : nil
        }
        let stop = try box.tool(["stop", "--pid-file", pidFile])
        #expect(stop.status == 0, "\(stop.error)")
        try waitFor("the keeper to end") { Proc.exists(keeper) ? nil : true }
        #expect(!Proc.exists(orphan), "the orphan was ended with the program")
        #expect(box.survivors().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        let log = box.read("log") ?? ""
        #expect(log.contains("ended 1 process(es) it left behind (pid \(orphan))"), "\(log)")
    }

    @Test func aProgramThatEndsByItselfTakesItsOrphansWithIt() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let orphanFile = box.path("orphan")
        // A grandchild that ignores SIGTERM: the keeper kills it after the grace.
        let program = "(sh -c 'trap \"\" TERM; exec sleep 300' & echo $! > \(orphanFile)); sleep 0.5; exit 3"
        let run = try box.tool(["run", "--pid-file", pidFile, "--", "sh", "-c", program])
        #expect(run.status == 3, "\(run.error)")
        #expect(
            run.error.contains("exited with status 3; ended 1 process(es) it left behind"), "\(run.error)")
        let orphan = try #require(pidIn(orphanFile))
        #expect(!Proc.exists(orphan))
        #expect(box.survivors().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test(arguments: ["fork", "relaunch"])
    func aTerminateToTheKeeperEndsTheProgramAndTheKeeper(strategy: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("log"), "--strategy", strategy, "--", "sleep",
            "300",
        ])
        #expect(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(pidFile))
        let keeper = try #require(Proc.parent(pid))
        // As systemd's KillMode=mixed does: the keeper alone gets it, and passes it on.
        kill(keeper, SIGTERM)
        try waitFor("the keeper to end") { Proc.alive(keeper) ? nil : true }
        #expect(!Proc.alive(pid))
        #expect(!FileManager.default.fileExists(atPath: pidFile), "the keeper removed the pid file")
        #expect(
            box.read("log")?.contains("sleep (pid \(pid)) was killed by SIGTERM") == true,
            "\(box.read("log") ?? "")")
    }

    @Test func theKeeperReapsOrphansWhileTheProgramRuns() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let done = box.path("done")
        let program = "for i in $(seq 50); do (sleep 0.01 &); done; touch \(done); exec sleep 300"
        #expect(try box.tool(["start", "--pid-file", pidFile, "--", "sh", "-c", program]).status == 0)
        try waitFor("the program to leave its 50 orphans") {
            FileManager.default.fileExists(atPath: done) ? true : nil
        }
        let pid = try #require(pidIn(pidFile))
        let keeper = try #require(Proc.parent(pid))
        // Each orphan ends 10 ms after it started, as the keeper's child: reaped at once.
        try waitFor("the keeper to have reaped every orphan (only the program left as its child)") {
            Proc.children(of: keeper) == [pid] ? true : nil
        }
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test(.enabled(if: canUnsharePID, "needs unshare --pid (root)"))
    func asInitTheKeeperReapsEveryOrphanAndEndsWithTheProgramsStatus() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let done = box.path("done")
        // 100 grandchildren orphaned at once; in the namespace, init (the keeper) adopts them.
        let program = "for i in $(seq 100); do (sleep 0.01 &) ; done; touch \(done); sleep 6; exit 3"
        let unshare = try box.start([
            "/usr/bin/unshare", "--pid", "--fork", "--mount-proc", toolPath, "run", "--", "sh", "-c", program,
        ])
        let keeper = try waitFor("the keeper (unshare's child)") {
            Proc.children(of: unshare.process.processIdentifier).first
        }
        try waitFor("the program to orphan its 100 grandchildren") {
            FileManager.default.fileExists(atPath: done) ? true : nil
        }
        // While the program still runs (its last 6 s; 100 starts and ends can take seconds on a
        // loaded machine), the keeper has reaped them all: its only child left is the program,
        // and no zombie.
        let children = try waitFor("every orphan reaped, while the program runs", seconds: 5.5) {
            () -> [Int32]? in
            let now = Proc.children(of: keeper)
            return now.count == 1 && zombies(now).isEmpty ? now : nil
        }
        #expect(Proc.name(children[0]) == "sh")
        try waitFor("unshare to end") { unshare.process.isRunning ? nil : true }
        #expect(unshare.process.terminationReason == .exit)
        #expect(unshare.process.terminationStatus == 3, "\(unshare.error())")
    }

    @Test(.enabled(if: canUnsharePID, "needs unshare --pid (root)"))
    func asInitATerminateEndsTheProgramAndTheKeeperExits143() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let listener = try DatagramListener(path: box.path("notify.sock"))
        let unshare = try box.start(
            ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc", toolPath, "run", "--", "sleep", "100"],
            environment: ["NOTIFY_SOCKET": listener.path])
        let keeper = try waitFor("the keeper (unshare's child)") {
            Proc.children(of: unshare.process.processIdentifier).first
        }
        let program = try waitFor("the keeper to start sleep") { () -> Int32? in
            Proc.children(of: keeper).first { Proc.name($0) == "sleep" }
        }
        // Once the keeper is ready (a terminate before it stops a program not yet ready, exit 1):
        // sleep runs under its name a moment before the keeper has seen its exec succeed.
        try waitFor("READY=1 from the keeper") { listener.received.contains("READY=1") ? true : nil }
        // From the host: PID 1 of the namespace gets it, as a container's init from its runtime.
        kill(keeper, SIGTERM)
        try waitFor("unshare to end") { unshare.process.isRunning ? nil : true }
        #expect(!Proc.exists(program))
        // PID 1 cannot die by its own signal: 128 + 15, which unshare passes on.
        #expect(unshare.process.terminationReason == .exit)
        #expect(unshare.process.terminationStatus == 128 + SIGTERM, "\(unshare.error())")
        #expect(unshare.error().contains("was killed by SIGTERM"), "\(unshare.error())")
    }
}
