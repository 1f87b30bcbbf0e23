import DaemonikerTestSupport
import Foundation
import Testing

/// `start`'s exit statuses, and that a failed start leaves no process and no pid file.
@Suite struct ExitCodeTests {
    @Test func exitedBeforeReadyIs1AndNamesTheStatus() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--ready", "delay:5", "--", "sh", "-c", "sleep 0.2; exit 3",
        ])
        #expect(result.status == 1)
        #expect(result.error.contains("exited with status 3 before it was ready"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func killedBeforeReadyIs1AndNamesTheSignal() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--ready", "tcp:127.0.0.1:\(Sandbox.freePort())", "--", "sh",
            "-c", "kill -KILL $$",
        ])
        #expect(result.status == 1)
        #expect(result.error.contains("was killed by SIGKILL before it was ready"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func notReadyInTimeIs4AndTheProgramIsStopped() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let began = Date()
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--timeout", "1", "--ready",
            "tcp:127.0.0.1:\(Sandbox.freePort())", "--",
            "sleep", "100",
        ])
        #expect(result.status == 4)
        #expect(result.error.contains("was not ready within 1 s"), "\(result.error)")
        #expect(result.error.contains("was stopped"))
        #expect(Date().timeIntervalSince(began) < 10)
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(box.survivors().isEmpty, "the program was stopped before the start returned")
    }

    @Test func aProbeThatNeverGetsAnAnswerEndsAtTheTimeout() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let port = Sandbox.freePort()
        // Accepts every connection and trickles a byte every half second, never a whole line.
        let trickler = """
            import socket,sys,threading,time
            s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
            s.bind(('127.0.0.1',int(sys.argv[1]))); s.listen()
            def serve(c):
                while True: c.send(b'H'); time.sleep(0.5)
            while True:
                c,_=s.accept(); threading.Thread(target=serve,args=(c,),daemon=True).start()
            """
        let began = Date()
        let result = try box.tool(
            [
                "start", "--pid-file", pidFile, "--timeout", "1", "--ready", "http://127.0.0.1:\(port)/",
                "--",
                "python3", "-c", trickler, "\(port)",
            ],
            seconds: 60)
        #expect(result.status == 4, "\(result.error)")
        #expect(result.error.contains("was not ready within 1 s"), "\(result.error)")
        #expect(Date().timeIntervalSince(began) < 6, "the probe ends at the timeout, not after its own waits")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(box.survivors().isEmpty, "the program was stopped before the start returned")
    }

    @Test(arguments: ["fork", "relaunch"], [SIGINT, SIGTERM, SIGHUP])
    func interruptingTheWaitingStartStopsEverything(strategy: String, signal: Int32) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        // As from a shell: the signals unblocked (the test runner may block them, and a mask is
        // inherited).
        let start = try box.start([
            "/usr/bin/env", "python3", "-c",
            "import os,signal,sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}); os.execv(sys.argv[1], sys.argv[1:])",
            toolPath, "start", "--pid-file", pidFile, "--strategy", strategy, "--ready",
            "file:\(box.path("never"))", "--", "sleep", "100",
        ])
        try waitFor("the pid file to name sleep") { () -> Bool? in
            guard let pid = pidIn(pidFile), Proc.name(pid) == "sleep" else { return nil }
            return true
        }
        // What Ctrl-C (or a closed terminal, or kill) does to the waiting start.
        kill(start.process.processIdentifier, signal)
        try waitFor("start to end") { start.process.isRunning ? nil : true }
        #expect(start.process.terminationReason == .exit)
        #expect(start.process.terminationStatus == 1, "\(start.error())")
        #expect(start.error().contains("the start was interrupted"), "\(start.error())")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(box.survivors().isEmpty, "the keeper and the program are gone when start returns")
    }

    @Test func aWaitingStartKilledOutrightLeavesNothingEither() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let start = try box.start([
            toolPath, "start", "--pid-file", pidFile, "--ready", "file:\(box.path("never"))", "--", "sleep",
            "100",
        ])
        try waitFor("the pid file to name sleep") { () -> Bool? in
            guard let pid = pidIn(pidFile), Proc.name(pid) == "sleep" else { return nil }
            return true
        }
        kill(start.process.processIdentifier, SIGKILL)
        try waitFor("start to end") { start.process.isRunning ? nil : true }
        try waitFor("the keeper to stop the program and end") { box.survivors().isEmpty ? true : nil }
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test(arguments: ["tcp", "http", "unix", "file"])
    func aConditionThatAlreadyHoldsIs2(mode: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        // Something else already listens there, or the file is left over.
        let listener = try StreamListener(unixPath: mode == "unix" ? box.path("s.sock") : nil)
        defer { listener.close() }
        _ = FileManager.default.createFile(atPath: box.path("flag"), contents: nil)
        let ready = [
            "tcp": "tcp:127.0.0.1:\(listener.port)", "http": "http://127.0.0.1:\(listener.port)/",
            "unix": "unix:\(box.path("s.sock"))", "file": "file:\(box.path("flag"))",
        ]
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--ready", ready[mode] ?? "", "--", "sleep", "100",
        ])
        #expect(result.status == 2, "\(result.error)")
        let named = mode == "file" ? "\(box.path("flag")) already exists" : "something already listens on"
        #expect(result.error.contains(named), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(box.survivors().isEmpty)
    }

    @Test func aProgramThatEndsAsItBecomesReadyIs1() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let flag = box.path("flag")
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--ready", "file:\(flag)", "--", "sh", "-c",
            "touch \(flag); exit 5",
        ])
        #expect(result.status == 1, "\(result.error)")
        #expect(result.error.contains("exited with status 5"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func aProgramThatIgnoresTerminateIsKilledAtTheTimeout() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--timeout", "0.5", "--ready", "file:\(box.path("never"))", "--",
            "sh", "-c", "trap '' TERM; while :; do sleep 0.1; done",
        ])
        #expect(result.status == 4)
        #expect(result.error.contains("killed by SIGKILL"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func alreadyRunningIs3AndNamesThePid() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        #expect(try box.tool(["start", "--pid-file", pidFile, "--", "sleep", "100"]).status == 0)
        let pid = try #require(pidIn(pidFile))
        let second = try box.tool(["start", "--pid-file", pidFile, "--", "sleep", "100"])
        #expect(second.status == 3)
        #expect(second.error.contains("already running as pid \(pid)"), "\(second.error)")
        #expect(pidIn(pidFile) == pid)
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func aDelayNotShorterThanTheTimeoutIs2() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let began = Date()
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--timeout", "1", "--ready", "delay:2", "--", "sleep", "100",
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("is not shorter than --timeout 1 s"), "\(result.error)")
        #expect(Date().timeIntervalSince(began) < 1, "refused at once, before anything starts")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func aCommandThatCannotBeExecutedIs2() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let script = box.path("not-executable")
        _ = FileManager.default.createFile(atPath: script, contents: Data("#!/bin/sh\n".utf8))
        let result = try box.tool(["start", "--pid-file", box.path("d.pid"), "--", script])
        #expect(result.status == 2)
        #expect(result.error.contains("is not an executable file"))
        #expect(!FileManager.default.fileExists(atPath: box.path("d.pid")))
    }

    @Test(arguments: ["automatic", "relaunch"])
    func theWaitIsShownOnATerminal(strategy: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        // python3's pty module gives the tool a terminal as its standard error.
        let result = try box.run([
            "/usr/bin/env", "python3", "-c",
            "import pty,sys,os; s=pty.spawn(sys.argv[1:]); sys.exit(os.waitstatus_to_exitcode(s))",
            toolPath, "start", "--pid-file", pidFile, "--strategy", strategy, "--ready", "delay:2.5", "--",
            "sleep",
            "100",
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("waiting for 2.5 s to pass (1 s of 30 s)"), "\(result.output)")
        #expect(result.output.contains("started sleep as pid"))
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }
}
