import Testing

@testable import DaemonikerTool

/// The parser, against the real subcommands' specs: no process is started.
@Suite struct ParsedCommandLineTests {
    @Test func optionsTakeTheirValueNextOrAfterAnEqualsSign() throws {
        let line = try ParsedCommandLine(
            ["--pid-file", "/run/a.pid", "--timeout=2.5"], spec: StopCommand.spec)
        let stop = try StopCommand(line)
        #expect(stop.pidFile == "/run/a.pid")
        #expect(stop.timeout == Seconds(2.5))
        #expect(stop.signal == .terminate)
    }

    @Test func theLastValueOfAnOptionGivenTwiceCounts() throws {
        let line = try ParsedCommandLine(
            ["--pid-file", "a", "--timeout", "1", "--timeout", "7"], spec: StopCommand.spec)
        #expect(try StopCommand(line).timeout == Seconds(7))
    }

    @Test func aRepeatingOptionKeepsEveryValueInOrder() throws {
        let line = try ParsedCommandLine(
            ["--pid-file", "p", "--env", "A=1", "--env=B=2", "--", "sleep", "1"], spec: StartCommand.spec)
        let start = try StartCommand(line)
        #expect(start.options.environment.map(\.text) == ["A=1", "B=2"])
        #expect(start.options.environment.map(\.name) == ["A", "B"])
        #expect(start.options.command == ["sleep", "1"])
    }

    @Test func theCommandStartsAtDoubleDashOrAtTheFirstArgumentThatIsNoOption() throws {
        let dashed = try ParsedCommandLine(
            ["--pid-file", "p", "--", "ls", "--pid-file"], spec: StartCommand.spec)
        #expect(dashed.command == ["ls", "--pid-file"])
        let bare = try ParsedCommandLine(["--pid-file", "p", "sleep", "--help"], spec: StartCommand.spec)
        #expect(bare.command == ["sleep", "--help"])
        #expect(!bare.wantsHelp, "--help after the command is the command's")
    }

    @Test func operandsComeFirstThenTheCommand() throws {
        let line = try ParsedCommandLine(
            ["systemd", "--name", "web", "python3", "-m", "http.server"], spec: GenerateCommand.spec)
        #expect(line.operands == ["systemd"])
        #expect(line.command == ["python3", "-m", "http.server"])
        let generate = try GenerateCommand(line)
        #expect(generate.manager == .systemd)
        #expect(generate.name.text == "web")
    }

    @Test func helpAnywhereBeforeTheCommandIsAskedForAndSkipsTheChecks() throws {
        let line = try ParsedCommandLine(["--timeout", "3", "-h"], spec: StopCommand.spec)
        #expect(line.wantsHelp)
    }

    @Test(arguments: [
        (["--frobnicate"], "unknown option '--frobnicate' for stop"),
        (["--pid-file", "p", "--frobnicate=3"], "unknown option '--frobnicate' for stop"),
        (["--pid-file"], "option --pid-file needs a value"),
        (["--timeout", "3"], "--pid-file PATH is missing: stop finds the program by its pid file"),
        (
            ["--pid-file", "", "--timeout", "3"],
            "--pid-file PATH is missing: stop finds the program by its pid file"
        ),
        (["--pid-file", "p", "extra"], "unexpected argument 'extra' for stop"),
        (["--pid-file", "p", "--", "extra"], "unexpected argument 'extra' for stop"),
        (["--pid-file", "--", "extra"], "option --pid-file needs a value"),
        (["--pid-file", "--timeout", "3"], "option --pid-file needs a value"),
        (["-pid-file", "p"], "unknown option '-pid-file' for stop"),
        (["---pid-file", "p"], "unknown option '---pid-file' for stop"),
    ])
    func badCommandLinesAreUsageErrorsThatSayWhy(_ arguments: [String], _ message: String) {
        #expect {
            try StopCommand(try ParsedCommandLine(arguments, spec: StopCommand.spec))
        } throws: { error in
            guard let error = error as? ToolError else { return false }
            return error.status == .badInput && error.showsUsage && error.message == message
        }
    }

    @Test func aFlagTakesNoValue() {
        #expect(throws: ToolError.self) {
            try ParsedCommandLine(["--pid-file", "p", "--json=yes"], spec: StatusCommand.spec)
        }
        #expect((try? ParsedCommandLine(["--pid-file", "p", "--json"], spec: StatusCommand.spec)) != nil)
    }

    @Test func missingOperandsAndCommandsSayWhatToWrite() {
        #expect(
            usageMessage(["--pid-file", "p"], SignalCommand.spec)
                == "signal takes one signal, such as HUP or 10")
        #expect(
            usageMessage(["--pid-file", "p"], StartCommand.spec)
                == "the command is missing: put it after --, as in -- sleep 100")
        #expect(
            usageMessage([], GenerateCommand.spec)?.hasPrefix("generate needs a service manager first")
                == true)
    }

    @Test func theStartFamilyChecksItsValuesAgainstEachOther() {
        let message = usageMessage(
            ["--pid-file", "p", "--ready", "delay:5", "--timeout", "5", "--", "sleep", "9"], StartCommand.spec
        )
        #expect(message?.contains("is not shorter than --timeout 5 s") == true, "\(message ?? "")")
        #expect(
            usageMessage(
                ["--pid-file", "p", "--strategy", "foreground", "--", "sleep", "1"], StartCommand.spec)
                == "--strategy 'foreground' is not fork, relaunch or automatic")
        #expect(
            usageMessage(["--respawn-limit", "0", "--", "sleep", "1"], RunCommand.spec)
                == "--respawn-limit '0' is not a positive number")
    }

    @Test func runAndGenerateDoWithoutAPidFileButStartDoesNot() throws {
        let run = try RunCommand(try ParsedCommandLine(["--", "sleep", "1"], spec: RunCommand.spec))
        #expect(run.options.pidFile == nil)
        #expect(run.respawnLimit == nil)
        let respawning = try RunCommand(
            try ParsedCommandLine(
                ["--respawn", "--respawn-limit", "2", "--", "sleep", "1"], spec: RunCommand.spec))
        #expect(respawning.respawnLimit == 2)
        #expect(
            usageMessage(["--", "sleep", "1"], StartCommand.spec)?.hasPrefix("--pid-file PATH is missing")
                == true)
    }

}
