import Testing

@testable import DaemonikerTool

/// The service definitions `generate` writes, from parsed command lines; checked here as text
/// (the behaviour tests also run `systemd-analyze verify`, `sh -n` and a property-list parse).
@Suite struct ServiceDefinitionTests {
    private func definition(_ arguments: [String]) throws -> ServiceDefinition {
        let generate = try GenerateCommand(try ParsedCommandLine(arguments, spec: GenerateCommand.spec))
        return ServiceDefinition(
            name: generate.name.text, options: generate.options, program: "/usr/bin/python3",
            tool: "/opt/daemoniker", reload: generate.reload)
    }

    @Test func aSystemdUnitRunsTheProgramThroughRunAndIsNotifyWhenReadinessIsNotExec() throws {
        let unit = try definition([
            "systemd", "--name", "web", "--reload", "--ready", "tcp:127.0.0.1:8000", "--umask", "027",
            "--env",
            "GREETING=a b$ 100%", "--", "python3", "-m", "http.server",
        ]).text(for: .systemd)
        let lines = unit.split(separator: "\n").map(String.init)
        #expect(lines.contains("Type=notify"))
        #expect(lines.contains("NotifyAccess=main"))
        #expect(
            lines.contains(
                "ExecStart=\"/opt/daemoniker\" \"run\" \"--pid-file\" \"/run/web/web.pid\" \"--ready\" \"tcp:127.0.0.1:8000\" \"--timeout\" \"30\" \"--\" \"/usr/bin/python3\" \"-m\" \"http.server\""
            ), "\(unit)")
        #expect(
            lines.contains("ExecReload=\"/opt/daemoniker\" \"reload\" \"--pid-file\" \"/run/web/web.pid\""))
        #expect(lines.contains("RuntimeDirectory=web"))
        #expect(lines.contains("TimeoutStartSec=35"))
        #expect(lines.contains("UMask=0027"))
        #expect(lines.contains("Environment=\"GREETING=a b$ 100%%\""))
        #expect(lines.contains("KillMode=mixed"))
        let exec = try definition(["systemd", "--name", "web", "--", "python3"]).text(for: .systemd)
        #expect(exec.contains("Type=exec\n"))
        #expect(!exec.contains("NotifyAccess"))
        #expect(!exec.contains("--ready"))
        #expect(!exec.contains("ExecReload="), "no reload hook unless asked: SIGHUP would end most programs")
    }

    @Test func rcScriptsCallStartStopAndStatusWithThePidFile() throws {
        let service = try definition([
            "openrc", "--name", "web", "--log", "/var/log/web.log", "--chdir", "/srv/web", "--user", "www",
            "--", "python3", "-m", "http.server",
        ])
        let openRC = service.text(for: .openRC)
        #expect(openRC.hasPrefix("#!/sbin/openrc-run\n"))
        #expect(
            openRC.contains(
                "\t\"$daemoniker\" start --pid-file /run/web.pid --log /var/log/web.log --chdir /srv/web --user www --ready exec --timeout 30 -- /usr/bin/python3 -m http.server\n"
            ), "\(openRC)")
        #expect(openRC.contains("\t\"$daemoniker\" stop --pid-file \"$pidfile\"\n"))
        #expect(openRC.contains("\t\"$daemoniker\" status --pid-file \"$pidfile\"\n"))
        let rcd = service.text(for: .rcd)
        #expect(rcd.contains("pidfile=/var/run/web.pid\n"))
        #expect(rcd.contains("rcvar=web_enable\n"))
    }

    @Test func aLaunchdPropertyListEscapesXML() throws {
        let plist = try definition([
            "launchd", "--name", "web", "--env", "Q=<&>", "--umask", "022", "--", "python3", "a&b",
        ]).text(for: .launchd)
        #expect(plist.contains("<string>/opt/daemoniker</string>\n        <string>run</string>"))
        #expect(plist.contains("<string>a&amp;b</string>"))
        #expect(plist.contains("<key>Q</key>\n        <string>&lt;&amp;&gt;</string>"))
        #expect(plist.contains("<integer>18</integer>"))
    }

    @Test func aWinSWConfigurationRunsTheProgramItself() throws {
        let xml = try definition(["windows-service", "--name", "web", "--", "python3", "-m", "http.server"])
            .text(for: .windowsService)
        #expect(xml.contains("<executable>/usr/bin/python3</executable>"))
        #expect(xml.contains("<arguments>-m http.server</arguments>"))
    }

    @Test func aLineBreakInAnyValueIsRefused() throws {
        for arguments in [
            ["systemd", "--name", "web", "--", "sh", "-c", "echo a\necho b"],
            ["systemd", "--name", "web", "--log", "/var/log/a\nb", "--", "sh"],
            ["systemd", "--name", "web", "--env", "A=1\n2", "--", "sh"],
        ] {
            #expect(throws: ToolError.self, "\(arguments)") { try definition(arguments).checkLineBreaks() }
        }
        try definition(["systemd", "--name", "web", "--", "sh", "-c", "echo a"]).checkLineBreaks()
    }

    @Test func aProgramPIDFileIsCarriedWhereTheKeeperRunsAndRefusedWhereItCannotAdopt() throws {
        let arguments = ["--name", "web", "--program-pid-file", "/run/web/nginx.pid", "--", "nginx"]
        let unit = try definition(["systemd"] + arguments).text(for: .systemd)
        #expect(unit.contains("\"--program-pid-file\" \"/run/web/nginx.pid\" \"--timeout\""), "\(unit)")
        let openRC = try definition(["openrc"] + arguments).text(for: .openRC)
        #expect(openRC.contains(" --program-pid-file /run/web/nginx.pid --timeout 30 -- "), "\(openRC)")
        for manager in ["launchd", "windows-service"] {
            let generate = try GenerateCommand(
                try ParsedCommandLine([manager] + arguments, spec: GenerateCommand.spec))
            #expect(throws: ToolError.self, "\(manager)") { try generate.run() }
        }
    }
}
