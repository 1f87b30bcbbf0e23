import DaemonikerTestSupport
import FoundationEssentials

// What the daemon reports about itself, read from the kernel, for the tests to check.
#if canImport(Glibc)
    import Glibc
#endif

func makeReport(strategy: String, pidFile: String?, leakedFD: Int32?, preserved: [Int32]) -> Report {
    let status = procStatus()
    var tty: Int32 = 0
    let descriptors = openDescriptors()
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
    if fd >= 0 { close(fd) } else { tty = errno }
    var limit = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
    return Report(
        pid: getpid(), ppid: getppid(), sid: getsid(0), pgid: getpgrp(), ttyOpenErrno: tty,
        cwd: readLink("/proc/self/cwd"), umask: status["Umask"] ?? "?", descriptors: descriptors,
        signalsBlocked: status["SigBlk"] ?? "?", signalsIgnored: status["SigIgn"] ?? "?",
        pidFileContents: pidFile.flatMap(readText), strategy: strategy, arguments: CommandLine.arguments,
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

func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        result += buffer.prefix(count)
    }
    return String(decoding: result, as: UTF8.self)
}

private func readLink(_ path: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count >= 0 else { return "?" }
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

private func procStatus() -> [String: String] {
    var result: [String: String] = [:]
    for line in (readText("/proc/self/status") ?? "").split(separator: "\n") {
        guard let colon = line.firstIndex(of: ":") else { continue }
        result[String(line[..<colon])] = String(line[line.index(after: colon)...].filter { !$0.isWhitespace })
    }
    return result
}

private func openDescriptors() -> [DescriptorEntry] {
    guard let dir = opendir("/proc/self/fd") else { return [] }
    let own = dirfd(dir)
    var names: [Int32] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        if let fd = Int32(name), fd != own { names.append(fd) }
    }
    closedir(dir)
    return names.sorted().map { DescriptorEntry(fd: $0, target: readLink("/proc/self/fd/\($0)")) }
}
