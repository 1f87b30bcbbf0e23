import Foundation
import Testing

/// `install` and `uninstall` where no service manager is needed: bad names, a manager that is not
/// this machine's, and, with stand-ins for the manager's programs that only record their
/// arguments, the files written and the calls made in order. The stand-ins show nothing of what a
/// manager does with them: `.ci/systemd/install-checks.sh` runs install and uninstall under a real
/// systemd (booted in a container); launchd, OpenRC and rc.d are not run anywhere.
@Suite struct InstallTests {
    /// A folder of stand-ins named `programs` that append `NAME ARGS...` to `calls` and exit 0.
    private func standIns(_ box: Sandbox, _ programs: [String]) throws -> String {
        let folder = box.path("bin")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for program in programs {
            let script = "#!/bin/sh\necho \"\(program) $*\" >>'\(box.path("calls"))'\n"
            try script.write(toFile: "\(folder)/\(program)", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: "\(folder)/\(program)")
        }
        return folder
    }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func aBadNameIsBadInput() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for name in ["web/x", "-web", ".web", "we b", ""] {
            let install = try box.tool(["install", name, "--manager", "systemd", "--", "/bin/sleep", "1"])
            #expect(install.status == 2, "\(name): \(install.error)")
            let uninstall = try box.tool(["uninstall", name, "--manager", "systemd"])
            #expect(uninstall.status == 2, "\(name): \(uninstall.error)")
        }
    }

    @Test func aManagerThatIsNotThisMachinesFailsNamingItsProgram() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // An empty PATH and a root where nothing is: only the fallback folders are searched.
        let environment = ["PATH": box.path("empty"), "DAEMONIKER_SERVICE_ROOT": box.path("root")]
        for (manager, program) in [("launchd", "launchctl"), ("openrc", "rc-update"), ("rc.d", "sysrc")] {
            guard
                !["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"].contains(
                    where: {
                        FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
                    })
            else { continue }
            let install = try box.tool(
                ["install", "web", "--manager", manager, "--", "/bin/sleep", "1"], environment: environment)
            #expect(install.status == 1, "\(manager): \(install.error)")
            #expect(install.error.contains("\(program) is not on this machine"), "\(install.error)")
            let uninstall = try box.tool(
                ["uninstall", "web", "--manager", manager], environment: environment)
            #expect(uninstall.status == 1, "\(manager): \(uninstall.error)")
        }
        let windows = try box.tool(["install", "web", "--manager", "windows", "--", "/bin/sleep", "1"])
        #expect(windows.status == 1)
        #expect(
            windows.error.contains("Windows service control manager is not on this machine"),
            "\(windows.error)")
        #expect(try box.tool(["uninstall", "web", "--manager", "windows"]).status == 1)
        #expect(!box.exists("root"), "nothing is written when the manager is missing")
    }

    @Test func systemdStandInsGetGeneratesUnitAndTheCallsInOrder() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let bin = try standIns(box, ["systemctl"])
        let root = box.path("root")
        try FileManager.default.createDirectory(
            atPath: "\(root)/etc/systemd/system", withIntermediateDirectories: true)
        let environment = ["PATH": "\(bin):/usr/bin:/bin", "DAEMONIKER_SERVICE_ROOT": root]
        let program = ["--ready", "tcp:127.0.0.1:8080", "--env", "A=b c", "--", "/bin/sleep", "100"]
        let install = try box.tool(
            ["install", "web", "--manager", "systemd"] + program, environment: environment)
        #expect(install.status == 0, "\(install.error)")
        let unit = "\(root)/etc/systemd/system/web.service"
        let generated = try box.tool(["generate", "systemd", "--name", "web"] + program)
        #expect(try String(contentsOfFile: unit, encoding: .utf8) == generated.output)
        #expect(try mode(unit) == 0o644)
        #expect(box.read("calls") == "systemctl daemon-reload\nsystemctl enable --now web.service\n")

        let again = try box.tool(
            ["install", "web", "--manager", "systemd", "--", "/bin/sleep", "5"], environment: environment)
        #expect(again.status == 3)
        #expect(again.error.contains("already installed"), "\(again.error)")
        #expect(
            try String(contentsOfFile: unit, encoding: .utf8) == generated.output, "a refused install wrote")

        let forced = try box.tool(
            ["install", "web", "--manager", "systemd", "--force", "--", "/bin/sleep", "5"],
            environment: environment)
        #expect(forced.status == 0, "\(forced.error)")
        #expect(try String(contentsOfFile: unit, encoding: .utf8).contains("\"/bin/sleep\" \"5\""))

        try "".write(toFile: box.path("calls"), atomically: true, encoding: .utf8)
        let uninstall = try box.tool(["uninstall", "web", "--manager", "systemd"], environment: environment)
        #expect(uninstall.status == 0, "\(uninstall.error)")
        #expect(!FileManager.default.fileExists(atPath: unit))
        #expect(
            box.read("calls")
                == "systemctl disable --now web.service\nsystemctl daemon-reload\nsystemctl is-failed --quiet web.service\nsystemctl reset-failed web.service\n"
        )
        let unknown = try box.tool(["uninstall", "web", "--manager", "systemd"], environment: environment)
        #expect(unknown.status == 3)
        #expect(unknown.error.contains("web is not installed"), "\(unknown.error)")
    }

    @Test func aProgramThatIsNotFoundIsBadInputAndNothingIsWritten() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let bin = try standIns(box, ["systemctl"])
        let root = box.path("root")
        try FileManager.default.createDirectory(
            atPath: "\(root)/etc/systemd/system", withIntermediateDirectories: true)
        let install = try box.tool(
            ["install", "web", "--manager", "systemd", "--", "no-such-program-here"],
            environment: ["PATH": "\(bin):/usr/bin:/bin", "DAEMONIKER_SERVICE_ROOT": root])
        #expect(install.status == 2)
        #expect(install.error.contains("'no-such-program-here' is not found on PATH"), "\(install.error)")
        #expect(!FileManager.default.fileExists(atPath: "\(root)/etc/systemd/system/web.service"))
        #expect(box.read("calls") == nil, "nothing was called")
    }

    @Test func aVendorUnitOfTheSameNameCountsAsInstalled() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let bin = try standIns(box, ["systemctl"])
        let root = box.path("root")
        try FileManager.default.createDirectory(
            atPath: "\(root)/etc/systemd/system", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: "\(root)/lib/systemd/system", withIntermediateDirectories: true)
        try "[Service]\n".write(
            toFile: "\(root)/lib/systemd/system/ssh.service", atomically: true, encoding: .utf8)
        let install = try box.tool(
            ["install", "ssh", "--manager", "systemd", "--", "/bin/sleep", "1"],
            environment: ["PATH": "\(bin):/usr/bin:/bin", "DAEMONIKER_SERVICE_ROOT": root])
        #expect(install.status == 3)
        #expect(install.error.contains("\(root)/lib/systemd/system/ssh.service"), "\(install.error)")
        #expect(box.read("calls") == nil, "nothing was called")
    }

    @Test(arguments: [
        ("openrc", "etc/init.d", ["rc-update", "rc-service"]),
        ("rc.d", "usr/local/etc/rc.d", ["sysrc", "service"]),
    ])
    func rcStandInsGetGeneratesExecutableScript(_ manager: String, _ folder: String, _ programs: [String])
        throws
    {
        let box = try Sandbox()
        defer { box.finish() }
        let bin = try standIns(box, programs)
        let root = box.path("root")
        try FileManager.default.createDirectory(
            atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        let environment = ["PATH": "\(bin):/usr/bin:/bin", "DAEMONIKER_SERVICE_ROOT": root]
        let program = ["--ready", "delay:1", "--", "/bin/sleep", "100"]
        let install = try box.tool(
            ["install", "my-web", "--manager", manager] + program, environment: environment)
        #expect(install.status == 0, "\(install.error)")
        let script = "\(root)/\(folder)/my-web"
        let generated = try box.tool(["generate", manager, "--name", "my-web"] + program)
        #expect(try String(contentsOfFile: script, encoding: .utf8) == generated.output)
        #expect(try mode(script) == 0o755)
        let expected =
            manager == "openrc"
            ? "rc-update add my-web default\nrc-service my-web start\n"
            : "sysrc my_web_enable=YES\nservice my-web start\n"
        #expect(box.read("calls") == expected)
        let uninstall = try box.tool(["uninstall", "my-web", "--manager", manager], environment: environment)
        #expect(uninstall.status == 0, "\(uninstall.error)")
        #expect(!FileManager.default.fileExists(atPath: script))
    }

    @Test func aStepThatFailsEndsTheInstallSayingWhatIsLeft() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let bin = box.path("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\n[ \"$1\" = daemon-reload ] || exit 5\n".write(
            toFile: "\(bin)/systemctl", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(bin)/systemctl")
        let root = box.path("root")
        try FileManager.default.createDirectory(
            atPath: "\(root)/etc/systemd/system", withIntermediateDirectories: true)
        let install = try box.tool(
            ["install", "web", "--manager", "systemd", "--", "/bin/sleep", "1"],
            environment: ["PATH": "\(bin):/usr/bin:/bin", "DAEMONIKER_SERVICE_ROOT": root])
        #expect(install.status == 1)
        #expect(
            install.error.contains(
                "systemctl enable --now web.service failed (exit status 5); the definition is in \(root)/etc/systemd/system/web.service"
            ), "\(install.error)")
    }
}
