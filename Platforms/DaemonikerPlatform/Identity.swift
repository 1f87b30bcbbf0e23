// Who a process is, for every OS: its parent and its name, read by the same C on each
// (`dk_process_identity` in the shim's identity.c).
import CDaemonikerShim

extension Platform {
    /// The parent's pid and the name of process `pid` (Linux `comm`, the BSDs' `p_comm`, on
    /// Windows the executable's file name); nil when the OS does not say.
    package static func processIdentity(_ pid: Int32) -> (parent: Int32, name: String)? {
        var parent: Int32 = 0
        var name = [CChar](repeating: 0, count: 260)
        guard dk_process_identity(pid, &parent, &name, name.count) == 0 else { return nil }
        let bytes = name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return (parent, String(decoding: bytes, as: UTF8.self))
    }
}
