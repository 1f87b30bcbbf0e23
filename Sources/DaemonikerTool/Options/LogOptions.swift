import DaemonikerPlatform

/// How `start` and `run` write COMMAND's logs: rotated by size (`--log-max-size`, `--log-keep`)
/// and with timestamps (`--log-timestamps`). The files themselves are `--log` and `--error-log`
/// (``LaunchOptions``); the keeper writes them line by line whenever one is given.
struct LogOptions: Sendable, Equatable {
    /// `--log-max-size SIZE`.
    static let maxSize = Option<ByteSize>(
        "log-max-size", "SIZE",
        help: """
            rotate the logs (--log, --error-log) before they grow past SIZE
            bytes (K, M, G: 1024-based): PATH.1 newest ... PATH.N oldest
            """)
    /// `--log-keep N`.
    static let keep = Option<PositiveCount>(
        "log-keep", "N", help: "with --log-max-size: how many rotated files to keep (default 5)")
    /// `--log-timestamps`.
    static let timestamps = Flag(
        "log-timestamps",
        help: "begin each line of the logs with the UTC time the keeper read it\n(2026-12-07T18:20:01.123Z)")

    /// The group's declarations, in the order the help lists them.
    static var declarations: [OptionDeclaration] {
        [maxSize.declaration, keep.declaration, timestamps.declaration]
    }

    /// How many rotated files are kept when `--log-keep` is not given.
    static let defaultKeep = 5

    /// `--log`, absolute (made so before anything changes the working directory).
    var output: String?
    /// `--error-log`, absolute.
    var error: String?
    /// The size past which the logs rotate; nil: they do not.
    var maxSize: ByteSize?
    /// How many rotated files are kept.
    var keep: Int
    /// Whether each line begins with the time.
    var timestamps: Bool

    /// Reads the group from `line`, for the files `log` and `errorLog` (as given); bad input
    /// when an option needs another that is missing.
    init(_ line: ParsedCommandLine, log: String?, errorLog: String?) throws(ToolError) {
        output = log.map(Platform.absolutePath)
        error = errorLog.map(Platform.absolutePath)
        maxSize = try line.value(Self.maxSize)
        let keep = try line.value(Self.keep)
        self.keep = keep?.value ?? Self.defaultKeep
        timestamps = line.isSet(Self.timestamps)
        let logFlag = LaunchOptions.log.flag
        if let maxSize, log == nil {
            throw .usage(
                "\(Self.maxSize.flag) \(maxSize.text) rotates the program's log, but no \(logFlag) was given; add \(logFlag) PATH (and \(LaunchOptions.errorLog.flag) PATH to keep standard error apart), or leave out \(Self.maxSize.flag)"
            )
        }
        if let keep, maxSize == nil {
            throw .usage(
                "\(Self.keep.flag) \(keep.value) counts rotated files, but nothing rotates without \(Self.maxSize.flag); add \(Self.maxSize.flag) SIZE (such as 10M), or leave out \(Self.keep.flag)"
            )
        }
        if timestamps, log == nil, errorLog == nil {
            throw .usage(
                "\(Self.timestamps.declaration.flag) stamps the lines of the program's log, but no \(logFlag) was given; add \(logFlag) PATH, or leave out \(Self.timestamps.declaration.flag)"
            )
        }
    }

    /// Logs that neither rotate nor carry timestamps, for the files given.
    init(output: String?, error: String?) {
        self.output = output
        self.error = error
        maxSize = nil
        keep = Self.defaultKeep
        timestamps = false
    }

    /// Whether the keeper writes any log file (then COMMAND's output reaches it through a pipe).
    var writesFiles: Bool { output != nil || error != nil }
}
