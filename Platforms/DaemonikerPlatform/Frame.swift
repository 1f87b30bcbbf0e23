// The readiness channel's frame, for every OS: Swift encodes it with the same C the fork and exec
// paths and the Windows launcher use (`dk_frame_encode` in the shim's frame.c).
import CDaemonikerShim

extension Platform {
    /// One readiness-channel frame: `kind`, the payload's length as 4 bytes big-endian, then
    /// `payload`. Kinds in use: `P` pid, `R` ready, `E` error (`code\tmessage`), `X` exec failed
    /// and `D` detaching failed (both errno), numbers in decimal.
    package static func encodeFrame(kind: UInt8, payload: [UInt8]) -> [UInt8] {
        let kindChar = CChar(bitPattern: kind)
        let size = payload.withUnsafeBytes { raw in
            dk_frame_encode(kindChar, raw.baseAddress, raw.count, nil, 0)
        }
        precondition(size == payload.count + 5, "a readiness frame cannot hold \(payload.count) bytes")
        var frame = [UInt8](repeating: 0, count: size)
        let written = payload.withUnsafeBytes { raw in
            frame.withUnsafeMutableBufferPointer { out in
                dk_frame_encode(kindChar, raw.baseAddress, raw.count, out.baseAddress, out.count)
            }
        }
        precondition(written == size, "the readiness frame changed size")
        return frame
    }
}
