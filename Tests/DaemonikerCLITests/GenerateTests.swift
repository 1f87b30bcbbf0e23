import Foundation
import Testing

/// `generate`: each definition is checked by the real tool that reads it.
@Suite struct GenerateTests {
    private let command = ["--", "python3", "-m", "http.server", "8080", "--bind", "127.0.0.1"]

    @Test func systemdUnitPassesSystemdAnalyzeVerify() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let notify = try box.tool(
            [
                "generate", "systemd", "--name", "web", "--reload", "--ready", "tcp:127.0.0.1:8080", "--env",
                "GREETING=a b$ 100%",
            ] + command)
        #expect(notify.status == 0)
        #expect(notify.output.contains("Type=notify\n"))
        #expect(notify.output.contains("RuntimeDirectory=web\n"))
        #expect(notify.output.contains("KillMode=mixed\n"))
        // The keeper ends killed by the program's SIGTERM: a clean stop for systemd by itself.
        #expect(!notify.output.contains("SuccessExitStatus="))
        #expect(notify.output.contains("\"reload\" \"--pid-file\" \"/run/web/web.pid\"\n"))
        #expect(notify.output.contains("\"--pid-file\" \"/run/web/web.pid\""))
        // systemd.exec(5): Environment= expands specifiers (%), not variables ($).
        #expect(notify.output.contains("Environment=\"GREETING=a b$ 100%%\"\n"), "\(notify.output)")
        let exec = try box.tool(["generate", "systemd", "--name", "web"] + command)
        #expect(exec.output.contains("Type=exec\n"))
        let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let analyze else { return }  // .ci/generate-check.sh installs it and runs the same check.
        for unit in [notify.output, exec.output] {
            try unit.write(toFile: box.path("web.service"), atomically: true, encoding: .utf8)
            let verify = try box.run([analyze, "verify", box.path("web.service")])
            #expect(verify.status == 0, "\(verify.error)")
        }
    }

    @Test func launchdPlistParsesWithPlistlib() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let plist = try box.tool(
            ["generate", "launchd", "--name", "web", "--user", "nobody", "--env", "A=<&>", "--umask", "022"]
                + command)
        #expect(plist.status == 0)
        try plist.output.write(toFile: box.path("web.plist"), atomically: true, encoding: .utf8)
        let parsed = try box.run([
            "/usr/bin/env", "python3", "-c",
            "import plistlib,sys; p=plistlib.load(open(sys.argv[1],'rb')); print(p['Label'], p['ProgramArguments'][1], p['EnvironmentVariables']['A'], p['Umask'])",
            box.path("web.plist"),
        ])
        #expect(parsed.status == 0, "\(parsed.error)")
        #expect(parsed.output == "web run <&> 18\n")
    }

    @Test(arguments: ["openrc", "rc.d"])
    func rcScriptsPassShellSyntaxCheck(_ manager: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let script = try box.tool([
            "generate", manager, "--name", "my-web", "--ready", "http://127.0.0.1:8080/", "--", "sh", "-c",
            "echo 'it''s'; exec sleep 1",
        ])
        #expect(script.status == 0)
        #expect(script.output.contains("start --pid-file"))
        try script.output.write(toFile: box.path("script"), atomically: true, encoding: .utf8)
        let check = try box.run(["/bin/sh", "-n", box.path("script")])
        #expect(check.status == 0, "\(check.error)")
    }

    @Test func windowsServiceIsWellFormedXML() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let xml = try box.tool([
            "generate", "windows-service", "--name", "web", "--", "C:\\Tools\\web.exe", "--root",
            "C:\\Program Files\\web",
        ])
        #expect(xml.status == 0)
        try xml.output.write(toFile: box.path("web.xml"), atomically: true, encoding: .utf8)
        let parsed = try box.run([
            "/usr/bin/env", "python3", "-c",
            "import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); print(r.find('executable').text, r.find('arguments').text)",
            box.path("web.xml"),
        ])
        #expect(parsed.output == "C:\\Tools\\web.exe --root \"C:\\Program Files\\web\"\n", "\(parsed.error)")
    }

    @Test(arguments: GenerateTests.managers)
    func aLineBreakInAnyValueIsBadInput(_ manager: String) throws {
        let box = try Sandbox()
        defer { box.finish() }
        for extra in [["--env", "A=one\ntwo"], ["--log", "/tmp/a\nb.log"]] {
            let result = try box.tool(["generate", manager, "--name", "web"] + extra + command)
            #expect(result.status == 2, "\(extra)")
            #expect(result.error.contains("contains a line break"), "\(result.error)")
            #expect(result.output.isEmpty)
        }
        let inCommand = try box.tool([
            "generate", manager, "--name", "web", "--", "sh", "-c", "echo a\necho b",
        ])
        #expect(inCommand.status == 2)
        #expect(inCommand.error.contains("'echo a\\necho b' contains a line break"), "\(inCommand.error)")
    }

    static let managers = ["systemd", "launchd", "openrc", "rc.d", "windows-service"]
}
