import DaemonikerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `start` and `run --listen`: the keeper binds the sockets and passes them by systemd's
/// socket activation; the program (Python here) accepts on descriptors 3, 4, ….
@Suite struct ListenTests {
    /// A program that serves each socket passed to it: every connection gets one line, "NAME PID
    /// LISTEN_PID LISTEN_FDS LISTEN_FDNAMES UID", and is closed.
    static let server = """
        import os, socket, threading
        count = int(os.environ.get("LISTEN_FDS", "0"))
        names = os.environ.get("LISTEN_FDNAMES", "").split(":")
        line = "%s %s %s %s" % (os.getpid(), os.environ.get("LISTEN_PID"), count, os.environ.get("LISTEN_FDNAMES"))
        def serve(fd, name):
            listener = socket.socket(fileno=fd)
            while True:
                connection, _ = listener.accept()
                connection.sendall(("%s %s %d\\n" % (name, line, os.getuid())).encode())
                connection.close()
        for index in range(count):
            threading.Thread(target=serve, args=(3 + index, names[index]), daemon=True).start()
        threading.Event().wait()
        """

    /// What one connection was told.
    struct Reply: Equatable {
        var name: String
        var pid: Int32
        var listenPID: Int32?
        var count: Int
        var names: String
        var uid: UInt32

        init?(_ text: String?) {
            let fields = (text ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count == 6, let pid = Int32(fields[1]), let count = Int(fields[3]),
                let uid = UInt32(fields[5])
            else { return nil }
            (name, self.pid, listenPID, self.count, names, self.uid) =
                (fields[0], pid, Int32(fields[2]), count, fields[4], uid)
        }
    }

    /// With either way of detaching: a relaunched keeper finds the sockets the launcher bound.
    @Test(arguments: ["fork", "relaunch"])
    func passesTheSocketsInOrderWithTheirNamesAndTheChildsOwnPid(strategy: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let port = Sandbox.freePort()
        let path = box.path("admin.sock")
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--strategy", strategy, "--listen", "web=tcp:127.0.0.1:\(port)",
            "--listen", "admin=unix:\(path)", "--", "python3", "-c", Self.server,
        ])
        #expect(start.status == 0, "\(start.error)")
        let pid = try #require(pidIn(pidFile))
        let web = try #require(Reply(StreamReply.tcp(port: port)), "a reply on the TCP socket")
        #expect(web.name == "web")
        #expect(web.pid == pid, "the process the pid file names accepted")
        #expect(web.listenPID == pid, "LISTEN_PID is the program's own pid")
        #expect(web.count == 2)
        #expect(web.names == "web:admin")
        let admin = try #require(Reply(StreamReply.unix(path: path)), "a reply on the Unix socket")
        #expect(admin.name == "admin" && admin.pid == pid)
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("the keeper to remove the socket file it created") {
            box.exists("admin.sock") ? nil : true
        }
        #expect(!box.exists("d.pid"))
    }

    @Test func anUnnamedSocketIsUnknown() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let port = Sandbox.freePort()
        let run = try box.start([
            toolPath, "run", "--pid-file", pidFile, "--listen", "tcp:127.0.0.1:\(port)", "--", "python3",
            "-c",
            Self.server,
        ])
        // `run` binds after it has started: the first connection may come before.
        let reply = try waitFor("a reply from the program") { Reply(StreamReply.tcp(port: port)) }
        #expect(reply.name == "unknown" && reply.names == "unknown" && reply.count == 1)
        #expect(reply.listenPID == reply.pid)
        #expect(Proc.parent(reply.pid) == run.process.processIdentifier, "run keeps it as its child")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("run to end") { run.process.isRunning ? nil : true }
    }

    @Test func aTakenPortIsBadInputAndLeavesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let taken = try StreamListener(unixPath: nil)
        defer { taken.close() }
        let result = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--listen", "first=unix:\(box.path("first.sock"))",
            "--listen", "tcp:127.0.0.1:\(taken.port)", "--", "python3", "-c", Self.server,
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(
            result.error.contains(
                "tcp:127.0.0.1:\(taken.port): address already in use; stop what listens there or choose another port"
            ),
            "\(result.error)")
        #expect(!box.exists("d.pid"), "no pid file")
        #expect(!box.exists("first.sock"), "the socket bound first is removed again")
    }

    @Test(arguments: [
        "tcp:127.0.0.1", "tcp:127.0.0.1:0", "tcp:127.0.0.1:65536", "tcp:::1:80", "tcp::80", "udp:1.2.3.4:5",
        "unix:", "=tcp:127.0.0.1:80", "a:b=tcp:127.0.0.1:80",
    ])
    func aBadAddressIsBadInput(address: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--listen", address, "--", "true",
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("'\(address)' is not a listen address"), "\(result.error)")
        #expect(result.error.contains("[NAME=]tcp:HOST:PORT"), "\(result.error)")
        #expect(!box.exists("d.pid"))
    }

    @Test func aDirectoryOtherUsersCanWriteIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let open = box.path("open")
        #expect(mkdir(open, 0o777) == 0 && chmod(open, 0o777) == 0, "a directory of mode 0777, no sticky bit")
        let result = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--listen", "unix:\(open)/s.sock", "--", "true",
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(
            result.error.contains("unix:\(open)/s.sock: the directory \(open) can be written by other users"))
        #expect(!box.exists("open/s.sock") && !box.exists("d.pid"))
    }

    @Test func aFileThatIsNotASocketIsNeverReplaced() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let path = box.path("data")
        try "keep me".write(toFile: path, atomically: false, encoding: .utf8)
        let result = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--listen", "unix:\(path)", "--", "true",
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(
            result.error.contains("\(path) exists and is not a socket; refusing to replace it"),
            "\(result.error)")
        #expect(box.read("data") == "keep me")
    }

    @Test func aStaleSocketIsReplacedButALiveOneIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let live = try StreamListener(unixPath: box.path("live.sock"))
        defer { live.close() }
        let refused = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--listen", "unix:\(box.path("live.sock"))", "--",
            "true",
        ])
        #expect(refused.status == 2, "\(refused.error)")
        #expect(
            refused.error.contains("a process listens on \(box.path("live.sock")) already"),
            "\(refused.error)")
        // Bound, then closed: what a keeper killed by SIGKILL leaves.
        let stale = try StreamListener(unixPath: box.path("stale.sock"))
        stale.close()
        #expect(box.exists("stale.sock"))
        let pidFile = box.path("d.pid")
        let started = try box.tool([
            "start", "--pid-file", pidFile, "--listen", "unix:\(box.path("stale.sock"))", "--", "python3",
            "-c",
            Self.server,
        ])
        #expect(started.status == 0, "\(started.error)")
        #expect(Reply(StreamReply.unix(path: box.path("stale.sock")))?.pid == pidIn(pidFile))
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func aSecondStartFindsItRunningAndBindsNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let port = Sandbox.freePort()
        let arguments = [
            "start", "--pid-file", pidFile, "--listen", "tcp:127.0.0.1:\(port)", "--", "python3", "-c",
            Self.server,
        ]
        #expect(try box.tool(arguments).status == 0)
        let second = try box.tool(arguments)
        #expect(second.status == 3, "already running, not a taken port: \(second.error)")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func theReadinessDescriptorMayNotBeOneOfTheSockets() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--listen", "tcp:127.0.0.1:\(Sandbox.freePort())",
            "--listen", "unix:\(box.path("s"))", "--ready", "fd:4", "--", "true",
        ])
        #expect(result.status == 2)
        #expect(
            result.error.contains("--ready fd:4 is where a listening socket is passed"), "\(result.error)")
        #expect(result.error.contains("choose fd:5 or above"), "\(result.error)")
    }

    @Test(.enabled(if: getuid() == 0, "binding a port below 1024 and --user need root"))
    func aPrivilegedPortIsBoundBeforeUserDropsRights() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let nobody = try #require(getpwnam("nobody"), "a user called nobody")
        let pidFile = box.path("d.pid")
        let port = try #require(Self.freePrivilegedPort(), "a free port below 1024")
        // The directory is the test's own (0700): the program, as nobody, needs none of it; the
        // system's Python, which nobody may run (a Python under /root may not be).
        let python = try #require(
            ["/usr/bin/python3", "/usr/local/bin/python3"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            },
            "a python3 outside /root")
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--user", "nobody", "--listen", "tcp:127.0.0.1:\(port)", "--",
            python, "-c", Self.server,
        ])
        #expect(start.status == 0, "\(start.error)")
        let reply = try #require(Reply(StreamReply.tcp(port: port)))
        #expect(reply.uid == nobody.pointee.pw_uid, "the program runs as nobody")
        #expect(reply.listenPID == reply.pid)
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func aRespawnGetsTheSameSocketAndNoConnectionIsRefusedMeanwhile() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let port = Sandbox.freePort()
        let run = try box.start([
            toolPath, "run", "--pid-file", pidFile, "--respawn", "--listen", "tcp:127.0.0.1:\(port)", "--",
            "python3", "-c", Self.server,
        ])
        let first = try waitFor("a reply from the first run") { Reply(StreamReply.tcp(port: port)) }
        // A failure (SIGKILL would be a stop, which is not respawned).
        #expect(kill(first.pid, SIGUSR1) == 0)
        // Between the two runs (a second's back-off) the keeper still holds the socket: this
        // connection waits in its backlog for the next run instead of being refused.
        try waitFor("the keeper to reap the first run") { Proc.exists(first.pid) ? nil : true }
        let second = try #require(
            Reply(StreamReply.tcp(port: port, seconds: 20)), "answered across the respawn")
        #expect(second.pid != first.pid, "by the new run")
        #expect(second.listenPID == second.pid)
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("run to end") { run.process.isRunning ? nil : true }
    }

    @Test(.enabled(if: Self.gunicorn != nil, "gunicorn is not installed (.ci/run installs it with pip)"))
    func gunicornServesOnTheSocketUnchanged() throws {
        let box = try Sandbox()
        defer { box.finish() }
        try """
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"hello from gunicorn\\n"]
        """.write(toFile: box.path("app.py"), atomically: false, encoding: .utf8)
        let pidFile = box.path("d.pid")
        let port = Sandbox.freePort()
        let start = try box.tool(
            [
                "start", "--pid-file", pidFile, "--listen", "tcp:127.0.0.1:\(port)", "--ready", "notify",
                "--log", box.path("log"), "--", try #require(Self.gunicorn), "--chdir", box.directory,
                "--workers", "2", "app:app",
            ],
            seconds: 60)
        #expect(start.status == 0, "\(start.error) \(box.read("log") ?? "")")
        let response = StreamReply.tcp(port: port, request: "GET / HTTP/1.0\r\nHost: x\r\n\r\n") ?? ""
        #expect(response.hasPrefix("HTTP/1.1 200") || response.hasPrefix("HTTP/1.0 200"), "\(response)")
        #expect(response.contains("hello from gunicorn"))
        // gunicorn listens on what it was passed, not on a socket of its own (its default is
        // 127.0.0.1:8000).
        #expect(
            box.read("log")?.contains("Listening at: http://127.0.0.1:\(port)") == true,
            "\(box.read("log") ?? "")")
        #expect(try box.tool(["stop", "--pid-file", pidFile], seconds: 60).status == 0)
    }

    /// gunicorn's path on `PATH`, if it is installed.
    static let gunicorn: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":").map { "\($0)/gunicorn" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }

    /// A port below 1024 that nothing listens on (bound and released here, as root).
    static func freePrivilegedPort() -> Int? {
        for port in stride(from: 1000, to: 600, by: -7) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if bound == 0 { return port }
        }
        return nil
    }
}
