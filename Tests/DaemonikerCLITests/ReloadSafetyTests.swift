import DaemonikerTestSupport
import Foundation
import Testing

/// A hangup is never what kills a program: `reload` and `signal HUP` look at what the program
/// does with `SIGHUP` first (Linux), and `generate` writes a reload hook only when asked.
@Suite struct ReloadSafetyTests {
    @Test(arguments: [["reload"], ["signal", "HUP"], ["signal", "SIGHUP"]])
    func aHangupThatWouldKillTheProgramIsNotSent(_ subcommand: [String]) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        #expect(try box.tool(["start", "--pid-file", pidFile, "--", "sleep", "100"]).status == 0)
        let pid = try #require(pidIn(pidFile))
        let refused = try box.tool(subcommand + ["--pid-file", pidFile])
        #expect(refused.status == 1, "\(refused.error)")
        #expect(
            refused.error.contains(
                "sleep (pid \(pid), pid file \(pidFile)) neither handles nor ignores SIGHUP"))
        #expect(refused.error.contains("nothing was sent"))
        #expect(Proc.alive(pid), "the program still runs")
        #expect(try box.tool(["status", "--pid-file", pidFile]).status == 0)
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func aProgramThatIgnoresTheHangupGetsItAndRunsOn() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        // The ignore survives the exec: sleep runs with SIGHUP ignored.
        let program = ["sh", "-c", "trap '' HUP; exec sleep 100"]
        #expect(try box.tool(["start", "--pid-file", pidFile, "--"] + program).status == 0)
        let pid = try #require(pidIn(pidFile))
        let reload = try box.tool(["reload", "--pid-file", pidFile])
        #expect(reload.status == 0, "\(reload.error)")
        #expect(reload.output.contains("sent SIGHUP"))
        #expect(Proc.alive(pid))
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func generateWritesAReloadHookOnlyWhenAsked() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let command = ["--", "python3", "-m", "http.server"]
        let plain = try box.tool(["generate", "systemd", "--name", "web"] + command)
        #expect(plain.status == 0)
        #expect(!plain.output.contains("ExecReload="), "\(plain.output)")
        let asked = try box.tool(["generate", "systemd", "--name", "web", "--reload"] + command)
        #expect(asked.output.contains("ExecReload="))
        for manager in ["openrc", "rc.d"] {
            let script = try box.tool(["generate", manager, "--name", "web"] + command)
            #expect(!script.output.contains("reload"), "\(manager)")
            let withReload = try box.tool(["generate", manager, "--name", "web", "--reload"] + command)
            #expect(
                withReload.output.contains("\"$daemoniker\" reload --pid-file \"$pidfile\""), "\(manager)")
        }
    }
}
