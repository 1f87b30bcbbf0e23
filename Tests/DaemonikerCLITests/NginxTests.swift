import DaemonikerTestSupport
import Foundation
import Testing

/// A real server that daemonizes itself: Debian's nginx (`apt-get install nginx-light`; `.ci/run`
/// installs it), started with `daemon on` under `--program-pid-file`.
@Suite struct NginxTests {
    /// nginx's path, if it is installed.
    static let nginx = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A configuration that keeps everything of nginx's in `directory` and serves `hello` on `port`
    /// of 127.0.0.1; the master forks itself into the background and writes `nginx.pid`. No `user`:
    /// run by root, the workers run as nobody.
    private func configuration(_ directory: String, port: Int) -> String {
        """
        daemon on;
        master_process on;
        worker_processes 2;
        pid \(directory)/nginx.pid;
        error_log \(directory)/error.log;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path \(directory)/body;
            proxy_temp_path \(directory)/proxy;
            fastcgi_temp_path \(directory)/fastcgi;
            uwsgi_temp_path \(directory)/uwsgi;
            scgi_temp_path \(directory)/scgi;
            server {
                listen 127.0.0.1:\(port);
                location / { return 200 "hello\\n"; }
            }
        }

        """
    }

    /// What `GET /` answers, fetched with python3.
    private func get(_ box: Sandbox, port: Int) throws -> String {
        try box.run([
            "/usr/bin/env", "python3", "-c",
            "import sys,urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode(), end='')",
            "http://127.0.0.1:\(port)/",
        ]).output
    }

    /// nginx's workers: the master's children.
    private func workers(of master: Int32) -> Set<Int32> {
        Set(Proc.children(of: master).filter { Proc.alive($0) })
    }

    @Test func nginxRunsUnderTheKeeperAndIsReloadedAndStoppedThroughIt() throws {
        let nginx = try #require(Self.nginx, "nginx is not installed: apt-get install -y nginx-light")
        let box = try Sandbox()
        // nginx rewrites its environment for its process titles, so the sandbox's marker cannot
        // find it: every nginx process seen is checked (and killed, by pid) here.
        var seen: Set<Int32> = []
        defer {
            for pid in seen where Proc.alive(pid) {
                Issue.record("nginx pid \(pid) survived the test")
                kill(pid, SIGKILL)
            }
            box.finish()
        }
        let port = Sandbox.freePort()
        let conf = box.path("nginx.conf")
        try configuration(box.directory, port: port).write(toFile: conf, atomically: true, encoding: .utf8)
        let pidFile = box.path("d.pid")
        let nginxPIDFile = box.path("nginx.pid")
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("keeper.log"), "--program-pid-file",
            nginxPIDFile,
            "--ready", "tcp:127.0.0.1:\(port)", "--", nginx, "-c", conf, "-p", box.directory, "-e",
            box.path("error.log"),
        ])
        let master = try #require(pidIn(nginxPIDFile), "\(start.error)")
        seen.insert(master)
        #expect(start.status == 0, "\(start.error)")
        #expect(start.output.contains("started \(nginx) as pid \(master), ready (tcp:127.0.0.1:\(port))"))
        #expect(pidIn(pidFile) == master, "the tool's pid file names nginx's master")
        let keeper = try #require(Proc.parent(master))
        #expect(Proc.name(keeper) == "daemoniker", "the master was adopted by the keeper")
        let before = try waitFor("nginx's two workers") { () -> Set<Int32>? in
            let now = workers(of: master)
            return now.count == 2 ? now : nil
        }
        seen.formUnion(before)

        let status = try box.tool(["status", "--pid-file", pidFile])
        #expect(status.status == 0)
        #expect(status.output.contains("running as pid \(master)"), "\(status.output)")
        #expect(try get(box, port: port) == "hello\n")

        // Through the pid file the master holds open: the lock's descriptor came with the fork.
        let reload = try box.tool(["reload", "--pid-file", pidFile])
        #expect(reload.status == 0, "\(reload.error)")
        let after = try waitFor("new workers after the reload") { () -> Set<Int32>? in
            let now = workers(of: master)
            return now.count == 2 && now.isDisjoint(with: before) ? now : nil
        }
        seen.formUnion(after)
        #expect(pidIn(nginxPIDFile) == master, "the master stays")
        #expect(pidIn(pidFile) == master)
        #expect(try get(box, port: port) == "hello\n")

        let stop = try box.tool(["stop", "--pid-file", pidFile])
        #expect(stop.status == 0, "\(stop.error)")
        #expect(stop.output.contains("stopped pid \(master) (SIGTERM)"), "\(stop.output)")
        try waitFor("the keeper to end") { Proc.exists(keeper) ? nil : true }
        for pid in seen { #expect(!Proc.exists(pid), "nginx pid \(pid) is gone") }
        #expect(box.survivors().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(!FileManager.default.fileExists(atPath: nginxPIDFile), "nginx removed its own")
        let log = box.read("keeper.log") ?? ""
        #expect(log.contains("supervising pid \(master) as \(nginx)"), "\(log)")
        #expect(log.contains("\(nginx) (pid \(master)) exited with status 0"), "\(log)")
    }
}
