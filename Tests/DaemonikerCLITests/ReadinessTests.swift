import DaemonikerTestSupport
import Foundation
import Testing

/// Every `--ready` mode, against real programs: the start returns 0 only once the condition
/// holds, and the pid file names the program itself.
@Suite struct ReadinessTests {
    /// Starts, checks the pid file names a live `name`, stops, and checks nothing is left.
    private func startAndStop(
        _ box: Sandbox, _ options: [String], _ command: [String], named name: String,
        whenReady: (Int32) throws -> Void = { _ in }
    ) throws {
        let pidFile = box.path("d.pid")
        let start = try box.tool(
            ["start", "--pid-file", pidFile, "--log", box.path("d.log")] + options + ["--"] + command)
        #expect(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(pidFile))
        #expect(start.output.contains("pid \(pid)"))
        #expect(Proc.name(pid) == name)
        #expect(Proc.alive(pid))
        try whenReady(pid)
        let stop = try box.tool(["stop", "--pid-file", pidFile])
        #expect(stop.status == 0, "\(stop.error)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(!Proc.alive(pid))
    }

    @Test(arguments: ["fork", "relaunch"])
    func execIsReadyOnceStartedAndTheProgramGetsOnlyStdioAndThePIDFile(strategy: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        try startAndStop(box, ["--strategy", strategy], ["sleep", "100"], named: "sleep") { pid in
            let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").sorted()
            let targets = fds.compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")
            }
            #expect(targets.contains(box.path("d.pid")), "the program holds its pid file open: \(targets)")
            #expect(targets.count == 4, "stdio and the pid file only: \(targets)")
        }
    }

    @Test func tcpWaitsForPythonsHTTPServer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = Sandbox.freePort()
        try startAndStop(
            box, ["--ready", "tcp:127.0.0.1:\(port)"],
            ["python3", "-m", "http.server", "\(port)", "--bind", "127.0.0.1", "-d", box.directory],
            named: "python3"
        ) { _ in
            let answer = try box.run([
                "/usr/bin/env",
                "python3", "-c",
                "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).status)",
                "http://127.0.0.1:\(port)/",
            ])
            #expect(answer.output.contains("200"), "served at once: \(answer.error)")
        }
    }

    @Test func httpWaitsForA2xxAnswer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = Sandbox.freePort()
        try startAndStop(
            box, ["--ready", "http://127.0.0.1:\(port)/"],
            ["python3", "-m", "http.server", "\(port)", "--bind", "127.0.0.1", "-d", box.directory],
            named: "python3")
    }

    @Test func notifyWaitsForReady1FromSystemdNotify() throws {
        let box = try Sandbox()
        defer { box.finish() }
        try startAndStop(
            box, ["--ready", "notify"],
            [
                "sh", "-c",
                "trap 'exit 0' TERM; sleep 0.5; systemd-notify --ready; while :; do sleep 0.1; done",
            ],
            named: "sh"
        ) { _ in
            // Ready only after the half second the program waited.
            #expect(box.read("d.pid.notify")?.hasPrefix("ready 0") == true)
        }
    }

    @Test func theNotifySocketIsInAPrivateDirectoryRemovedAtTheEnd() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let temporary = box.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        let pidFile = box.path("d.pid")
        let program = "trap 'exit 0' TERM; systemd-notify --ready; while :; do sleep 0.1; done"
        let start = try box.tool(
            ["start", "--pid-file", pidFile, "--ready", "notify", "--", "sh", "-c", program],
            environment: ["TMPDIR": temporary])
        #expect(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(pidFile))
        let environ = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
        let socket = try #require(
            String(decoding: environ, as: UTF8.self).split(separator: "\0").first {
                $0.hasPrefix("NOTIFY_SOCKET=")
            }
            .map { String($0.dropFirst("NOTIFY_SOCKET=".count)) })
        #expect(
            socket.hasPrefix(temporary + "/daemoniker-notify-"), "a path, not an abstract name: \(socket)")
        let directory = URL(fileURLWithPath: socket).deletingLastPathComponent().path
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("the notify directory to be removed") {
            FileManager.default.fileExists(atPath: directory) ? nil : true
        }
        // A failed start removes it too.
        let failed = try box.tool(
            ["start", "--pid-file", pidFile, "--ready", "notify", "--", "sh", "-c", "exit 3"],
            environment: ["TMPDIR": temporary])
        #expect(failed.status == 1, "\(failed.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
    }

    @Test func descriptorWaitsForALine() throws {
        let box = try Sandbox()
        defer { box.finish() }
        try startAndStop(
            box, ["--ready", "fd:3"],
            [
                "sh", "-c",
                "trap 'exit 0' TERM; sleep 0.3; echo ready >&3; exec 3>&-; while :; do sleep 0.1; done",
            ],
            named: "sh")
    }

    @Test func fileWaitsForTheFile() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let flag = box.path("flag")
        try startAndStop(
            box, ["--ready", "file:\(flag)"],
            ["sh", "-c", "trap 'exit 0' TERM; sleep 0.3; touch \(flag); while :; do sleep 0.1; done"],
            named: "sh"
        ) { _ in #expect(FileManager.default.fileExists(atPath: flag)) }
    }

    @Test func unixWaitsForAListeningSocket() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let socketPath = box.path("s.sock")
        let server =
            "import socket,sys,time; time.sleep(0.3); s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(); time.sleep(100)"
        try startAndStop(
            box, ["--ready", "unix:\(socketPath)"], ["python3", "-c", server, socketPath], named: "python3")
    }

    @Test func logWaitsForAMatchingLineAndKeepsTheOutput() throws {
        let box = try Sandbox()
        defer { box.finish() }
        try startAndStop(
            box, ["--ready", "log:^listening on port [0-9]+$"],
            [
                "sh", "-c",
                "trap 'echo stopping; exit 0' TERM; echo starting; sleep 0.3; echo listening on port 8080; while :; do sleep 0.1; done",
            ],
            named: "sh"
        ) { _ in
            let log = box.read("d.log") ?? ""
            #expect(log.contains("starting\n") && log.contains("listening on port 8080\n"))
        }
        // Its last words, written as it stopped, reach the log too.
        #expect(box.read("d.log")?.contains("stopping\n") == true)
    }

    @Test func delayWaitsAndChecksTheProgramStillRuns() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let began = Date()
        try startAndStop(box, ["--ready", "delay:0.5"], ["sleep", "100"], named: "sleep") { _ in
            #expect(Date().timeIntervalSince(began) >= 0.5)
        }
    }

    @Test func relaunchStrategyWorksToo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        try startAndStop(
            box, ["--strategy", "relaunch", "--ready", "delay:0.2"], ["sleep", "100"], named: "sleep")
    }

    @Test(.enabled(if: getuid() == 0, "--user needs root"))
    func userAndEnvironmentReachTheProgram() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The keeper runs as nobody and removes the pid file at the end: its directory must let
        // nobody do that (README, "Limits").
        try #require(chown(box.directory, 65534, 65534) == 0 && chmod(box.directory, 0o755) == 0)
        try startAndStop(
            box, ["--user", "nobody", "--env", "GREETING=hello there", "--umask", "027", "--chdir", "/tmp"],
            ["sleep", "100"], named: "sleep"
        ) { pid in
            let uid = Proc.status(pid, "Uid:") ?? ""
            #expect(
                uid.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first == "65534", "\(uid)")
            let environ = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
            #expect(String(decoding: environ, as: UTF8.self).contains("GREETING=hello there"))
            #expect(
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) == "/tmp")
            #expect(Proc.status(pid, "Umask:")?.hasSuffix("0027") == true)
        }
    }
}
