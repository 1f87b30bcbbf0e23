import Daemoniker
import DaemonikerPlatform
import Testing

@testable import DaemonikerTool

/// `--listen`: the addresses it parses (the library's ``ListenAddress``), what it refuses, how
/// it is written back, and where `generate` carries it.
@Suite struct ListenOptionTests {
    private func address(_ text: String) throws(ToolError) -> ListenAddress {
        try ListenAddress(parsing: text, option: "--listen")
    }

    @Test func tcpAddressesWithAndWithoutANameAndBracketedIPv6() throws {
        let web = try address("web=tcp:127.0.0.1:8080")
        #expect(web.name == "web")
        #expect(web.endpoint == .tcp(host: "127.0.0.1", port: 8080))
        #expect(web.description == "web=tcp:127.0.0.1:8080")
        let loopback6 = try address("tcp:[::1]:443")
        #expect(loopback6.name == "unknown", "systemd's name for a socket passed without one")
        #expect(loopback6.endpoint == .tcp(host: "::1", port: 443))
        #expect(loopback6.description == "tcp:[::1]:443", "written back in brackets")
        #expect(try address("tcp:localhost:65535").endpoint == .tcp(host: "localhost", port: 65535))
        #expect(try address("all=tcp:[::]:80").endpoint == .tcp(host: "::", port: 80))
    }

    @Test func unixPathsAreMadeAbsoluteAndMayHoldAnEqualsSign() throws {
        let admin = try address("admin=unix:/run/app/admin.sock")
        #expect(admin.name == "admin")
        #expect(admin.endpoint == .unix(path: "/run/app/admin.sock"))
        let equals = try address("unix:/run/a=b.sock")
        #expect(equals.name == "unknown", "an = after the kind's colon is the path's")
        #expect(equals.endpoint == .unix(path: "/run/a=b.sock"))
        let relative = try address("unix:app.sock")
        #expect(relative.endpoint == .unix(path: Platform.absolutePath("app.sock")))
    }

    @Test(arguments: [
        ("tcp:127.0.0.1", "no :PORT"),
        ("tcp:127.0.0.1:0", "is not a number from 1 to 65535"),
        ("tcp:127.0.0.1:65536", "is not a number from 1 to 65535"),
        ("tcp:127.0.0.1:+80", "is not a number from 1 to 65535"),
        ("tcp:::1:80", "an IPv6 address must be in brackets"),
        ("tcp:[::1:80", "no closing ]"),
        ("tcp:[::1]80", "no :PORT after the bracketed address"),
        ("tcp::80", "the host is empty"),
        ("udp:1.2.3.4:5", "starts with neither tcp: nor unix:"),
        ("unix:", "the path is empty"),
        ("=tcp:127.0.0.1:80", "the name before = is empty"),
        ("a b=tcp:127.0.0.1:80", "has a character other than printable ASCII"),
    ])
    func badAddressesSayWhyAndTheForms(text: String, why: String) throws {
        do throws(ToolError) {
            _ = try address(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.status == .badInput)
            #expect(
                error.message.hasPrefix("--listen '\(text)' is not a listen address: "), "\(error.message)")
            #expect(error.message.contains(why), "\(error.message)")
            #expect(error.message.contains("write [NAME=]tcp:HOST:PORT"), "\(error.message)")
            #expect(error.message.contains("or [NAME=]unix:PATH"), "\(error.message)")
        }
    }

    @Test func aLongNameIsRefused() {
        #expect(throws: ToolError.self) { try address(String(repeating: "n", count: 256) + "=tcp:1.2.3.4:5") }
        #expect((try? address(String(repeating: "n", count: 255) + "=tcp:1.2.3.4:5")) != nil)
    }

    @Test func startKeepsTheOrderAndRefusesAReadinessDescriptorAmongTheSockets() throws {
        let arguments = [
            "--pid-file", "/tmp/x.pid", "--listen", "b=tcp:127.0.0.1:1", "--listen", "a=unix:/tmp/a.sock",
        ]
        let start = try StartCommand(
            try ParsedCommandLine(arguments + ["--", "true"], spec: StartCommand.spec))
        #expect(start.options.listen.map(\.name) == ["b", "a"])
        let conflict = usageMessage(arguments + ["--ready", "fd:4", "--", "true"], StartCommand.spec)
        #expect(
            conflict
                == "--ready fd:4 is where a listening socket is passed (--listen takes descriptors 3 to 4); choose fd:5 or above"
        )
        #expect(usageMessage(arguments + ["--ready", "fd:5", "--", "true"], StartCommand.spec) == nil)
        #expect(
            usageMessage(["--listen", "tcp:127.0.0.1:1", "--ready", "fd:3", "--", "true"], RunCommand.spec)
                != nil)
    }

    @Test func generateCarriesItWhereTheToolRunsTheProgramAndRefusesItForWinSW() throws {
        func generate(_ manager: String) throws -> GenerateCommand {
            try GenerateCommand(
                try ParsedCommandLine(
                    [
                        manager, "--name", "web", "--listen", "http=tcp:0.0.0.0:80", "--", "gunicorn",
                        "app:app",
                    ],
                    spec: GenerateCommand.spec))
        }
        func text(_ manager: String, _ kind: ServiceManager) throws -> String {
            let command = try generate(manager)
            return ServiceDefinition(
                name: command.name.text, options: command.options, program: "/usr/bin/gunicorn",
                tool: "/opt/daemoniker"
            ).text(for: kind)
        }
        #expect(try text("systemd", .systemd).contains("\"--listen\" \"http=tcp:0.0.0.0:80\" \"--timeout\""))
        #expect(try text("openrc", .openRC).contains(" --listen http=tcp:0.0.0.0:80 --timeout 30 -- "))
        #expect(try text("rc.d", .rcd).contains(" --listen http=tcp:0.0.0.0:80 --timeout 30 -- "))
        #expect(try text("launchd", .launchd).contains("<string>--listen</string>"))
        #expect(throws: ToolError.self) { try generate("windows-service").run() }
    }
}
