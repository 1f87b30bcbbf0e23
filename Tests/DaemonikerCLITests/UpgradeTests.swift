import DaemonikerTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `upgrade`: a new generation beside the running one, switched to once ready, rolled back when
/// it fails; the pid file never empty nor naming anything but a generation.
@Suite struct UpgradeTests {
    /// A Python program whose behaviour each generation reads at start from the file `mode`
    /// (ok, exit3, abort, segv, never, slow), and that says it is ready through `via` (notify,
    /// fd: a line on descriptor 3, log: a line "up and running", which it then repeats).
    private static let program = """
        import os, signal, socket, sys, time
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        mode_file, via = sys.argv[1], sys.argv[2]
        mode = open(mode_file).read().strip() if os.path.exists(mode_file) else "ok"
        print("generation %d mode %s" % (os.getpid(), mode), flush=True)
        if mode == "exit3": sys.exit(3)
        if mode == "abort": os.abort()
        if mode == "segv": os.kill(os.getpid(), signal.SIGSEGV)
        if mode == "slow": time.sleep(2)
        if mode != "never":
            if via == "notify":
                socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"READY=1", os.environ["NOTIFY_SOCKET"])
            elif via == "fd":
                os.write(3, b"ready\\n")
                os.close(3)
        while True:
            if via == "log" and mode != "never": print("up and running", flush=True)
            time.sleep(0.05)
        """

    /// Starts the program under `start` with `--ready ready` (and `extra` options); the pid.
    private func startProgram(
        _ box: Sandbox, ready: String, via: String, extra: [String] = []
    ) throws -> Int32 {
        try #require(
            FileManager.default.createFile(atPath: box.path("prog.py"), contents: Data(Self.program.utf8)))
        let start = try box.tool(
            ["start", "--pid-file", box.path("d.pid"), "--log", box.path("log"), "--ready", ready] + extra
                + ["--", "python3", box.path("prog.py"), box.path("mode"), via])
        try #require(start.status == 0, "\(start.error)")
        return try #require(pidIn(box.path("d.pid")))
    }

    /// Sets what the next generation does.
    private func setMode(_ box: Sandbox, _ mode: String) throws {
        try mode.write(toFile: box.path("mode"), atomically: true, encoding: .utf8)
    }

    /// The pid the success line of `upgrade` names as the new generation.
    private func newPID(_ result: ToolResult) -> Int32? {
        guard let range = result.output.range(of: "(pid ") else { return nil }
        return Int32(result.output[range.upperBound...].prefix { $0.isNumber })
    }

    /// Stops the program, checks that nothing is left.
    private func stopAll(_ box: Sandbox, keeper: Int32) throws {
        let stop = try box.tool(["stop", "--pid-file", box.path("d.pid")])
        #expect(stop.status == 0, "\(stop.error)")
        try waitFor("the keeper to end") { Proc.exists(keeper) ? nil : true }
        #expect(box.survivors().isEmpty)
        #expect(!box.exists("d.pid"))
    }

    @Test func upgradeWithNotifySwitchesThePIDFileAndDrainsTheOld() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let old = try startProgram(box, ready: "notify", via: "notify")
        let keeper = try #require(Proc.parent(old))
        let upgrade = try box.tool(["upgrade", "--pid-file", box.path("d.pid"), "--drain", "10"])
        #expect(upgrade.status == 0, "\(upgrade.error)")
        let new = try #require(newPID(upgrade), "\(upgrade.output)")
        #expect(new != old)
        #expect(pidIn(box.path("d.pid")) == new)
        #expect(Proc.parent(new) == keeper, "the keeper runs the new generation")
        try waitFor("the old generation to be gone") { Proc.exists(old) ? nil : true }
        #expect(Proc.exists(keeper), "the old generation's end does not end the keeper")
        let status = try box.tool(["status", "--pid-file", box.path("d.pid")])
        #expect(status.status == 0)
        #expect(status.output.contains("\(new)"), "\(status.output)")
        let record = box.read("d.pid.keeper") ?? ""
        #expect(record.contains("program \(new)\ngeneration 2\n"), "\(record)")
        let log = try waitFor("the old generation's end in the log") {
            let text = box.read("log") ?? ""
            return text.contains("generation 1 (pid \(old)), replaced by an upgrade, exited with status 0")
                ? text : nil
        }
        #expect(log.contains("generation \(new) mode ok"), "the new generation's output reaches the log")
        try stopAll(box, keeper: keeper)
    }

    @Test func aPollerSeesOnlyTheOldPIDThenTheNewOne() throws {
        let box = try Sandbox()
        defer { box.finish() }
        var generations = [try startProgram(box, ready: "notify", via: "notify")]
        let keeper = try #require(Proc.parent(generations[0]))
        let path = box.path("d.pid")
        let poll = PollerState()
        let poller = Thread {
            var buffer = [UInt8](repeating: 0, count: 64)
            while !poll.done.load(ordering: .acquiring) {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                var text = "<missing>"
                if fd >= 0 {
                    let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    close(fd)
                    text = got > 0 ? String(decoding: buffer.prefix(got), as: UTF8.self) : "<empty>"
                }
                poll.reads.add(1, ordering: .relaxed)
                poll.seen.withLock { values in if values.last != text { values.append(text) } }
                usleep(1000)
            }
        }
        poller.start()
        for _ in 0..<5 {
            let upgrade = try box.tool(["upgrade", "--pid-file", path, "--drain", "10"])
            #expect(upgrade.status == 0, "\(upgrade.error)")
            generations.append(try #require(newPID(upgrade)))
        }
        poll.done.store(true, ordering: .releasing)
        try waitFor("the poller to stop") { poller.isFinished ? true : nil }
        let values = poll.seen.withLock { $0 }
        #expect(values == generations.map { "\($0)\n" }, "every read was a whole pid, in generation order")
        #expect(poll.reads.load(ordering: .relaxed) > 100)
        try stopAll(box, keeper: keeper)
    }

    @Test(arguments: [
        ("exit3", "exited with status 3 before it was ready"),
        ("abort", "was killed by SIGABRT before it was ready"),
        ("segv", "was killed by SIGSEGV before it was ready"),
        ("never", "was not ready within 1.5 s and was stopped"),
    ])
    func aNewGenerationThatFailsIsRolledBack(mode: String, phrase: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let old = try startProgram(box, ready: "notify", via: "notify")
        let keeper = try #require(Proc.parent(old))
        let before = try #require(FileManager.default.contents(atPath: box.path("d.pid")))
        try setMode(box, mode)
        let upgrade = try box.tool(["upgrade", "--pid-file", box.path("d.pid"), "--timeout", "1.5"])
        #expect(upgrade.status == 1, "\(upgrade.output) \(upgrade.error)")
        #expect(upgrade.error.contains(phrase), "\(upgrade.error)")
        #expect(upgrade.error.contains("the running generation \(old) keeps serving"), "\(upgrade.error)")
        #expect(
            FileManager.default.contents(atPath: box.path("d.pid")) == before, "the pid file is as it was")
        #expect(!box.exists("d.pid.next"), "the new generation's pid file is removed")
        #expect(Proc.alive(old))
        #expect(Proc.children(of: keeper) == [old], "the failed generation is gone")
        // The running generation still is the program: an upgrade after the failure works.
        try setMode(box, "ok")
        let again = try box.tool(["upgrade", "--pid-file", box.path("d.pid")])
        #expect(again.status == 0, "\(again.error)")
        try stopAll(box, keeper: keeper)
    }

    @Test func twentyUpgradesLeaveTheKeeperAsTheyFoundIt() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let first = try startProgram(box, ready: "fd:3", via: "fd")
        let keeper = try #require(Proc.parent(first))
        let descriptors = Proc.descriptors(of: keeper).count
        #expect(Proc.children(of: keeper) == [first])
        for _ in 0..<20 {
            let upgrade = try box.tool(["upgrade", "--pid-file", box.path("d.pid"), "--drain", "5"])
            #expect(upgrade.status == 0, "\(upgrade.error)")
        }
        let last = try #require(pidIn(box.path("d.pid")))
        try waitFor("the replaced generations to be gone") {
            Proc.children(of: keeper) == [last] ? true : nil
        }
        // Each ended generation's output pipes close once its reading threads have seen the end.
        try waitFor("the keeper's descriptors to be back to \(descriptors)") {
            Proc.descriptors(of: keeper).count == descriptors ? true : nil
        }
        try stopAll(box, keeper: keeper)
    }

    @Test func readinessByLogCountsOnlyTheNewGenerationsLines() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The running generation prints the pattern all along: it must not make a silent new one ready.
        let old = try startProgram(box, ready: "log:up and running", via: "log")
        let keeper = try #require(Proc.parent(old))
        try setMode(box, "never")
        let silent = try box.tool(["upgrade", "--pid-file", box.path("d.pid"), "--timeout", "1.5"])
        #expect(silent.status == 1, "\(silent.output)")
        #expect(silent.error.contains("was not ready within 1.5 s"), "\(silent.error)")
        #expect(pidIn(box.path("d.pid")) == old)
        try setMode(box, "ok")
        let upgrade = try box.tool(["upgrade", "--pid-file", box.path("d.pid")])
        #expect(upgrade.status == 0, "\(upgrade.error)")
        try stopAll(box, keeper: keeper)
    }

    @Test func aSecondUpgradeDuringTheFirstIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let old = try startProgram(box, ready: "notify", via: "notify")
        let keeper = try #require(Proc.parent(old))
        try setMode(box, "slow")
        let first = try box.start([toolPath, "upgrade", "--pid-file", box.path("d.pid")])
        try waitFor("the first upgrade to start its generation") {
            (box.read("log") ?? "").contains("upgrade: started generation 2") ? true : nil
        }
        let second = try box.tool(["upgrade", "--pid-file", box.path("d.pid")])
        #expect(second.status == 5, "\(second.error)")
        #expect(second.error.contains("another upgrade of this program is under way"), "\(second.error)")
        try waitFor("the first upgrade to end") { first.process.isRunning ? nil : true }
        #expect(first.process.terminationStatus == 0, "\(first.error())")
        #expect(pidIn(box.path("d.pid")) != old)
        try stopAll(box, keeper: keeper)
    }

    @Test func stopDuringAnUpgradeStopsBothGenerations() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let old = try startProgram(box, ready: "notify", via: "notify")
        let keeper = try #require(Proc.parent(old))
        try setMode(box, "never")
        let upgrade = try box.start([toolPath, "upgrade", "--pid-file", box.path("d.pid")])
        let new = try waitFor("the new generation to start") {
            Proc.children(of: keeper).first { $0 != old }
        }
        try stopAll(box, keeper: keeper)
        #expect(!Proc.exists(new))
        try waitFor("upgrade to end") { upgrade.process.isRunning ? nil : true }
        #expect(upgrade.process.terminationStatus == 1, "\(upgrade.error())")
        #expect(upgrade.error().contains("during the upgrade"), "\(upgrade.error())")
    }

    @Test func aProbeThroughTheSharedSocketIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = Sandbox.freePort()
        let server =
            "import http.server as h; h.HTTPServer(('127.0.0.1', \(port)), h.BaseHTTPRequestHandler).serve_forever()"
        let start = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--ready", "tcp:127.0.0.1:\(port)", "--", "python3",
            "-c",
            server,
        ])
        try #require(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(box.path("d.pid")))
        let keeper = try #require(Proc.parent(pid))
        let before = FileManager.default.contents(atPath: box.path("d.pid"))
        let upgrade = try box.tool(["upgrade", "--pid-file", box.path("d.pid")])
        #expect(upgrade.status == 2, "\(upgrade.error)")
        #expect(upgrade.error.contains("would answer for it"), "\(upgrade.error)")
        #expect(upgrade.error.contains("--ready notify"), "\(upgrade.error)")
        #expect(FileManager.default.contents(atPath: box.path("d.pid")) == before)
        #expect(Proc.children(of: keeper) == [pid], "nothing was started")
        try stopAll(box, keeper: keeper)
    }

    /// An HTTP server on the socket the keeper passes as descriptor 3: `/slow` takes 3 s; each
    /// answer names the generation's pid; on SIGTERM it stops accepting, finishes what it has
    /// in flight, and exits.
    private static let server = """
        import http.server, os, signal, socket, socketserver, threading, time
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/slow":
                    print("slow request in flight", flush=True)
                    time.sleep(3)
                body = ("%d\\n" % os.getpid()).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args): pass
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            block_on_close = True
        assert os.environ["LISTEN_PID"] == str(os.getpid()) and os.environ["LISTEN_FDS"] == "1"
        server = Server(("127.0.0.1", 0), Handler, bind_and_activate=False)
        server.socket.close()
        server.socket = socket.socket(fileno=3)
        signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
        socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"READY=1", os.environ["NOTIFY_SOCKET"])
        server.serve_forever()
        server.server_close()
        """

    @Test func aRequestInFlightDuringAnUpgradeCompletes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = Sandbox.freePort()
        try #require(
            FileManager.default.createFile(atPath: box.path("server.py"), contents: Data(Self.server.utf8)))
        let start = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--log", box.path("log"), "--listen",
            "tcp:127.0.0.1:\(port)", "--ready", "notify", "--", "python3", box.path("server.py"),
        ])
        try #require(start.status == 0, "\(start.error)")
        let old = try #require(pidIn(box.path("d.pid")))
        let keeper = try #require(Proc.parent(old))
        let get = { (path: String) in
            [
                "/usr/bin/env", "python3", "-c",
                "import urllib.request; r = urllib.request.urlopen('http://127.0.0.1:\(port)\(path)', timeout=20); print(r.status, r.read().decode().strip())",
            ]
        }
        #expect(try box.run(get("/")).output == "200 \(old)\n")
        let slow = try box.start(get("/slow"))
        try waitFor("the slow request to be in flight") {
            (box.read("log") ?? "").contains("slow request in flight") ? true : nil
        }
        let upgrade = try box.tool(["upgrade", "--pid-file", box.path("d.pid"), "--drain", "20"])
        #expect(upgrade.status == 0, "\(upgrade.error)")
        let new = try #require(newPID(upgrade))
        #expect(
            try box.run(get("/")).output == "200 \(new)\n", "the new generation answers on the same socket")
        try waitFor("the slow request to end") { slow.process.isRunning ? nil : true }
        #expect(slow.output() == "200 \(old)\n", "\(slow.error())")
        try waitFor("the old generation to end once it has answered") { Proc.exists(old) ? nil : true }
        try stopAll(box, keeper: keeper)
    }

    @Test(
        .enabled(if: ListenTests.gunicorn != nil, "gunicorn is not installed (.ci/run installs it with pip)"))
    func gunicornIsUpgradedTwice() throws {
        let box = try Sandbox()
        defer { box.finish() }
        try """
        import os
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [("arbiter %d\\n" % os.getppid()).encode()]
        """.write(toFile: box.path("app.py"), atomically: false, encoding: .utf8)
        let port = Sandbox.freePort()
        let start = try box.tool(
            [
                "start", "--pid-file", box.path("d.pid"), "--listen", "tcp:127.0.0.1:\(port)", "--ready",
                "notify",
                "--log", box.path("log"), "--", try #require(ListenTests.gunicorn), "--chdir", box.directory,
                "--workers", "2", "app:app",
            ],
            seconds: 60)
        try #require(start.status == 0, "\(start.error) \(box.read("log") ?? "")")
        var arbiter = try #require(pidIn(box.path("d.pid")))
        let keeper = try #require(Proc.parent(arbiter))
        for _ in 0..<2 {
            let old = arbiter
            let upgrade = try box.tool(["upgrade", "--pid-file", box.path("d.pid")], seconds: 60)
            #expect(upgrade.status == 0, "\(upgrade.error) \(box.read("log") ?? "")")
            arbiter = try #require(pidIn(box.path("d.pid")))
            #expect(arbiter != old)
            // gunicorn's READY=1 comes from its arbiter before its workers are up: the answer
            // waits in the shared backlog until the new workers take it.
            let response = StreamReply.tcp(port: port, request: "GET / HTTP/1.0\r\nHost: x\r\n\r\n") ?? ""
            #expect(response.contains("200 OK"), "\(response)")
            try waitFor("the old arbiter and its workers to be gone") { Proc.exists(old) ? nil : true }
            try waitFor("a worker of the new arbiter to answer") {
                (StreamReply.tcp(port: port, request: "GET / HTTP/1.0\r\nHost: x\r\n\r\n") ?? "")
                    .contains("arbiter \(arbiter)") ? true : nil
            }
        }
        try stopAll(box, keeper: keeper)
    }

    @Test func underRunRespawnTheUpgradedGenerationIsRespawnedWhenItFails() throws {
        let box = try Sandbox()
        defer { box.finish() }
        try #require(
            FileManager.default.createFile(atPath: box.path("prog.py"), contents: Data(Self.program.utf8)))
        let pidFile = box.path("d.pid")
        let run = try box.start([
            toolPath, "run", "--pid-file", pidFile, "--ready", "notify", "--respawn", "--", "python3",
            box.path("prog.py"), box.path("mode"), "notify",
        ])
        // The keeper records the notify state once the run is ready.
        try waitFor("the first run to be ready") { box.exists("d.pid.notify") ? true : nil }
        let first = try #require(pidIn(pidFile))
        let keeper = run.process.processIdentifier
        #expect(Proc.parent(first) == keeper)
        let upgrade = try box.tool(["upgrade", "--pid-file", pidFile])
        #expect(upgrade.status == 0, "\(upgrade.error)")
        let upgraded = try #require(newPID(upgrade))
        try waitFor("the replaced run to be gone") { Proc.exists(first) ? nil : true }
        #expect(run.process.isRunning, "the replaced generation's end does not end run")
        // Ended by a signal that is not a stop (SIGKILL, SIGTERM would be): a failure, respawned.
        kill(upgraded, SIGUSR1)
        let respawned = try waitFor("a new run after the upgraded one was killed", seconds: 20) {
            pidIn(pidFile).flatMap { $0 != upgraded && $0 != keeper && Proc.parent($0) == keeper ? $0 : nil }
        }
        #expect(Proc.alive(respawned))
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("run to end") { run.process.isRunning ? nil : true }
        #expect(box.survivors().isEmpty)
    }

    @Test func anAdoptedProgramIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let programPIDFile = box.path("program.pid")
        let start = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--program-pid-file", programPIDFile, "--", "sh", "-c",
            "sleep 300 & echo $! > \(programPIDFile)",
        ])
        try #require(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(box.path("d.pid")))
        let keeper = try #require(Proc.parent(pid))
        let upgrade = try box.tool(["upgrade", "--pid-file", box.path("d.pid")])
        #expect(upgrade.status == 2, "\(upgrade.error)")
        #expect(upgrade.error.contains("--program-pid-file"), "\(upgrade.error)")
        #expect(pidIn(box.path("d.pid")) == pid)
        try stopAll(box, keeper: keeper)
    }

    @Test(.enabled(if: getuid() == 0, "--user needs root"))
    func underUserARootOwnedPIDFileIsRewrittenInPlace() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let nobody = try #require(getpwnam("nobody"), "a user called nobody")
        // The keeper, as nobody, writes its record beside the pid file: a directory of its own.
        #expect(chmod(box.directory, 0o711) == 0)
        let directory = box.path("run")
        #expect(
            mkdir(directory, 0o755) == 0
                && chown(directory, nobody.pointee.pw_uid, nobody.pointee.pw_gid) == 0)
        let pidFile = directory + "/d.pid"
        let program =
            "import os, socket, time; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'READY=1', os.environ['NOTIFY_SOCKET']); time.sleep(300)"
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--user", "nobody", "--ready", "notify", "--", "/usr/bin/python3",
            "-c",
            program,
        ])
        try #require(start.status == 0, "\(start.error)")
        let old = try #require(pidIn(pidFile))
        let keeper = try #require(Proc.parent(old))
        var info = stat()
        #expect(
            stat(pidFile, &info) == 0 && info.st_uid == 0,
            "root made the pid file before the switch to nobody")
        let upgrade = try box.tool(["upgrade", "--pid-file", pidFile])
        #expect(upgrade.status == 0, "\(upgrade.error)")
        let new = try #require(newPID(upgrade))
        #expect(pidIn(pidFile) == new)
        #expect(stat(pidFile, &info) == 0 && info.st_uid == 0, "still root's file, rewritten in place")
        #expect(!FileManager.default.fileExists(atPath: pidFile + ".next"))
        try waitFor("the old generation to be gone") { Proc.exists(old) ? nil : true }
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0, "root's stop trusts the file")
        try waitFor("the keeper to end") { Proc.exists(keeper) ? nil : true }
        #expect(box.survivors().isEmpty)
    }

    @Test func notRunningIs3() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let upgrade = try box.tool(["upgrade", "--pid-file", box.path("none.pid")])
        #expect(upgrade.status == 3, "\(upgrade.error)")
        #expect(upgrade.error.contains("not running"), "\(upgrade.error)")
    }
}

/// What the pid-file poller thread and the test share.
private final class PollerState: Sendable {
    /// Each value read that differs from the one before.
    let seen = Mutex<[String]>([])
    /// Set when the poller is to stop.
    let done = Atomic(false)
    /// How many reads it made.
    let reads = Atomic(0)
}
