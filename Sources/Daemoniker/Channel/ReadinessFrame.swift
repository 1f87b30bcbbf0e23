import DaemonikerPlatform

/// One message on the readiness channel, from the daemon to the launching process: a kind byte,
/// a 4-byte big-endian length and the payload. One encoder, in C, writes every frame: the C
/// detach and spawn code (pid, detach and `exec` failures) and this type (ready, failure).
enum ReadinessFrame: Equatable, Sendable {
    /// The daemon's pid, sent as soon as the daemon process exists.
    case pid(Int32)
    /// The daemon is ready.
    case ready(Int32)
    /// The daemon failed; the payload is the error.
    case failure(DaemonikerError)
    /// Starting the executable failed with this `errno` (written by the C shim).
    case execFailed(Int32)
    /// Detaching (`setsid` or the second fork) failed with this `errno` (written by the C shim).
    case detachFailed(Int32)

    /// The bytes on the wire.
    var encoded: [UInt8] {
        let (kind, payload): (Character, String)
        switch self {
        case .pid(let pid): (kind, payload) = ("P", "\(pid)")
        case .ready(let pid): (kind, payload) = ("R", "\(pid)")
        case .failure(let error): (kind, payload) = ("E", "\(error.code.rawValue)\t\(error.message)")
        case .execFailed(let code): (kind, payload) = ("X", "\(code)")
        case .detachFailed(let code): (kind, payload) = ("D", "\(code)")
        }
        return Platform.encodeFrame(kind: kind.asciiValue ?? 0, payload: Array(payload.utf8))
    }

    /// Decodes frames from the front of `buffer`, removing what it consumed. Returns nil when
    /// `buffer` does not yet hold a whole frame; throws on a frame that makes no sense.
    static func next(from buffer: inout [UInt8]) throws(DaemonikerError) -> ReadinessFrame? {
        guard buffer.count >= 5 else { return nil }
        let length = Int(buffer[1]) << 24 | Int(buffer[2]) << 16 | Int(buffer[3]) << 8 | Int(buffer[4])
        guard length <= 1 << 20 else { throw malformed("a frame of \(length) bytes") }
        guard buffer.count >= 5 + length else { return nil }
        let kind = buffer[0]
        let text = String(decoding: buffer[5..<(5 + length)], as: UTF8.self)
        buffer.removeFirst(5 + length)
        switch kind {
        case UInt8(ascii: "P"), UInt8(ascii: "R"):
            guard let pid = Int32(text) else { throw malformed("pid \(text)") }
            return kind == UInt8(ascii: "P") ? .pid(pid) : .ready(pid)
        case UInt8(ascii: "E"):
            guard let tab = text.firstIndex(of: "\t") else { throw malformed("error \(text)") }
            let code = DaemonikerError.Code(rawValue: String(text[..<tab]))
            return .failure(DaemonikerError(code, String(text[text.index(after: tab)...])))
        case UInt8(ascii: "X"):
            return .execFailed(Int32(text) ?? 0)
        case UInt8(ascii: "D"):
            return .detachFailed(Int32(text) ?? 0)
        default:
            throw malformed("kind \(kind)")
        }
    }

    private static func malformed(_ what: String) -> DaemonikerError {
        DaemonikerError(
            .daemonFailed,
            "the daemon sent a malformed readiness message (\(what)); the launcher and daemon must be the same build"
        )
    }
}
