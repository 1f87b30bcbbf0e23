import Testing

@testable import DaemonikerTool

/// The help is written from the specs: every subcommand, option, operand and status appears.
@Suite struct HelpTextTests {
    @Test func theToolsHelpListsEverySubcommandWithItsAbstract() {
        let outcome = Tool.run(["--help"])
        #expect(outcome.status == .success)
        #expect(outcome.output.hasPrefix("usage: daemoniker SUBCOMMAND"))
        #expect(outcome.error.isEmpty)
        for subcommand in Tool.subcommands {
            #expect(outcome.output.contains("  \(subcommand.spec.name) "), "\(subcommand.spec.name)")
            #expect(outcome.output.contains(subcommand.spec.abstract), "\(subcommand.spec.name)")
        }
        #expect(Tool.run(["-h"]).output == outcome.output)
        #expect(Tool.run(["help"]).output == outcome.output)
    }

    @Test(arguments: Tool.subcommands.map { $0.spec.name })
    func eachSubcommandsHelpIsItsSpecWrittenOut(_ name: String) throws {
        let spec = try #require(Tool.subcommands.first { $0.spec.name == name }?.spec)
        for form in [[name, "--help"], [name, "-h"], ["help", name]] {
            let outcome = Tool.run(form)
            #expect(outcome.status == .success, "\(form)")
            #expect(outcome.output == HelpText.subcommand(spec), "\(form)")
        }
        let help = HelpText.subcommand(spec)
        #expect(help.hasPrefix("usage: daemoniker \(name)"))
        for option in spec.options {
            #expect(help.contains("  \(option.synopsis)"), "\(name): \(option.flag)")
            for line in option.help.split(separator: "\n") {
                #expect(help.contains(line), "\(name): \(line)")
            }
        }
        for operand in spec.operands {
            #expect(help.contains("  \(operand.name) "), "\(name): \(operand.name)")
        }
        for entry in spec.statuses {
            #expect(
                help.contains("  \(entry.status.code)  \(entry.meaning.split(separator: "\n").first ?? "")"),
                "\(name): \(entry.status)")
        }
        #expect(
            help.split(separator: "\n").allSatisfy { $0.count <= 110 }, "\(name): a line past 110 columns")
    }

    @Test func theUsageLineSpellsRequiredOptionsAndAFewOptionalOnes() {
        #expect(
            HelpText.usage(StopCommand.spec)
                == "usage: daemoniker stop --pid-file PATH [--signal SIG] [--timeout SECONDS]")
        #expect(HelpText.usage(SignalCommand.spec) == "usage: daemoniker signal SIG --pid-file PATH")
        #expect(
            HelpText.usage(StartCommand.spec)
                == "usage: daemoniker start --pid-file PATH [OPTIONS] -- COMMAND [ARG...]")
        #expect(
            HelpText.usage(GenerateCommand.spec)
                == "usage: daemoniker generate MANAGER --name NAME [OPTIONS] -- COMMAND [ARG...]")
    }

    @Test func everySubcommandDeclaresBadInputAndEachOptionOnce() {
        for subcommand in Tool.subcommands {
            let spec = subcommand.spec
            #expect(spec.statuses.contains { $0.status == .badInput }, "\(spec.name)")
            let names = spec.options.map(\.name)
            #expect(Set(names).count == names.count, "\(spec.name) declares an option twice")
        }
        let names = Tool.subcommands.map { $0.spec.name }
        #expect(Set(names).count == names.count)
    }
}
