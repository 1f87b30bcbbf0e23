import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// What the tests and the helper read about processes from /proc (Linux).
public enum Proc {
    /// The fields of /proc/PID/stat after the command name: `[0]` is the state, `[1]` the parent's
    /// pid, `[11]` utime, `[12]` stime. Nil when the process is gone.
    public static func statFields(_ pid: Int32) -> [Substring]? {
        guard let stat = read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// The one-letter state of `pid` (`S`, `R`, `T`, `Z`), or nil when it is gone.
    public static func state(_ pid: Int32) -> Character? {
        statFields(pid)?.first?.first
    }

    /// Whether it exists and has not ended (a zombie has ended).
    public static func alive(_ pid: Int32) -> Bool {
        guard let state = state(pid) else { return false }
        return state != "Z" && state != "X"
    }

    /// Whether a process exists (a zombie counts).
    public static func exists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Its parent's pid, or nil when it is gone.
    public static func parent(_ pid: Int32) -> Int32? {
        statFields(pid).flatMap { $0.count > 1 ? Int32($0[1]) : nil }
    }

    /// The process's command name (`/proc/PID/comm`), or nil when it is gone.
    public static func name(_ pid: Int32) -> String? {
        read("/proc/\(pid)/comm").map { String($0.trimmingWhitespace) }
    }

    /// A line of `/proc/PID/status` (`Uid:`), or nil.
    public static func status(_ pid: Int32, _ key: String) -> String? {
        read("/proc/\(pid)/status")?.split(separator: "\n").first { $0.hasPrefix(key) }.map(String.init)
    }

    /// utime + stime of `pid` in clock ticks.
    public static func cpuTicks(_ pid: Int32) -> Int? {
        guard let fields = statFields(pid), fields.count > 13, let user = Int(fields[11]),
            let system = Int(fields[12])
        else { return nil }
        return user + system
    }

    /// The children of `pid` (those of each of its threads).
    public static func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            (read("/proc/\(pid)/task/\(task)/children") ?? "").split(whereSeparator: \.isWhitespace)
                .compactMap { Int32($0) }
        }
    }

    /// The descriptors `pid` has open and what each points at. When `pid` is this process, the
    /// descriptor that lists /proc/self/fd is left out.
    public static func descriptors(of pid: Int32) -> [Int32: String] {
        guard let directory = opendir("/proc/\(pid)/fd") else { return [:] }
        let own = pid == getpid() ? dirfd(directory) : -1
        var numbers: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let fd = Int32(name), fd != own { numbers.append(fd) }
        }
        closedir(directory)
        var result: [Int32: String] = [:]
        for fd in numbers { result[fd] = link("/proc/\(pid)/fd/\(fd)") }
        return result
    }

    /// Where the symbolic link `path` points, or nil.
    public static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The whole of a file, read with read(2) until end of file (a /proc file reports size 0,
    /// and a reader that trusts the size may stop early); nil when it cannot be opened.
    public static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            bytes += buffer.prefix(got)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The pid a pid file names, or nil.
public func pidIn(_ path: String) -> Int32? {
    Proc.read(path).flatMap { Int32($0.trimmingWhitespace) }
}

extension StringProtocol {
    /// The text without the white space (newlines included) at either end.
    fileprivate var trimmingWhitespace: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
