/// Quoting for the languages the service definitions are written in.
enum Quoting {
    /// A POSIX shell word: bare when safe, else in single quotes.
    static func shell(_ word: String) -> String {
        let safe =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "/._-:=,+@%".unicodeScalars.contains(scalar)
            }
        if safe { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''")
            + "'"
    }

    /// Words joined for a shell.
    static func shell(_ words: [String]) -> String {
        words.map { shell($0) }.joined(separator: " ")
    }

    /// A systemd unit's command-line word: double-quoted, with `\`, `"` escaped, `$` as `$$`
    /// and `%` as `%%` (systemd.service(5), "Command lines").
    static func systemd(_ word: String) -> String {
        var out = "\""
        for character in word {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "$": out += "$$"
            case "%": out += "%%"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// An `Environment=` assignment: double-quoted, with `\`, `"` escaped and `%` as `%%`;
    /// `$` stays as it is (systemd.exec(5): no variable expansion there, but specifiers).
    static func systemdEnvironment(_ pair: String) -> String {
        var out = "\""
        for character in pair {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "%": out += "%%"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// A systemd setting's value with `%` escaped (paths, names).
    static func systemdValue(_ text: String) -> String {
        text.split(separator: "%", omittingEmptySubsequences: false).joined(separator: "%%")
    }

    /// XML character data or attribute text.
    static func xml(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A Windows command-line argument (the rules `CommandLineToArgvW` reads).
    static func windows(_ word: String) -> String {
        if !word.isEmpty, !word.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }) { return word }
        var out = "\""
        var backslashes = 0
        for character in word {
            if character == "\\" {
                backslashes += 1
                continue
            }
            if character == "\"" {
                out += String(repeating: "\\", count: backslashes * 2 + 1) + "\""
            } else {
                out += String(repeating: "\\", count: backslashes) + String(character)
            }
            backslashes = 0
        }
        return out + String(repeating: "\\", count: backslashes * 2) + "\""
    }
}
