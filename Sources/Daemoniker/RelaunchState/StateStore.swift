import DaemonikerPlatform

/// How the relaunch state travels: in an anonymous file (one with no name in any directory)
/// that the relaunched process inherits as a descriptor. Nothing of it outlives the two
/// processes, however they end, and no directory (shared or not) is involved.
enum StateStore {
    /// An anonymous file holding `state` under `token`, not inherited unless a spawn lists it.
    static func write(token: String, state: [UInt8]) throws(DaemonikerError) -> Int32 {
        do {
            return try Platform.anonymousFile(containing: StateFileFormat.encode(token: token, state: state))
        } catch {
            throw DaemonikerError("create the anonymous file for the relaunch state", error)
        }
    }

    /// Checks and reads the state in the inherited descriptor `fd`, then closes it. Only an
    /// anonymous file is taken and closed: a descriptor open on anything else (above all a file
    /// that has a name) is refused and left as it is, so a forged switch never gets a file
    /// changed or removed.
    static func take(descriptor fd: Int32, token: String) throws(DaemonikerError) -> [UInt8] {
        let name = "relaunch state descriptor \(fd)"
        let info: FileInfo
        do {
            info = try Platform.info(ofDescriptor: fd)
        } catch {
            throw DaemonikerError(
                .stateFileMissing,
                "\(name) is not open (\(error.reason)); the launching process passes it to the process it relaunches, so this process was not started by Daemoniker's relaunch"
            )
        }
        guard info.isRegular, info.links == 0 else {
            let what = info.isRegular ? "a file with \(info.links) name(s)" : "not a regular file"
            throw DaemonikerError(
                .stateFileMalformed,
                "\(name) is \(what), not the anonymous file Daemoniker passes; refusing it and leaving it as it is (\(RelaunchSwitch.variable) is set only by Daemoniker for the process it relaunches)"
            )
        }
        defer { Platform.close(fd) }
        if info.owner != Platform.effectiveUserID {
            throw DaemonikerError(
                .stateFileOwner,
                "\(name) belongs to user \(info.owner), not to this user (\(Platform.effectiveUserID)); refusing it"
            )
        }
        let bytes: [UInt8]
        do {
            bytes = try Platform.contents(fd, upTo: Int(clamping: max(info.size, 0)))
        } catch {
            throw DaemonikerError(
                .stateFileMissing, "\(name) cannot be read (\(error.reason)); refusing it", cause: error)
        }
        return try StateFileFormat.decode(bytes, token: token, source: name)
    }
}
