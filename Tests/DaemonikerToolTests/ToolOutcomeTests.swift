import Daemoniker
import Testing

@testable import DaemonikerTool

/// What the tool prints and exits with for bad input and for library errors, without running a
/// subcommand's work.
@Suite struct ToolOutcomeTests {
    @Test func noSubcommandOrAnUnknownOneIsUsageWithTheToolsHelp() {
        for arguments in [[], ["launch"]] {
            let outcome = Tool.run(arguments)
            #expect(outcome.status == .badInput)
            #expect(outcome.status.code == 2)
            #expect(outcome.output.isEmpty)
            #expect(outcome.error.hasPrefix("daemoniker: "))
            #expect(outcome.error.contains("usage: daemoniker SUBCOMMAND"))
        }
        #expect(
            Tool.run(["launch"]).error.hasPrefix(
                "daemoniker: unknown subcommand 'launch'; use one of start, stop"))
    }

    @Test func helpForAnUnknownSubcommandIsUsage() {
        let outcome = Tool.run(["help", "nosuch"])
        #expect(outcome.status == .badInput)
        #expect(outcome.error.hasPrefix("daemoniker: unknown subcommand 'nosuch'"))
    }

    @Test func aValueMayStartWithADashWhenItIsNoOption() throws {
        let line = try ParsedCommandLine(
            ["--pid-file", "-p.pid", "--", "sleep", "1"], spec: StartCommand.spec)
        #expect(try StartCommand(line).options.pidFile == "-p.pid")
    }

    @Test func aBadOptionPrintsTheMessageThenTheSubcommandsHelp() {
        let outcome = Tool.run(["wait", "--pid-file", "p", "--timeout", "soon"])
        #expect(outcome.status == .badInput)
        #expect(
            outcome.error
                == "daemoniker: --timeout 'soon' is not a positive number of seconds (write 30 or 0.5)\n\n"
                + HelpText.subcommand(WaitCommand.spec))
    }

    @Test func exitStatusesHaveTheDocumentedNumbers() {
        #expect(ExitStatus.success.code == 0)
        #expect(ExitStatus.failure.code == 1)
        #expect(ExitStatus.deadWithPIDFile.code == 1)
        #expect(ExitStatus.badInput.code == 2)
        #expect(ExitStatus.notRunning.code == 3)
        #expect(ExitStatus.alreadyRunning.code == 3)
        #expect(ExitStatus.timedOut.code == 4)
        #expect(ExitStatus.unknown.code == 4)
    }

    @Test(arguments: [
        (DaemonikerError.Code.invalidConfiguration, Int32(2)), (.pidFileUnusable, 2), (.multithreaded, 2),
        (.unsupported, 2),
        (.alreadyRunning, 3), (.notRunning, 3), (.stalePIDFile, 3), (.readinessTimeout, 4),
        (.daemonFailed, 1),
        (.daemonExited, 1), (.permissionDenied, 1), (.relayNotAnswering, 1), (.systemCallFailed, 1),
    ])
    func aLibraryErrorMapsToOneStatus(_ code: DaemonikerError.Code, _ status: Int32) {
        #expect(ExitStatus(DaemonikerError(code, "x")).code == status)
    }

    @Test func aProgramsEndingIsPassedOnAsAShellReportsIt() {
        #expect(ExitStatus(passingOn: .exited(0)) == .success)
        #expect(ExitStatus(passingOn: .exited(7)).code == 7)
        #expect(ExitStatus(passingOn: .signaled(15)).code == 143)
        #expect(ExitStatus(passingOn: .signaled(9)).code == 137)
    }
}
