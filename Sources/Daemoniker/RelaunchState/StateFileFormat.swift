/// The relaunch state's format, as the anonymous state file holds it: a header line with the
/// format version, a line with the launch's token, then the encoded state: ``StateValue``'s
/// byte form, binary and not JSON (none at all for ``Stateless``).
///
/// ```
/// daemoniker-state 1
/// token 0123456789abcdef0123456789abcdef
/// <the state's bytes, from StateEncoder>
/// ```
enum StateFileFormat {
    /// The header's fixed part.
    static let magic = "daemoniker-state"
    /// The version this build writes and reads.
    static let version = 1

    /// The file's bytes for `state` under `token`.
    static func encode(token: String, state: [UInt8]) -> [UInt8] {
        Array("\(magic) \(version)\ntoken \(token)\n".utf8) + state
    }

    /// The state in `bytes`, if the header is this version's and the token is `token`; `source`
    /// names where the bytes came from, for messages.
    static func decode(_ bytes: [UInt8], token: String, source: String) throws(DaemonikerError) -> [UInt8] {
        guard let firstEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            throw malformed(source, "no header line")
        }
        let header = String(decoding: bytes[..<firstEnd], as: UTF8.self)
        guard header.hasPrefix(magic + " ") else { throw malformed(source, "not a Daemoniker state file") }
        guard header == "\(magic) \(version)" else {
            throw DaemonikerError(
                .stateFileVersion,
                "state file (\(source)) is from another version of the format (\(header), this build reads \(version)); the relaunched executable must be the same build"
            )
        }
        let afterHeader = bytes.index(after: firstEnd)
        guard let secondEnd = bytes[afterHeader...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw malformed(source, "no token line")
        }
        let tokenLine = String(decoding: bytes[afterHeader..<secondEnd], as: UTF8.self)
        guard tokenLine.hasPrefix("token ") else { throw malformed(source, "no token line") }
        guard tokenLine.dropFirst(6) == token else {
            throw DaemonikerError(
                .stateFileToken,
                "state file (\(source)) carries another launch's token; refusing it (it was replaced or tampered with)"
            )
        }
        return Array(bytes[bytes.index(after: secondEnd)...])
    }

    private static func malformed(_ source: String, _ what: String) -> DaemonikerError {
        DaemonikerError(.stateFileMalformed, "state file (\(source)) is malformed (\(what)); refusing it")
    }
}
