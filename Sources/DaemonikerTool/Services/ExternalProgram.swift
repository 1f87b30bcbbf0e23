import DaemonikerPlatform

/// A program of the service manager's (`systemctl`, `launchctl`, `rc-update`, `sysrc`), found and
/// run as a child with this tool's standard streams, so that its own messages reach the user.
struct ExternalProgram {
    /// Where it was found.
    let path: String

    /// Where programs are looked for after `PATH`: the administrator's folders, which a
    /// non-root `PATH` often leaves out.
    static let fallbackDirectories = [
        "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
    ]

    /// `name` on `PATH`, then in ``fallbackDirectories``; a failure naming it and `manager` when it
    /// is in none: the manager is not this machine's.
    init(_ name: String, for manager: InstallManager) throws(ToolError) {
        let search = Platform.environmentValue("PATH") ?? ""
        let directories =
            search.split(separator: Platform.searchPathSeparator).map(String.init) + Self.fallbackDirectories
        for directory in directories where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if Platform.isExecutableFile(candidate) {
                path = candidate
                return
            }
        }
        throw ToolError(
            .failure,
            "\(name) is not on this machine (looked on PATH and in \(Self.fallbackDirectories.joined(separator: ", "))), so \(manager.rawValue) is not its service manager; pass --manager with this machine's"
        )
    }

    /// Runs it with `arguments` and waits: its exit status (128 + N after signal N).
    func run(_ arguments: [String]) throws(ToolError) -> Int32 {
        let environment = Platform.rawEnvironment().map { String(decoding: $0, as: UTF8.self) }
        Platform.flushStandardStreams()
        do {
            let pid = try Platform.spawnChild(
                path: path, arguments: [path] + arguments, environment: environment, moves: [])
            return ExitStatus(passingOn: try Platform.wait(for: pid)).code
        } catch {
            throw ToolError(.failure, "cannot run \(path) (\(error))")
        }
    }
}
