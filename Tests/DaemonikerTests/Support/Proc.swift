import Foundation

// What the tests read about other processes from /proc.

/// The fields of /proc/PID/stat after the command name: `[0]` is the state, `[11]` utime,
/// `[12]` stime. Nil when the process is gone.
func statFields(_ pid: Int32) -> [Substring]? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return nil }
    return stat[stat.index(after: close)...].split(separator: " ")
}

/// The one-letter state of `pid` (`S`, `R`, `T`, `Z`).
func processState(_ pid: Int32) -> Character? {
    statFields(pid)?.first?.first
}

/// Whether a process exists and is not a zombie.
func processIsLive(_ pid: Int32) -> Bool {
    guard let state = processState(pid) else { return false }
    return state != "Z" && state != "X"
}

/// utime + stime of `pid` in clock ticks.
func cpuTicks(_ pid: Int32) -> Int? {
    guard let fields = statFields(pid), fields.count > 13, let user = Int(fields[11]),
        let system = Int(fields[12])
    else { return nil }
    return user + system
}

/// The children of `pid`.
func childrenOf(_ pid: Int32) -> [Int32] {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    return tasks.flatMap { task in
        ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
            .split(separator: " ").compactMap { Int32($0) }
    }
}

/// The descriptors `pid` has open and what each points at.
func openDescriptors(of pid: Int32) -> [Int32: String] {
    let directory = "/proc/\(pid)/fd"
    var result: [Int32: String] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
        guard let fd = Int32(name) else { continue }
        result[fd] = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(name)")
    }
    return result
}

/// The whole of a /proc file, read with read(2) until end of file (a /proc file reports size 0,
/// and a reader that trusts the size may stop early).
func readProcFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if got < 0 && errno == EINTR { continue }
        guard got > 0 else { break }
        bytes += buffer.prefix(got)
    }
    return String(decoding: bytes, as: UTF8.self)
}
