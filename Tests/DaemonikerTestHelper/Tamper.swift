// Ways to spoil the relaunch state file between its writing and the relaunch, one per refusal.
#if canImport(Glibc)
    import Glibc
#endif

enum Tamper {
    static func apply(_ kind: String, to path: String, dir: String) {
        switch kind {
        case "missing":
            unlink(path)
        case "symlink":
            // A link to a perfectly good copy: the link itself must be refused.
            let copy = "\(dir)/state-copy"
            let text = readText(path) ?? ""
            writeAtomically(Array(text.utf8), to: copy)
            chmod(copy, 0o600)
            unlink(path)
            symlink(copy, path)
        case "owner":
            chown(path, 65534, 65534)
        case "permissions":
            chmod(path, 0o644)
        case "malformed":
            overwrite(path, "this is not a state file\nat all\n")
        case "version":
            let text = readText(path) ?? ""
            overwrite(path, text.replacingFirst("daemoniker-state 1", with: "daemoniker-state 99"))
        case "token":
            let text = readText(path) ?? ""
            guard let start = text.firstRange(of: "token ") else { return }
            var changed = text
            let index = start.upperBound
            changed.replaceSubrange(index..<changed.index(after: index), with: text[index] == "0" ? "1" : "0")
            overwrite(path, changed)
        default:
            break
        }
    }

    private static func overwrite(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { return }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
