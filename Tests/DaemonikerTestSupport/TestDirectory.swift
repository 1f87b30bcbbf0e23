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
        try? String(contentsOfFile: file(name), encoding: .utf8)
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
