/// Where the daemon's standard input, output or error go.
public enum StandardStream: Sendable, Equatable {
    /// The null device (`/dev/null`, `NUL`). The default for all three.
    case null
    /// A file, opened with `O_APPEND|O_CREAT|O_NOCTTY` (append) or `O_TRUNC|O_CREAT|O_NOCTTY`,
    /// created with mode 0640. A hangup reopens it at the same path (log rotation).
    /// For standard input it is opened read-only and must exist.
    case file(String, append: Bool = true)
    /// Keep what the launching process had (useful under a supervisor, rarely when detaching).
    case inherit
    /// For standard error only: the same file as standard output.
    case sameAsOutput
}
