import DaemonikerTestSupport
import FoundationEssentials

// What the daemon reports about itself, read from the kernel, for the tests to check.
#if canImport(Glibc)
    import Glibc
#endif

func makeReport(strategy: String, pidFile: String?, leakedFD: Int32?, preserved: [Int32]) -> Report {
    let status = procStatus()
    var tty: Int32 = 0
    let descriptors = Proc.descriptors(of: getpid()).sorted { $0.key < $1.key }.map {
        DescriptorEntry(fd: $0.key, target: $0.value)
    }
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
    if fd >= 0 { close(fd) } else { tty = errno }
    var limit = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
    return Report(
        pid: getpid(), ppid: getppid(), sid: getsid(0), pgid: getpgrp(), ttyOpenErrno: tty,
        cwd: Proc.link("/proc/self/cwd") ?? "?", umask: status["Umask"] ?? "?", descriptors: descriptors,
        signalsBlocked: status["SigBlk"] ?? "?", signalsIgnored: status["SigIgn"] ?? "?",
        pidFileContents: pidFile.flatMap(Proc.read), strategy: strategy, arguments: CommandLine.arguments,
        switchInEnvironment: getenv("DAEMONIKER_RELAUNCH") != nil,
        strategyVariableInEnvironment: getenv("DAEMONIKER_STRATEGY") != nil, leakedFD: leakedFD,
        preserved: preserved,
        coreLimit: UInt64(limit.rlim_cur), uid: getuid(), gid: getgid())
}

func writeAtomically(_ bytes: [UInt8], to path: String) {
    let temporary = path + ".tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return }
    var offset = 0
    while offset < bytes.count {
        let wrote = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
        if wrote <= 0 { break }
        offset += wrote
    }
    close(fd)
    rename(temporary, path)
}

private func procStatus() -> [String: String] {
    var result: [String: String] = [:]
    for line in (Proc.read("/proc/self/status") ?? "").split(separator: "\n") {
        guard let colon = line.firstIndex(of: ":") else { continue }
        result[String(line[..<colon])] = String(line[line.index(after: colon)...].filter { !$0.isWhitespace })
    }
    return result
}
