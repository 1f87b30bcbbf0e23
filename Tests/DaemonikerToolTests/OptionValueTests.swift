import Daemoniker
import Testing

@testable import DaemonikerTool

/// Each option value type: what it accepts, what it refuses, and how it is written back.
@Suite struct OptionValueTests {
    @Test func secondsArePositiveAndWrittenBackAsGiven() throws {
        #expect(try Seconds(parsing: "30", option: "--timeout").milliseconds == 30_000)
        #expect(try Seconds(parsing: "0.5", option: "--timeout").text == "0.5")
        #expect(try Seconds(parsing: "30", option: "--timeout").text == "30")
        for bad in ["0", "-1", "nan", "inf", "soon", "", "31536001"] {
            #expect(throws: ToolError.self, "\(bad)") { try Seconds(parsing: bad, option: "--timeout") }
        }
    }

    @Test func signalsByNameInAnyCaseOrByNumber() throws {
        #expect(try Signal(parsing: "TERM", option: "SIG") == .terminate)
        #expect(try Signal(parsing: "sighup", option: "SIG") == .hangup)
        #expect(try Signal(parsing: "usr1", option: "SIG") == .user1)
        #expect(try Signal(parsing: "\(Signal.kill.rawValue)", option: "SIG") == .kill)
        for bad in ["SIGNOTHING", "0", "-9", "100000"] {
            #expect(throws: ToolError.self, "\(bad)") { try Signal(parsing: bad, option: "SIG") }
        }
    }

    @Test func umasksAreOctal() throws {
        #expect(try FileModeMask(parsing: "022", option: "--umask").bits == 0o022)
        #expect(try FileModeMask(parsing: "0o077", option: "--umask").octal == "77")
        for bad in ["999", "8", "1000", "x"] {
            #expect(throws: ToolError.self, "\(bad)") { try FileModeMask(parsing: bad, option: "--umask") }
        }
    }

    @Test func environmentAssignmentsNeedANameAndAnEqualsSign() throws {
        let pair = try EnvironmentAssignment(parsing: "GREETING=a=b", option: "--env")
        #expect(pair.name == "GREETING")
        #expect(pair.value == "a=b")
        #expect(try EnvironmentAssignment(parsing: "EMPTY=", option: "--env").value.isEmpty)
        for bad in ["NOVALUE", "=x"] {
            #expect(throws: ToolError.self, "\(bad)") {
                try EnvironmentAssignment(parsing: bad, option: "--env")
            }
        }
    }

    @Test func strategiesAreTheDetachingOnes() throws {
        #expect(try DaemonizationStrategy(parsing: "fork", option: "--strategy") == .fork)
        #expect(try DaemonizationStrategy(parsing: "relaunch", option: "--strategy") == .relaunch)
        #expect(try DaemonizationStrategy(parsing: "automatic", option: "--strategy") == .automatic)
        for bad in ["foreground", "teleport"] {
            #expect(throws: ToolError.self, "\(bad)") {
                try DaemonizationStrategy(parsing: bad, option: "--strategy")
            }
        }
    }

    @Test(arguments: [
        ("exec", ReadyMode.exec), ("notify", .notify), ("fd:3", .descriptor(3)),
        ("tcp:127.0.0.1:8080", .tcp(host: "127.0.0.1", port: "8080")),
        ("tcp:[::1]:80", .tcp(host: "::1", port: "80")),
        ("unix:/run/a.sock", .unix("/run/a.sock")),
        ("http://localhost/", .http(host: "localhost", port: "80", path: "/")),
        ("http://[::1]:81/health", .http(host: "::1", port: "81", path: "/health")),
        ("file:/tmp/ready", .file("/tmp/ready")),
        ("log:listening on", .log("listening on")), ("delay:1.5", .delay(Seconds(1.5))),
    ])
    func readyModesParseAndAreWrittenBackTheSame(_ text: String, _ mode: ReadyMode) throws {
        let parsed = try ReadyMode(parsing: text, option: "--ready")
        #expect(parsed == mode)
        let normalized = text == "http://localhost/" ? "http://localhost:80/" : text
        #expect(parsed.text == normalized)
        #expect(try ReadyMode(parsing: parsed.text, option: "--ready") == mode)
    }

    @Test(arguments: [
        "smoke", "log:([", "fd:1", "fd:2048", "tcp:localhost", "tcp:host:0", "https://example.com/",
        "http:/x",
        "http://:80/", "delay:0", "unix:", "file:", "exec:1",
    ])
    func badReadyModesAreUsageErrors(_ text: String) {
        #expect(throws: ToolError.self) { try ReadyMode(parsing: text, option: "--ready") }
    }

    @Test func serviceNamesAndManagers() throws {
        #expect(try ServiceName(parsing: "web-1.api_x", option: "--name").text == "web-1.api_x")
        for bad in ["", "bad name", "-x", ".hidden", "a/b", "é"] {
            #expect(throws: ToolError.self, "\(bad)") { try ServiceName(parsing: bad, option: "--name") }
        }
        #expect(try ServiceManager(parsing: "rc.d", option: "MANAGER") == .rcd)
        #expect(throws: ToolError.self) { try ServiceManager(parsing: "upstart", option: "MANAGER") }
    }
}
