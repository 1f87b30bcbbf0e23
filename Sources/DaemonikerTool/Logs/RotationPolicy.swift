/// When and how a log rotates by size (`--log-max-size`, `--log-keep`): the decisions and the
/// names, apart from the files themselves so that they can be checked on their own.
///
/// `PATH.1` is the newest rotated file and `PATH.N` the oldest; a rotation renames `PATH.N-1`
/// over `PATH.N` (the oldest is gone), ..., `PATH` to `PATH.1`, then a new `PATH` is opened.
struct RotationPolicy: Equatable, Sendable {
    /// The size a file may reach before the next line goes into a new one.
    let maxSize: Int64
    /// How many rotated files are kept.
    let keep: Int

    /// `path.index`: `d.log.1` is the newest rotated file of `d.log`.
    static func rotatedName(_ path: String, _ index: Int) -> String {
        "\(path).\(index)"
    }

    /// The renames of one rotation of `path`, in the order they are made: the oldest first, so
    /// that no file is renamed over one that is still to move.
    func renames(of path: String) -> [(from: String, to: String)] {
        var steps: [(from: String, to: String)] = []
        for index in stride(from: keep - 1, through: 1, by: -1) {
            steps.append((Self.rotatedName(path, index), Self.rotatedName(path, index + 1)))
        }
        steps.append((path, Self.rotatedName(path, 1)))
        return steps
    }

    /// Whether a line of `adding` bytes goes into a new file, given a file of `size` bytes: when
    /// it would grow past the maximum, unless the file is empty (a line longer than the maximum
    /// goes whole into a file of its own; lines are never split).
    func rotates(size: Int64, adding: Int) -> Bool {
        size > 0 && size + Int64(adding) > maxSize
    }

    /// `path` and its rotated files, the newest first: `PATH`, `PATH.1` ... `PATH.keep`.
    static func files(of path: String, keep: Int) -> [String] {
        [path] + (0..<max(0, keep)).map { rotatedName(path, $0 + 1) }
    }
}
