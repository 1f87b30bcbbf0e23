import DaemonikerPlatform
import Testing

/// Tests of the Windows command-line quoting rules, which run on every OS.
@Suite("WindowsCommandLine")
struct WindowsCommandLineTests {
    /// A program path with a space in it, as most Windows programs have.
    static let program = #"C:\Program Files\Tool\tool.exe"#

    /// Arguments that each break a naive quoting somewhere.
    static let trickyArguments: [String] = [
        "",
        " ",
        "\t",
        "plain",
        "two words",
        "tab\tinside",
        "line\nbreak",
        "vertical\u{0B}tab",
        "carriage\rreturn",
        "\"",
        "\"\"",
        "\"quoted\"",
        "say \"hi\"",
        #"\"#,
        #"\\"#,
        #"trailing\"#,
        #"trailing space\"#,
        #"trailing\\"#,
        #"\"quote-escaped"#,
        #"a\\\"b"#,
        #"C:\Program Files\"#,
        #"C:\dir\sub"#,
        #"\\server\share\file name"#,
        "caf\u{E9} cr\u{E8}me",
        "\u{65E5}\u{672C}\u{8A9E}",
        "\u{1F642} emoji",
        "\"\u{301}",
        "\\\u{301}\"",
        "a'b 'c'",
        "%PATH% ^& |<>",
        "--flag=\"value with spaces\"",
        "   leading and trailing   ",
    ]

    /// Exact command lines for known argument lists.
    static let knownCases: [(arguments: [String], commandLine: String)] = [
        ([#"C:\p\a.exe"#, "a b", #"x\"y"#, #"tr\\"#], #""C:\p\a.exe" "a b" "x\\\"y" tr\\"#),
        (["p"], #""p""#),
        (["p", ""], #""p" """#),
        (["p", "a\tb"], "\"p\" \"a\tb\""),
        (["p", #"dir with space\"#], #""p" "dir with space\\""#),
        (["p", #"a\\b c"#], #""p" "a\\b c""#),
        (["p", "\""], #""p" "\"""#),
        (["p", #"a\b"#], #""p" a\b"#),
        (["p", #"\\""#], #""p" "\\\\\"""#),
        ([#"C:\dir\"#, "x"], #""C:\dir\" x"#),
        (["p", "line\nbreak"], "\"p\" \"line\nbreak\""),
        (["p", "\u{E9}", "\u{65E5}\u{672C}", "\u{1F642}"], "\"p\" \u{E9} \u{65E5}\u{672C} \u{1F642}"),
        (["p", "a", "b"], #""p" a b"#),
        (["", "x"], #""" x"#),
    ]

    /// Command lines and what `CommandLineToArgvW` makes of them, written by hand from its rules.
    static let splitCases: [(commandLine: String, arguments: [String])] = [
        (#""a"b c"#, ["a", "b", "c"]),
        (#"p a\\\"b"#, ["p", #"a\"b"#]),
        (#"p "a""b""#, ["p", #"a"b"#]),
        (#"p a\\b"#, ["p", #"a\\b"#]),
        (#"p "a b" c"#, ["p", "a b", "c"]),
        ("p  \t a", ["p", "a"]),
        (#"p """#, ["p", ""]),
        (#"p a"b c"d"#, ["p", "ab cd"]),
        (#"p \\"a b""#, ["p", #"\a b"#]),
        (" a", ["", "a"]),
        (#""C:\dir\" x"#, [#"C:\dir\"#, "x"]),
        (#"C:\x\y.exe a"#, [#"C:\x\y.exe"#, "a"]),
        ("p a ", ["p", "a"]),
        (#""unterminated"#, ["unterminated"]),
        (#"p "open to the end"#, ["p", "open to the end"]),
        (#"p \"#, ["p", #"\"#]),
        ("p a\nb", ["p", "a\nb"]),
        ("", []),
    ]

    /// `quote` writes exactly the command line expected for each known argument list.
    @Test("quote writes the exact known command lines", arguments: 0..<knownCases.count)
    func knownCommandLines(index: Int) throws {
        let known = Self.knownCases[index]
        #expect(try WindowsCommandLine.quote(known.arguments) == known.commandLine)
    }

    /// `split` gives the arguments worked out by hand from the `CommandLineToArgvW` rules.
    @Test("split follows CommandLineToArgvW on hand-written command lines", arguments: 0..<splitCases.count)
    func splitKnownCommandLines(index: Int) {
        let known = Self.splitCases[index]
        #expect(WindowsCommandLine.split(known.commandLine) == known.arguments)
    }

    /// The expected command lines of the known cases split back into their arguments.
    @Test("known command lines split back into their arguments", arguments: 0..<knownCases.count)
    func knownCommandLinesSplitBack(index: Int) {
        let known = Self.knownCases[index]
        #expect(WindowsCommandLine.split(known.commandLine) == known.arguments)
    }

    /// One tricky argument after a program path with a space survives quote then split.
    @Test("each tricky argument survives a round trip", arguments: trickyArguments)
    func roundTripOne(argument: String) throws {
        let arguments = [Self.program, argument]
        #expect(WindowsCommandLine.split(try WindowsCommandLine.quote(arguments)) == arguments)
    }

    /// A tricky program name survives quote then split, or is refused when it holds a `"`.
    @Test(
        "each tricky argument survives a round trip as the program name, where allowed",
        arguments: trickyArguments)
    func roundTripProgramName(argument: String) throws {
        let arguments = [argument, "x"]
        if argument.unicodeScalars.contains("\"") {
            #expect(throws: WindowsCommandLine.Unrepresentable.self) {
                try WindowsCommandLine.quote(arguments)
            }
        } else {
            #expect(WindowsCommandLine.split(try WindowsCommandLine.quote(arguments)) == arguments)
        }
    }

    /// All tricky arguments in one command line survive quote then split, in both orders.
    @Test func allTrickyArgumentsTogetherRoundTrip() throws {
        let arguments = [Self.program] + Self.trickyArguments
        let line = try WindowsCommandLine.quote(arguments)
        #expect(WindowsCommandLine.split(line) == arguments)
        // Reversed, so every argument also meets other neighbours.
        let reversed = [Self.program] + Self.trickyArguments.reversed()
        #expect(WindowsCommandLine.split(try WindowsCommandLine.quote(reversed)) == reversed)
    }

    /// No arguments give an empty command line.
    @Test func emptyArgumentListIsEmptyCommandLine() throws {
        #expect(try WindowsCommandLine.quote([]) == "")
    }

    /// Arguments without blanks or quotes are written as they are; the program name is quoted.
    @Test func plainArgumentsAreNotQuoted() throws {
        #expect(try WindowsCommandLine.quote(["p", "-v", #"C:\a\b"#, "x=1"]) == #""p" -v C:\a\b x=1"#)
    }

    /// Backslashes are doubled before the closing quote and nowhere else.
    @Test func backslashesAreDoubledOnlyBeforeQuotes() throws {
        // Four backslashes in the middle stay four; the trailing two become four before the quote.
        let argument = #"a\\\\b c\\"#
        #expect(try WindowsCommandLine.quote(["p", argument]) == #""p" "a\\\\b c\\\\""#)
    }

    /// A program name with a `"` is refused with an actionable error.
    @Test func programNameWithQuoteIsRefused() {
        do {
            _ = try WindowsCommandLine.quote([#"C:\a"b.exe"#, "x"])
            Issue.record("a program name with a double quote was accepted")
        } catch {
            #expect(error.message.contains("double quote"))
        }
    }

    /// A `"` in an argument after the program name is escaped, not refused.
    @Test func quoteInLaterArgumentIsAccepted() throws {
        #expect(try WindowsCommandLine.quote(["p", #"a"b"#]) == #""p" "a\"b""#)
    }

    /// A NUL character anywhere is refused.
    @Test(arguments: [["p", "a\0b"], ["p\0", "x"], ["p", "ok", "\0"]])
    func nulCharacterIsRefused(arguments: [String]) {
        do {
            _ = try WindowsCommandLine.quote(arguments)
            Issue.record("an argument with a NUL character was accepted")
        } catch {
            #expect(error.message.contains("NUL"))
        }
    }

    /// A `"` that a combining mark joins into one Character is still escaped.
    @Test func combiningMarkAfterQuoteIsEscaped() throws {
        // As one Character, `"` plus U+0301 is not equal to `"`: the quoting must look at scalars.
        let argument = "\"\u{301}"
        #expect(try WindowsCommandLine.quote(["p", argument]) == "\"p\" \"\\\"\u{301}\"")
    }

    /// Two thousand seeded random argument lists survive quote then split.
    @Test func generatedArgumentsRoundTrip() throws {
        var generator = SplitMix64(seed: 0xDA00_0001)
        let alphabet: [String] = [
            "a", "Z", " ", "\t", "\"", "\\", "\n", "\u{E9}", "\u{1F642}", "\u{301}", "'",
        ]
        for _ in 0..<2000 {
            let count = Int.random(in: 1...5, using: &generator)
            var arguments = [Self.program]
            for _ in 0..<count {
                let length = Int.random(in: 0...8, using: &generator)
                var argument = ""
                for _ in 0..<length {
                    argument += alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
                }
                arguments.append(argument)
            }
            let line = try WindowsCommandLine.quote(arguments)
            let back = WindowsCommandLine.split(line)
            #expect(back == arguments, "command line: \(line)")
            if back != arguments { return }
        }
    }
}

/// A small seeded generator, so the generated cases are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    /// The generator's state.
    var state: UInt64

    /// Starts from `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
