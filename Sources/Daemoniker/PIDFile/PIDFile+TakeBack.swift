import DaemonikerPlatform

extension PIDFile {
    /// Takes the pid file back from a user who locked it only to block starts: anyone who may
    /// read a file may `flock` it, so a stale pid file (mode 0644) could be held forever by
    /// someone who is not its daemon. It counts as such only when it names a pid that no longer
    /// runs (a daemon that is starting has written none yet, and one whose process this user may
    /// not inspect is left alone; a zombie not yet reaped has ended), none of the lock's takers is
    /// that pid, and every live one runs as a user other than root, this user and the file's
    /// owner. Then a fresh file, already locked, is put in its place by an atomic exchange of
    /// names (the old one, still locked by the other user, is then removed), and returned. Nil
    /// when the lock is not such a case, or where the OS does not say who holds a lock (only
    /// Linux does: `/proc/locks`).
    func takeBack(_ fd: Int32, naming pid: Int32?) throws(DaemonikerError) -> PIDFileLock? {
        guard let file = try? Platform.info(ofDescriptor: fd), let holders = Platform.lockHolders(of: file)
        else { return nil }
        // Only a file naming a daemon that has ended (a zombie has): never one being started (no
        // pid yet), nor one whose pid runs, whoever it is and whether or not it can be inspected.
        guard let pid, !Platform.processIsAlive(pid), !holders.contains(pid) else { return nil }
        let me = Platform.effectiveUserID
        let live = holders.filter(Platform.processIsAlive)
        let strangers = live.filter { holder in
            Platform.processOwner(holder).map { $0 != 0 && $0 != me && $0 != file.owner } ?? false
        }
        guard !live.isEmpty, strangers.count == live.count else { return nil }
        let aside = Token.asidePath(for: path)
        let fresh: Int32
        do {
            fresh = try Platform.open(aside, .exclusive, permissions: 0o644)
        } catch {
            throw DaemonikerError("create a new pid file \(aside)", error)
        }
        guard (try? Platform.tryLockExclusive(fresh)) == true,
            (try? Platform.setPermissions(fresh, 0o644)) != nil,
            (try? Platform.exchange(aside, path)) != nil
        else {
            Platform.close(fresh)
            try? Platform.unlink(aside)
            return nil
        }
        // Only one starter may win: if what came out is not the file found held, another one
        // replaced it first; put theirs back and report theirs.
        guard let out = try? Platform.info(ofPath: aside), out.isSameFile(as: file),
            let identity = try? Platform.info(ofDescriptor: fresh)
        else {
            try? Platform.exchange(aside, path)
            try? Platform.unlink(aside)
            Platform.close(fresh)
            return nil
        }
        try? Platform.unlink(aside)
        let who = strangers.map { "pid \($0)" }.joined(separator: ", ")
        Platform.writeStandardError(
            "daemoniker: pid file \(path) was held locked by \(who) of another user, not by its daemon; replaced it with a new file\n"
        )
        return PIDFileLock(path: path, descriptor: fresh, identity: identity)
    }
}
