import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A private temporary directory for one test (tests run in parallel), removed at the end.
/// Short (`/tmp/dkt-XXXXXX`) so that socket paths inside it fit in `sun_path`.
public final class TestDirectory {
    /// The directory.
    public let path: String

    /// Makes a new directory, mode 0700.
    public init() throws {
        var template = Array("/tmp/dkt-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        path = String(cString: made)
        chmod(path, 0o700)
    }

    /// `path/name`.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// The file's text, or nil when it does not exist.
    public func read(_ name: String) -> String? {
        readCloseOnExec(file(name))
    }

    /// Whether `name` exists (a dangling link counts).
    public func exists(_ name: String) -> Bool {
        var info = stat()
        return lstat(file(name), &info) == 0
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The file's text, read through a close-on-exec descriptor (tests run in parallel, and a
/// descriptor open without it would leak into a process another test starts); nil when missing.
public func readCloseOnExec(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(fd, &buffer, buffer.count)
        if count <= 0 { break }
        bytes += buffer.prefix(count)
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Replaces the file's text through a close-on-exec descriptor, whole (written beside, renamed).
public func writeCloseOnExec(_ text: String, to path: String) throws {
    let aside = path + ".writing"
    let fd = open(aside, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    let bytes = Array(text.utf8)
    let wrote = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard wrote == bytes.count, rename(aside, path) == 0 else {
        throw POSIXError(.init(rawValue: errno) ?? .EIO)
    }
}
