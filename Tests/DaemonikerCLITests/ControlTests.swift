import DaemonikerTestSupport
import Foundation
import Testing

/// `stop`, `signal`, `reload`, `wait`, `status` and `restart` on running programs.
@Suite struct ControlTests {
    /// A shell that records each signal it gets in `signals` and ends on terminate.
    private func trapper(_ box: Sandbox) -> [String] {
        let log = box.path("signals")
        return [
            "sh", "-c",
            "trap 'echo HUP >> \(log)' HUP; trap 'echo USR1 >> \(log)' USR1; trap 'exit 0' TERM; while :; do sleep 0.05; done",
        ]
    }

    @Test func signalByNameAndNumberReachesTheProgram() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        #expect(try box.tool(["start", "--pid-file", pidFile, "--"] + trapper(box)).status == 0)
        let pid = try #require(pidIn(pidFile))
        let sent = try box.tool(["signal", "--pid-file", pidFile, "USR1"])
        #expect(sent.status == 0)
        #expect(sent.output.contains("sent SIGUSR1 to pid \(pid)"))
        try waitFor("USR1 to be recorded") { box.read("signals") == "USR1\n" ? true : nil }
        #expect(try box.tool(["signal", "--pid-file", pidFile, "\(SIGHUP)"]).status == 0)
        try waitFor("HUP to be recorded") { box.read("signals") == "USR1\nHUP\n" ? true : nil }
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        let after = try box.tool(["signal", "--pid-file", pidFile, "HUP"])
        #expect(after.status == 3)
        #expect(after.error.contains("does not exist"))
    }

    @Test func reloadWithoutNotifySendsHangup() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        #expect(try box.tool(["start", "--pid-file", pidFile, "--"] + trapper(box)).status == 0)
        let reload = try box.tool(["reload", "--pid-file", pidFile])
        #expect(reload.status == 0)
        #expect(reload.output.contains("not waiting"))
        try waitFor("HUP to be recorded") { box.read("signals") == "HUP\n" ? true : nil }
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func reloadWithNotifyWaitsForReadyAgain() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let done = box.path("reloaded")
        let program =
            "trap 'systemd-notify RELOADING=1; sleep 0.5; touch \(done); systemd-notify --ready STATUS=reloaded' HUP; trap 'exit 0' TERM; systemd-notify --ready; while :; do sleep 0.05; done"
        #expect(
            try box.tool(["start", "--pid-file", pidFile, "--ready", "notify", "--", "sh", "-c", program])
                .status == 0)
        let reload = try box.tool(["reload", "--pid-file", pidFile])
        #expect(reload.status == 0, "\(reload.error)")
        #expect(reload.output.contains("reloaded: reloaded"))
        #expect(FileManager.default.fileExists(atPath: done), "reload returned only after the reload")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: pidFile + ".notify"))
    }

    @Test func reloadThatNeverFinishesIs4() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let program = "trap ':' HUP; trap 'exit 0' TERM; systemd-notify --ready; while :; do sleep 0.05; done"
        #expect(
            try box.tool(["start", "--pid-file", pidFile, "--ready", "notify", "--", "sh", "-c", program])
                .status == 0)
        let reload = try box.tool(["reload", "--pid-file", pidFile, "--timeout", "0.5"])
        #expect(reload.status == 4)
        #expect(reload.error.contains("did not send READY=1 within 0.5 s"))
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func stopEscalatesToKillAndSaysSo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let stubborn = ["sh", "-c", "trap '' TERM INT; while :; do sleep 0.05; done"]
        #expect(try box.tool(["start", "--pid-file", pidFile, "--"] + stubborn).status == 0)
        let stop = try box.tool(["stop", "--pid-file", pidFile, "--timeout", "0.5"])
        #expect(stop.status == 0)
        #expect(stop.output.contains("killed it (SIGKILL)"), "\(stop.output)")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        #expect(try box.tool(["start", "--pid-file", pidFile, "--"] + stubborn).status == 0)
        let interrupt = try box.tool(["stop", "--pid-file", pidFile, "--signal", "INT", "--timeout", "0.5"])
        #expect(interrupt.output.contains("after SIGINT; killed it (SIGKILL)"), "\(interrupt.output)")
        let notRunning = try box.tool(["stop", "--pid-file", pidFile])
        #expect(notRunning.status == 0)
        #expect(notRunning.output.contains("not running"))
    }

    @Test func waitReturnsWhenTheProgramEnds() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        #expect(try box.tool(["start", "--pid-file", pidFile, "--", "sleep", "100"]).status == 0)
        let early = try box.tool(["wait", "--pid-file", pidFile, "--timeout", "0.3"])
        #expect(early.status == 4)
        #expect(early.error.contains("still running after 0.3 s"))
        let waiter = try box.start([toolPath, "wait", "--pid-file", pidFile])
        #expect(try box.tool(["signal", "--pid-file", pidFile, "TERM"]).status == 0)
        try waitFor("wait to return") { waiter.process.isRunning ? nil : true }
        #expect(waiter.process.terminationStatus == 0)
    }

    @Test func crashedProgramIsDeadThenStartTakesTheFileOver() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        #expect(try box.tool(["start", "--pid-file", pidFile, "--", "sleep", "100"]).status == 0)
        let pid = try #require(pidIn(pidFile))
        let keeper = try #require(Proc.parent(pid))
        // The whole thing crashes: keeper and program killed, nobody removes the pid file.
        kill(keeper, SIGKILL)
        kill(pid, SIGKILL)
        let dead = try waitFor("status to say dead") {
            let result = try box.tool(["status", "--pid-file", pidFile])
            return result.status == 1 ? result : nil
        }
        #expect(dead.output.contains("naming pid \(pid)"))
        let json = try box.tool(["status", "--pid-file", pidFile, "--json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["state"] as? String == "dead")
        #expect(object["code"] as? Int == 1)
        #expect(object["pid"] as? Int == Int(pid))
        let again = try box.tool(["start", "--pid-file", pidFile, "--", "sleep", "100"])
        #expect(again.status == 0, "\(again.error)")
        let running = try box.tool(["status", "--pid-file", pidFile, "--json"])
        let now = try #require(
            try JSONSerialization.jsonObject(with: Data(running.output.utf8)) as? [String: Any])
        #expect(now["state"] as? String == "running")
        #expect(now["pid"] as? Int == Int(pidIn(pidFile) ?? 0))
        #expect((now["since"] as? String)?.hasSuffix("Z") == true)
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func statusCodes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let stopped = try box.tool(["status", "--pid-file", pidFile])
        #expect(stopped.status == 3)
        #expect(stopped.output.contains("not running"))
        #expect(try box.tool(["start", "--pid-file", pidFile, "--", "sleep", "100"]).status == 0)
        let pid = try #require(pidIn(pidFile))
        let running = try box.tool(["status", "--pid-file", pidFile])
        #expect(running.status == 0)
        #expect(running.output.contains("running as pid \(pid) since 20"), "\(running.output)")
        // A pid file nobody may open: unknown.
        _ = FileManager.default.createFile(atPath: box.path("other.pid"), contents: Data("1\n".utf8))
        try FileManager.default.createSymbolicLink(
            atPath: box.path("link.pid"), withDestinationPath: box.path("other.pid"))
        #expect(try box.tool(["status", "--pid-file", box.path("link.pid")]).status == 4)
        // stop does not call it "no pid file", and says what to do.
        let unusable = try box.tool(["stop", "--pid-file", box.path("link.pid")])
        #expect(unusable.status == 2)
        #expect(unusable.error.contains("exists but cannot be opened"), "\(unusable.error)")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func restartStopsThenStarts() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let arguments = ["--pid-file", pidFile, "--ready", "delay:0.2", "--", "sleep", "100"]
        #expect(try box.tool(["start"] + arguments).status == 0)
        let first = try #require(pidIn(pidFile))
        let restart = try box.tool(["restart"] + arguments)
        #expect(restart.status == 0, "\(restart.error)")
        let second = try #require(pidIn(pidFile))
        #expect(second != first)
        #expect(!Proc.alive(first))
        #expect(Proc.name(second) == "sleep")
        let relaunched = try box.tool(["restart", "--strategy", "relaunch"] + arguments)
        #expect(relaunched.status == 0, "\(relaunched.error)")
        #expect(!Proc.alive(second))
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }
}
