import DaemonikerPlatform
import Testing

@testable import DaemonikerTool

/// `install` and `uninstall`: their command lines, the manager's steps they would run, and the
/// Windows settings, checked as values (the container stage runs them under a real systemd, the
/// shim's Wine test the Windows ones).
@Suite struct InstallOptionTests {
    private func install(_ arguments: [String]) throws -> InstallCommand {
        try InstallCommand(try ParsedCommandLine(arguments, spec: InstallCommand.spec))
    }

    @Test func installTakesTheNameStartsOptionsAndItsOwn() throws {
        let command = try install([
            "web", "--manager", "rcd", "--ready", "tcp:127.0.0.1:8080", "--env", "A=b", "--force", "--reload",
            "--",
            "python3", "-m", "http.server",
        ])
        #expect(command.name.text == "web")
        #expect(command.manager == .rcd)
        #expect(command.force)
        #expect(command.reload)
        #expect(!command.perUser)
        #expect(command.options.ready == ReadyMode.tcp(host: "127.0.0.1", port: "8080"))
        #expect(command.options.command == ["python3", "-m", "http.server"])
        let user = try install(["web", "--manager", "launchd", "--user-service", "--", "sleep", "1"])
        #expect(user.perUser)
        #expect(try install(["web", "--manager", "rc.d", "--", "sleep", "1"]).manager == .rcd)
    }

    @Test func badInputIsAUsageError() {
        #expect(
            usageMessage(["bad/name", "--", "sleep", "1"], InstallCommand.spec)?.contains("'bad/name'")
                == true)
        #expect(usageMessage(["-web", "--", "sleep", "1"], UninstallCommand.spec) != nil)
        #expect(usageMessage([".web"], UninstallCommand.spec)?.contains("'.web'") == true)
        #expect(
            usageMessage(["web", "--manager", "upstart", "--", "sleep", "1"], InstallCommand.spec)?.contains(
                "systemd, launchd, openrc, rc.d, windows") == true)
        #expect(usageMessage(["web"], InstallCommand.spec)?.contains("the command is missing") == true)
        #expect(
            usageMessage(
                ["web", "--manager", "openrc", "--user-service", "--", "sleep", "1"], InstallCommand.spec)?
                .contains("systemd and launchd only") == true)
        #expect(
            usageMessage(["web", "--manager", "rc.d", "--user-service"], UninstallCommand.spec)?.contains(
                "systemd and launchd only") == true)
        #expect(
            usageMessage(
                ["web", "--manager", "systemd", "--start-type", "manual", "--", "sleep", "1"],
                InstallCommand.spec)?
                .contains("--start-type is for --manager windows only") == true)
        #expect(
            usageMessage(
                ["web", "--manager", "windows", "--start-type", "soon", "--", "sleep", "1"],
                InstallCommand.spec)?
                .contains("auto, delayed, manual") == true)
        #expect(
            usageMessage(
                ["web", "--manager", "windows", "--depends-on", "a b", "--", "sleep", "1"],
                InstallCommand.spec)
                != nil)
    }

    @Test func windowsSettingsBecomeTheConfiguration() throws {
        let command = try install([
            "web", "--manager", "windows", "--start-type", "delayed", "--account",
            "NT AUTHORITY\\LocalService",
            "--depends-on", "Tcpip", "--depends-on", "Dnscache", "--restart-on-failure", "7.5", "--", "sleep",
            "1",
        ])
        let configuration = try command.windows.configuration(
            name: "web", commandLine: "\"C:\\d.exe\" run", replacing: true)
        #expect(configuration.startType == .delayedAutomatic)
        #expect(configuration.account == "NT AUTHORITY\\LocalService")
        #expect(configuration.dependencies == ["Tcpip", "Dnscache"])
        #expect(configuration.restartDelayMilliseconds == 7500)
        #expect(configuration.description == "web (run by daemoniker)")
        #expect(configuration.displayName == "web")
        #expect(configuration.replacing)
        let plain = try install(["web", "--manager", "windows", "--", "sleep", "1"])
        let defaults = try plain.windows.configuration(name: "web", commandLine: "x", replacing: false)
        #expect(defaults.startType == .automatic)
        #expect(defaults.account == nil && defaults.password == nil)
        #expect(defaults.restartDelayMilliseconds == nil)
        #expect(defaults.dependencies.isEmpty)
        let manual = try install([
            "web", "--manager", "windows", "--start-type", "manual", "--description", "d", "--", "x",
        ])
        let configured = try manual.windows.configuration(name: "web", commandLine: "x", replacing: false)
        #expect(configured.startType == .manual)
        #expect(configured.description == "d")
    }

    @Test func theWindowsCommandLineRunsThisToolsRun() throws {
        let command = try install([
            "web", "--manager", "windows", "--ready", "tcp:127.0.0.1:80", "--", "C:\\web.exe",
        ])
        let definition = ServiceDefinition(
            name: "web", options: command.options, program: "C:\\Program Files\\web.exe",
            tool: "C:\\Program Files\\daemoniker.exe")
        let line = definition.windowsServiceCommandLine(pidDirectory: "C:\\ProgramData")
        #expect(
            WindowsCommandLine.split(line) == [
                "C:\\Program Files\\daemoniker.exe", "run", "--pid-file", "C:\\ProgramData\\web.pid",
                "--ready",
                "tcp:127.0.0.1:80", "--timeout", "30", "--", "C:\\Program Files\\web.exe",
            ])
    }

    @Test func eachManagersStepsRegisterAndRemove() throws {
        let systemd = try ServiceRegistration(manager: .systemd, name: "web", perUser: false)
        #expect(systemd.file.hasSuffix("/etc/systemd/system/web.service"))
        #expect(systemd.permissions == 0o644)
        #expect(
            systemd.register(replacing: false).map(\.text) == [
                "systemctl daemon-reload", "systemctl enable --now web.service",
            ])
        #expect(
            systemd.register(replacing: true).map(\.text) == [
                "systemctl daemon-reload", "systemctl enable web.service", "systemctl restart web.service",
            ])
        #expect(
            systemd.unregisterBeforeRemoval.map(\.text) == ["systemctl disable --now web.service"])
        #expect(
            systemd.unregisterAfterRemoval.map(\.text) == [
                "systemctl daemon-reload", "systemctl reset-failed web.service",
            ])
        #expect(systemd.unregisterAfterRemoval.last?.onlyIf == ["is-failed", "--quiet", "web.service"])
        #expect(systemd.programs == ["systemctl"])

        let user = try ServiceRegistration(manager: .systemd, name: "web", perUser: true)
        #expect(user.file.hasSuffix("/systemd/user/web.service"))
        #expect(
            user.register(replacing: false).map(\.text).last == "systemctl --user enable --now web.service")

        let launchd = try ServiceRegistration(manager: .launchd, name: "web", perUser: false)
        #expect(launchd.file.hasSuffix("/Library/LaunchDaemons/web.plist"))
        #expect(
            launchd.register(replacing: false).map(\.text) == [
                "launchctl enable system/web", "launchctl bootstrap system \(launchd.file)",
            ])
        #expect(launchd.register(replacing: true).first?.text == "launchctl bootout system/web")
        #expect(launchd.unregisterBeforeRemoval.map(\.text) == ["launchctl bootout system/web"])
        let agent = try ServiceRegistration(manager: .launchd, name: "web", perUser: true)
        #expect(agent.file.hasSuffix("/Library/LaunchAgents/web.plist"))
        #expect(
            agent.unregisterBeforeRemoval.map(\.text) == [
                "launchctl bootout gui/\(Platform.effectiveUserID)/web"
            ])

        let openRC = try ServiceRegistration(manager: .openRC, name: "web", perUser: false)
        #expect(openRC.file.hasSuffix("/etc/init.d/web"))
        #expect(openRC.permissions == 0o755)
        #expect(
            openRC.register(replacing: false).map(\.text) == [
                "rc-update add web default", "rc-service web start",
            ])
        #expect(
            openRC.unregisterBeforeRemoval.map(\.text) == [
                "rc-service web stop", "rc-update del web default",
            ])

        let rcd = try ServiceRegistration(manager: .rcd, name: "my-web.1", perUser: false)
        #expect(rcd.file.hasSuffix("/usr/local/etc/rc.d/my-web.1"))
        #expect(
            rcd.register(replacing: true).map(\.text) == [
                "sysrc my_web_1_enable=YES", "service my-web.1 restart",
            ])
        #expect(
            rcd.unregisterBeforeRemoval.map(\.text) == ["service my-web.1 stop", "sysrc -x my_web_1_enable"])
        #expect(rcd.programs == ["sysrc", "service"])
    }

    @Test func theMessageWithoutRightsNamesTheFileAndTheWayOut() throws {
        let system = try ServiceRegistration(manager: .systemd, name: "web", perUser: false)
        #expect(system.missingRights.hasPrefix("writing \(system.file) needs root"))
        #expect(system.missingRights.contains("--user-service"))
        let openRC = try ServiceRegistration(manager: .openRC, name: "web", perUser: false)
        #expect(openRC.missingRights.hasSuffix("; run as root"))
    }
}
