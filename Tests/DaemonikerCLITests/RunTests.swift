import DaemonikerTestSupport
import Foundation
import Testing

/// `run`: the foreground form for a supervisor, and `--respawn` for systems without one.
@Suite struct RunTests {
    @Test func runTellsTheSupervisorAndEndsWithTheProgram() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let listener = try DatagramListener(path: box.path("notify.sock"))
        let run = try box.start(
            [toolPath, "run", "--pid-file", pidFile, "--ready", "delay:0.3", "--", "sleep", "100"],
            environment: ["NOTIFY_SOCKET": listener.path])
        try waitFor("READY=1 from run") { listener.received.contains("READY=1") ? true : nil }
        let pid = try #require(pidIn(pidFile))
        #expect(Proc.name(pid) == "sleep")
        #expect(Proc.parent(pid) == run.process.processIdentifier, "run keeps the program as its child")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("run to end") { run.process.isRunning ? nil : true }
        // Ended as the program did: killed by SIGTERM, after removing the pid file.
        #expect(run.process.terminationReason == .uncaughtSignal)
        #expect(run.process.terminationStatus == SIGTERM)
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func runEndsKilledByTheProgramsSignalAfterRemovingThePidFile() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let result = try box.tool(["run", "--pid-file", pidFile, "--", "sh", "-c", "kill -USR1 $$"])
        #expect(result.signal == SIGUSR1, "\(result.status): \(result.error)")
        #expect(result.error.contains("sh (pid "), "\(result.error)")
        #expect(result.error.contains("was killed by SIGUSR1"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile), "removed before the keeper died")
    }

    @Test func runPassesTheProgramsReloadOnToTheSupervisor() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let listener = try DatagramListener(path: box.path("notify.sock"))
        let program =
            "trap 'systemd-notify RELOADING=1; systemd-notify --ready STATUS=reloaded' HUP; trap 'exit 0' TERM; systemd-notify --ready STATUS=serving; while :; do sleep 0.05; done"
        let run = try box.start(
            [toolPath, "run", "--pid-file", pidFile, "--ready", "notify", "--", "sh", "-c", program],
            environment: ["NOTIFY_SOCKET": listener.path])
        try waitFor("READY=1 from run") { listener.received.contains("READY=1") ? true : nil }
        #expect(listener.received.contains("STATUS=serving"))
        let reload = try box.tool(["reload", "--pid-file", pidFile])
        #expect(reload.status == 0, "\(reload.error)")
        try waitFor("RELOADING=1, then READY=1 again") { () -> Bool? in
            let text = listener.received
            guard let reloading = text.range(of: "RELOADING=1") else { return nil }
            return text[reloading.upperBound...].contains("READY=1") ? true : nil
        }
        #expect(listener.received.contains("STATUS=reloaded"))
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("run to end") { run.process.isRunning ? nil : true }
        #expect(run.process.terminationStatus == 0)
    }

    @Test func respawnBacksOffAndGivesUp() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let runs = box.path("runs")
        let began = Date()
        let result = try box.tool(
            [
                "run", "--pid-file", box.path("d.pid"), "--respawn", "--respawn-limit", "2", "--", "sh", "-c",
                "echo run >> \(runs); exit 7",
            ],
            seconds: 30)
        #expect(result.status == 7)
        #expect(box.read("runs") == "run\nrun\nrun\n")
        #expect(result.error.contains("starting it again in 1 s (1 of 2)"))
        #expect(result.error.contains("starting it again in 2 s (2 of 2)"))
        #expect(result.error.contains("giving up"))
        #expect(Date().timeIntervalSince(began) >= 3, "1 s, then 2 s between runs")
        #expect(!FileManager.default.fileExists(atPath: box.path("d.pid")))
    }

    @Test func stopDuringTheBackOffEndsRun() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let runs = box.path("runs")
        let run = try box.start([
            toolPath, "run", "--pid-file", pidFile, "--respawn", "--", "sh", "-c",
            "echo run >> \(runs); exit 1",
        ])
        try waitFor("the first run to end") { box.read("runs") == "run\n" ? true : nil }
        try waitFor("the pid file to name run itself") {
            pidIn(pidFile) == run.process.processIdentifier ? true : nil
        }
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("run to end") { run.process.isRunning ? nil : true }
        #expect(box.read("runs") == "run\n")
    }

    @Test func aRespawnThatFailsBeforeReadyBacksOffInsteadOfHanging() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let runs = box.path("runs")
        // The first run is ready (it outlives the delay), then fails; every later run fails
        // before the delay is over.
        let program =
            "echo run >> \(runs); if [ \"$(wc -l < \(runs))\" -gt 1 ]; then exit 3; fi; sleep 1; exit 1"
        let result = try box.tool(
            [
                "run", "--pid-file", box.path("d.pid"), "--ready", "delay:0.5", "--respawn",
                "--respawn-limit", "2", "--", "sh", "-c", program,
            ],
            seconds: 20)
        #expect(result.status == 3, "\(result.error)")
        #expect(box.read("runs") == "run\nrun\nrun\n")
        #expect(result.error.contains("exited with status 3 before it was ready"), "\(result.error)")
        #expect(result.error.contains("giving up"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: box.path("d.pid")))
    }

    @Test func stopEndsRespawnInsteadOfARespawn() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let runs = box.path("runs")
        let run = try box.start([
            toolPath, "run", "--pid-file", pidFile, "--respawn", "--", "sh", "-c",
            "echo run >> \(runs); exec sleep 100",
        ])
        let pid = try waitFor("the pid file to name sleep") { () -> Int32? in
            guard let pid = pidIn(pidFile), Proc.name(pid) == "sleep" else { return nil }
            return pid
        }
        let stop = try box.tool(["stop", "--pid-file", pidFile])
        #expect(stop.status == 0, "\(stop.error)")
        #expect(stop.output.contains("stopped pid \(pid)"))
        try waitFor("run to end") { run.process.isRunning ? nil : true }
        #expect(run.process.terminationReason == .uncaughtSignal)
        #expect(run.process.terminationStatus == SIGTERM)
        #expect(box.read("runs") == "run\n", "not started again")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func aProgramThatExitsZeroIsNotStartedAgain() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let runs = box.path("runs")
        let result = try box.tool(
            ["run", "--pid-file", box.path("d.pid"), "--respawn", "--", "sh", "-c", "echo run >> \(runs)"],
            seconds: 20)
        #expect(result.status == 0, "\(result.error)")
        #expect(box.read("runs") == "run\n")
    }

    @Test func aStaleReady1DoesNotMakeTheNextRunReady() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let first = box.path("first")
        // The first run is ready, then ends, leaving a READY=1 that arrives during the back-off;
        // the second never says it is ready.
        let program =
            "if [ ! -e \(first) ]; then touch \(first); systemd-notify --ready; (sleep 0.3; systemd-notify --ready) & exit 1; fi; exec sleep 100"
        let result = try box.tool(
            [
                "run", "--pid-file", box.path("d.pid"), "--ready", "notify", "--timeout", "1", "--respawn",
                "--respawn-limit", "1", "--", "sh", "-c", program,
            ],
            seconds: 20)
        #expect(result.error.contains("was not ready within 1 s"), "\(result.error)")
        #expect(result.error.contains("giving up"), "\(result.error)")
        #expect(result.signal == SIGTERM, "killed by the signal that stopped the program")
    }
}
