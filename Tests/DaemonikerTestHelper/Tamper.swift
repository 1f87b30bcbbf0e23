// Ways to spoil the relaunch state between its writing and the relaunch, one per refusal. The
// state travels in an anonymous file, handed over as descriptor `fd`.
#if canImport(Glibc)
    import Glibc
#endif

enum Tamper {
    static func apply(_ kind: String, to fd: Int32, dir: String) {
        switch kind {
        case "pipe":
            // Something open that is not a file at all.
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { return }
            dup2(ends[0], fd)
            close(ends[0])
            close(ends[1])
        case "named":
            // A file with a name, holding a perfectly good copy: refused, and left as it is.
            let copy = "\(dir)/named-state"
            writeAtomically(contents(fd), to: copy)
            let named = open(copy, O_RDONLY)
            guard named >= 0 else { return }
            dup2(named, fd)
            close(named)
        case "owner":
            fchown(fd, 65534, 65534)
        case "malformed":
            overwrite(fd, Array("this is not a state file\nat all\n".utf8))
        case "version":
            let text = String(decoding: contents(fd), as: UTF8.self)
            overwrite(fd, Array(text.replacingFirst("daemoniker-state 1", with: "daemoniker-state 99").utf8))
        case "token":
            // The token's first digit, changed.
            var bytes = contents(fd)
            let marker = Array("\ntoken ".utf8)
            guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else {
                return
            }
            let index = start + marker.count
            bytes[index] = bytes[index] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            overwrite(fd, bytes)
        default:
            break
        }
    }

    /// The file's whole content, read from offset 0.
    private static func contents(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = buffer.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress, $0.count, off_t(result.count))
            }
            if got <= 0 { return result }
            result += buffer.prefix(got)
        }
    }

    private static func overwrite(_ fd: Int32, _ bytes: [UInt8]) {
        ftruncate(fd, 0)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
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
