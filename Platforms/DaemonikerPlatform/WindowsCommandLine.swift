/// Windows command lines: how to join arguments into the one string `CreateProcessW` takes so
/// that the new process's C runtime (and `CommandLineToArgvW`) splits it back into exactly those
/// arguments, and how that split works.
///
/// Platform-neutral on purpose (no OS calls), so the rules are unit-tested on every OS; the
/// Windows layer quotes the arguments it is given with it (`Platform.spawnDetached`).
///
/// The rules it writes for, after the first argument (Microsoft's, as the C runtime since 2008
/// and `CommandLineToArgvW` apply them):
/// - arguments are separated by spaces or tabs outside double quotes;
/// - `2n` backslashes followed by `"` give `n` backslashes and open or close a quoted section;
/// - `2n+1` backslashes followed by `"` give `n` backslashes and a literal `"`;
/// - backslashes not followed by `"` are literal;
/// - inside a quoted section, `""` gives a literal `"` and the section stays open.
///
/// The first argument (the program name) follows other rules: it ends at the first space or tab,
/// or, when it starts with `"`, at the next `"`, and backslashes never escape anything in it.
/// So it is always written in double quotes, and a program name containing `"` cannot be
/// written at all (Windows file names cannot contain `"` either).
package enum WindowsCommandLine {
    /// An argument list no Windows command line can carry; `message` says which argument and why.
    package struct Unrepresentable: Error, Sendable {
        /// What cannot be written, and what to do about it.
        package var message: String
    }

    /// Joins `arguments` (the program name first) into one command line that splits back into
    /// exactly `arguments`.
    ///
    /// The program name is always quoted. Any other argument is written as it is unless it is
    /// empty or holds a space, tab, newline, vertical tab or `"`; then it is quoted, each `"`
    /// becomes `\"`, and backslashes are doubled only where they precede a `"` or the closing
    /// quote. Arguments are separated by one space. No arguments at all give the empty string.
    ///
    /// Throws ``Unrepresentable`` when the program name contains `"`,
    /// or when any argument contains a NUL character (a command line ends at its first NUL).
    package static func quote(_ arguments: [String]) throws(Unrepresentable) -> String {
        var result = String.UnicodeScalarView()
        for (position, argument) in arguments.enumerated() {
            if argument.unicodeScalars.contains("\0") {
                throw Unrepresentable(
                    message:
                        "argument \(position) contains a NUL character, which a Windows command line cannot "
                        + "carry; remove it from the program's arguments")
            }
            if position == 0 {
                if argument.unicodeScalars.contains("\"") {
                    throw Unrepresentable(
                        message:
                            "program name \(argument) contains a double quote, which the first argument of a "
                            + "Windows command line cannot carry; start the program by a path without \"")
                }
                result.append("\"")
                result.append(contentsOf: argument.unicodeScalars)
                result.append("\"")
                continue
            }
            result.append(" ")
            appendQuoted(argument, to: &result)
        }
        return String(result)
    }

    /// Joins `arguments` that follow a program name (`arguments` in a service wrapper's
    /// configuration), each written as ``quote(_:)`` writes an argument after the first.
    package static func quoteArguments(_ arguments: [String]) -> String {
        var result = String.UnicodeScalarView()
        for (position, argument) in arguments.enumerated() {
            if position > 0 { result.append(" ") }
            appendQuoted(argument, to: &result)
        }
        return String(result)
    }

    /// Splits `commandLine` into arguments the way `CommandLineToArgvW` does (see the type's
    /// documentation for the rules). Used to check ``quote(_:)``; the daemon itself never needs it.
    ///
    /// Differences from the real function, all outside what ``quote(_:)`` writes: an empty
    /// command line gives no arguments (the real one substitutes the executable's path).
    /// As in the real function, text right after the program name's closing quote (`"a"b`)
    /// begins the second argument.
    package static func split(_ commandLine: String) -> [String] {
        let scalars = Array(commandLine.unicodeScalars)
        guard !scalars.isEmpty else { return [] }
        var index = 0
        var program = String.UnicodeScalarView()
        if scalars[0] == "\"" {
            index = 1
            while index < scalars.count, scalars[index] != "\"" {
                program.append(scalars[index])
                index += 1
            }
            if index < scalars.count { index += 1 }  // The closing quote.
        } else {
            while index < scalars.count, !isSeparator(scalars[index]) {
                program.append(scalars[index])
                index += 1
            }
        }
        var arguments = [String(program)]
        while true {
            while index < scalars.count, isSeparator(scalars[index]) { index += 1 }
            if index == scalars.count { return arguments }
            arguments.append(nextArgument(scalars, from: &index))
        }
    }

    /// Appends `argument` to `line`, quoted and escaped only if it needs to be (not the first
    /// argument: see ``quote(_:)``).
    private static func appendQuoted(_ argument: String, to line: inout String.UnicodeScalarView) {
        let needsQuotes =
            argument.isEmpty
            || argument.unicodeScalars.contains { scalar in
                scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\u{0B}" || scalar == "\""
            }
        guard needsQuotes else {
            line.append(contentsOf: argument.unicodeScalars)
            return
        }
        line.append("\"")
        var backslashes = 0
        for scalar in argument.unicodeScalars {
            switch scalar {
            case "\\":
                backslashes += 1
                continue
            case "\"":
                // Every backslash before a quote is escaped, and so is the quote itself.
                appendBackslashes(2 * backslashes + 1, to: &line)
            default:
                appendBackslashes(backslashes, to: &line)
            }
            line.append(scalar)
            backslashes = 0
        }
        // Backslashes before the closing quote must not escape it.
        appendBackslashes(2 * backslashes, to: &line)
        line.append("\"")
    }

    /// Appends `count` backslashes to `line`.
    private static func appendBackslashes(_ count: Int, to line: inout String.UnicodeScalarView) {
        for _ in 0..<count { line.append("\\") }
    }

    /// Whether `scalar` separates arguments outside quotes (space or tab, nothing else).
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }

    /// Reads one argument (not the first) starting at `index`, which is left just after it.
    private static func nextArgument(_ scalars: [Unicode.Scalar], from index: inout Int) -> String {
        var argument = String.UnicodeScalarView()
        var inQuotes = false
        while index < scalars.count {
            var backslashes = 0
            while index < scalars.count, scalars[index] == "\\" {
                backslashes += 1
                index += 1
            }
            if index < scalars.count, scalars[index] == "\"" {
                appendBackslashes(backslashes / 2, to: &argument)
                if backslashes % 2 == 1 {
                    argument.append("\"")
                    index += 1
                } else if inQuotes, index + 1 < scalars.count, scalars[index + 1] == "\"" {
                    argument.append("\"")
                    index += 2
                } else {
                    inQuotes.toggle()
                    index += 1
                }
                continue
            }
            appendBackslashes(backslashes, to: &argument)
            if index == scalars.count || (!inQuotes && isSeparator(scalars[index])) { break }
            argument.append(scalars[index])
            index += 1
        }
        return String(argument)
    }
}
