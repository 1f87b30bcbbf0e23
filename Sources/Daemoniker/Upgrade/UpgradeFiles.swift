import DaemonikerPlatform

/// The files beside a pid file through which ``PIDFile/upgrade(timeout:drain:)`` reaches a
/// daemon: `P.upgrade` (the daemon's record: "this pid takes upgrade requests"), `P.upgrade-request`
/// and `P.upgrade-result` (one request and its answer, matched by a token), and `P.upgrade.lock`
/// (held by the one caller whose upgrade is in progress). Each is written whole under another
/// name and renamed into place, so a reader never sees half of one.
struct UpgradeFiles {
    let pidFile: String

    var record: String { pidFile + ".upgrade" }
    var request: String { pidFile + ".upgrade-request" }
    var result: String { pidFile + ".upgrade-result" }
    var lock: String { pidFile + ".upgrade.lock" }

    /// Writes `text` into `path` atomically (mode 0644).
    static func write(_ text: String, to path: String) throws(DaemonikerError) {
        let aside = Token.asidePath(for: path)
        do {
            let fd = try Platform.open(aside, .exclusive, permissions: 0o644)
            defer { Platform.close(fd) }
            try Platform.write(fd, Array(text.utf8))
            try Platform.rename(aside, to: path)
        } catch {
            try? Platform.unlink(aside)
            throw DaemonikerError("write \(path)", error)
        }
    }

    /// The text of `path`, at most 64 KiB, if it is a regular file owned by this user, root or
    /// one of `alsoTrusted`; nil otherwise (missing, or not to be trusted).
    static func read(_ path: String, alsoTrusting alsoTrusted: [UInt32] = []) -> String? {
        guard let fd = try? Platform.open(path, .existingNoFollow) else { return nil }
        defer { Platform.close(fd) }
        guard let info = try? Platform.info(ofDescriptor: fd), info.isRegular,
            info.owner == Platform.effectiveUserID || info.owner == 0 || alsoTrusted.contains(info.owner),
            let bytes = try? Platform.contents(fd, upTo: 65536)
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whom a caller trusts besides itself and root for the daemon's files (the record and the
    /// result): for root, the owners of the pid file and of its folder, where a daemon that runs
    /// as another user writes them, so that root upgrades it (as root's `stop` stops it); for
    /// anyone else, nobody. The record only says which pid takes requests, and that pid must be
    /// the one the pid file names, so such a user can misdirect nothing to another process.
    var daemonUsers: [UInt32] {
        guard Platform.effectiveUserID == 0 else { return [] }
        return [pidFile, Platform.directory(of: pidFile)].compactMap {
            (try? Platform.info(ofPath: $0))?.owner
        }
    }

    /// The daemon's answer in the result file, if there is one this caller trusts.
    func readResult() -> String? { Self.read(result, alsoTrusting: daemonUsers) }

    /// Whether the record names `pid`: that process takes upgrade requests.
    func recordNames(_ pid: Int32) -> Bool {
        Self.read(record, alsoTrusting: daemonUsers).flatMap { PIDFile.parse(Array($0.utf8)) } == pid
    }
}
