import Foundation
import Testing

/// `--help` and bad input: usage on the right stream, exit status 2, nothing started.
@Suite struct HelpTests {
    @Test func helpForTheToolAndEachSubcommand() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let tool = try box.tool(["--help"])
        #expect(tool.status == 0)
        #expect(tool.output.contains("usage: daemoniker SUBCOMMAND"))
        for subcommand in [
            "start", "stop", "restart", "reload", "signal", "status", "wait", "logs", "run", "generate",
        ] {
            let help = try box.tool([subcommand, "--help"])
            #expect(help.status == 0, "\(subcommand) --help")
            #expect(help.output.contains("usage: daemoniker \(subcommand)"), "\(subcommand) --help")
        }
    }

    @Test func unknownSubcommandOrOptionIsUsageOnStandardErrorAndExit2() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let unknown = try box.tool(["launch"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("unknown subcommand 'launch'"))
        #expect(unknown.error.contains("usage: daemoniker"))
        #expect(unknown.output.isEmpty)
        let option = try box.tool(["stop", "--pid-file", box.path("x.pid"), "--frobnicate"])
        #expect(option.status == 2)
        #expect(option.error.contains("unknown option '--frobnicate'"))
        #expect(option.error.contains("usage: daemoniker stop"))
        #expect(try box.tool([]).status == 2)
    }

    @Test(arguments: [
        ["start", "--pid-file", "P", "--ready", "smoke", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--ready", "log:([", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--ready", "fd:1", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--ready", "tcp:localhost", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--ready", "https://example.com/", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--timeout", "0", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--umask", "999", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--env", "NOVALUE", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--strategy", "teleport", "--", "sleep", "1"],
        ["start", "--pid-file", "P"],
        ["start", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--", "no-such-program-anywhere"],
        ["start", "--pid-file", "P", "--chdir", "/no/such/directory", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--user", "no-such-user-here", "--", "sleep", "1"],
        ["start", "--pid-file", "/no/such/directory/d.pid", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--log", "x.log", "--log-max-size", "0", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--log", "x.log", "--log-max-size", "lots", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--log", "x.log", "--log-keep", "3", "--", "sleep", "1"],
        ["start", "--pid-file", "P", "--log-max-size", "1M", "--", "sleep", "1"],
        ["run", "--pid-file", "P", "--log-timestamps", "--", "sleep", "1"],
        ["logs", "--pid-file", "P", "--lines", "-1"],
        ["signal", "--pid-file", "P", "SIGNOTHING"],
        ["generate", "upstart", "--name", "x", "--", "sleep", "1"],
        ["generate", "systemd", "--name", "bad name", "--", "sleep", "1"],
    ])
    func badInputExits2AndLeavesNothing(_ arguments: [String]) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = try box.tool(arguments.map { $0 == "P" ? box.path("p.pid") : $0 })
        #expect(result.status == 2, "\(arguments): \(result.error)")
        #expect(result.error.hasPrefix("daemoniker: "))
        #expect(!FileManager.default.fileExists(atPath: box.path("p.pid")))
    }
}
