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
        "\"" + replacing(word, ["\\": "\\\\", "\"": "\\\"", "$": "$$", "%": "%%"]) + "\""
    }

    /// An `Environment=` assignment: double-quoted, with `\`, `"` escaped and `%` as `%%`;
    /// `$` stays as it is (systemd.exec(5): no variable expansion there, but specifiers).
    static func systemdEnvironment(_ pair: String) -> String {
        "\"" + replacing(pair, ["\\": "\\\\", "\"": "\\\"", "%": "%%"]) + "\""
    }

    /// A systemd setting's value with `%` escaped (paths, names).
    static func systemdValue(_ text: String) -> String {
        replacing(text, ["%": "%%"])
    }

    /// XML character data or attribute text.
    static func xml(_ text: String) -> String {
        replacing(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;"])
    }

    /// `text` with each character in `table` written as its replacement.
    private static func replacing(_ text: String, _ table: [Character: String]) -> String {
        var out = ""
        for character in text {
            if let replacement = table[character] { out += replacement } else { out.append(character) }
        }
        return out
    }
}
