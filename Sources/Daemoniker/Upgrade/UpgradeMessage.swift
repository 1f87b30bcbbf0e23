/// One upgrade request, as the caller writes it beside the pid file: `TOKEN TIMEOUT_MS DRAIN_MS`.
struct UpgradeRequest: Equatable, Sendable {
    var token: String
    var timeoutMilliseconds: Int64
    var drainMilliseconds: Int64

    var encoded: String { "\(token) \(timeoutMilliseconds) \(drainMilliseconds)\n" }

    init(token: String, timeoutMilliseconds: Int64, drainMilliseconds: Int64) {
        self.token = token
        self.timeoutMilliseconds = timeoutMilliseconds
        self.drainMilliseconds = drainMilliseconds
    }

    /// Parses a request; nil for anything else.
    init?(parsing text: String) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 3, fields[0].count == 32, fields[0].allSatisfy(\.isHexDigit),
            let timeout = Int64(fields[1]), timeout > 0, let drain = Int64(fields[2]), drain >= 0
        else { return nil }
        self.init(token: String(fields[0]), timeoutMilliseconds: timeout, drainMilliseconds: drain)
    }
}

/// How an upgrade ended, as the daemon answers: `TOKEN ok NEWPID` or `TOKEN failed MESSAGE`.
struct UpgradeResult: Equatable, Sendable {
    enum Outcome: Equatable, Sendable {
        /// The new generation (its pid) is ready and named by the pid file.
        case upgraded(Int32)
        /// Nothing changed; the message says why.
        case failed(String)
        /// Another upgrade was already in progress.
        case busy(String)
    }

    var token: String
    var outcome: Outcome

    var encoded: String {
        switch outcome {
        case .upgraded(let pid): "\(token) ok \(pid)\n"
        case .failed(let message): "\(token) failed \(Self.oneLine(message))\n"
        case .busy(let message): "\(token) busy \(Self.oneLine(message))\n"
        }
    }

    init(token: String, outcome: Outcome) {
        self.token = token
        self.outcome = outcome
    }

    /// Parses an answer; nil for anything else.
    init?(parsing text: String) {
        var line = Substring(text)
        if line.last == "\n" { line.removeLast() }
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        token = String(parts[0])
        switch parts[1] {
        case "ok":
            guard let pid = Int32(parts[2]), pid > 0 else { return nil }
            outcome = .upgraded(pid)
        case "failed": outcome = .failed(String(parts[2]))
        case "busy": outcome = .busy(String(parts[2]))
        default: return nil
        }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
