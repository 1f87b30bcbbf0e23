import Foundation
import Testing

/// `run`: the foreground form for a supervisor, and `--respawn` for systems without one.
@Suite struct RunTests {
    @Test func runTellsTheSupervisorAndEndsWithTheProgram() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let socketPath = box.path("notify.sock")
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        let run = try box.start(
            [toolPath, "run", "--pid-file", pidFile, "--ready", "delay:0.3", "--", "sleep", "100"],
            environment: ["NOTIFY_SOCKET": socketPath])
        var received = ""
        try waitFor("READY=1 from run") { () -> Bool? in
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { received += String(decoding: buffer.prefix(count), as: UTF8.self) }
            return received.contains("READY=1") ? true : nil
        }
        let pid = try #require(pidIn(pidFile))
        #expect(Proc.name(pid) == "sleep")
        #expect(Proc.parent(pid) == run.process.processIdentifier, "run keeps the program as its child")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("run to end") { run.process.isRunning ? nil : true }
        #expect(run.process.terminationStatus == 128 + SIGTERM)
        #expect(!FileManager.default.fileExists(atPath: pidFile))
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
}
