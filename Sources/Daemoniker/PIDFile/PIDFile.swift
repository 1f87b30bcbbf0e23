import DaemonikerPlatform

/// A pid file: `"PID\n"` in a file that the daemon keeps locked (`flock`, `LockFileEx`) for its
/// whole life, and the one place to control the daemon it names from any process:
/// ``status()``, ``send(_:timeout:)`` and ``stop(timeout:)``. Usable without daemonizing:
/// ``lock()`` makes it this process's own.
public struct PIDFile: Sendable, Equatable {
    /// The file's path.
    public var path: String

    /// Names a pid file; nothing is opened yet.
    public init(_ path: String) { self.path = path }

    /// Makes the pid file this process's own, for a program that does not daemonize: opens it
    /// (creating it with mode 0644), locks it, writes this process's pid, and arranges that it is
    /// removed at exit and by a `SignalAction/cleanExit` (for as long as the path still names the
    /// locked file). A file that exists but is not locked is stale and taken over. Refuses a
    /// symbolic link, a directory, a file that is not regular and a file everyone may write;
    /// throws `DaemonikerError/Code/alreadyRunning` with the holder's pid when another process
    /// holds the lock.
    public func lock() throws(DaemonikerError) -> PIDFileLock {
        let held = try PIDFile(Platform.absolutePath(path)).acquire()
        do {
            try held.write(pid: Platform.processID)
        } catch {
            held.release()
            throw error
        }
        Platform.configureCleanup(
            pidFile: held.path, lockFD: held.descriptor, sentinelRecord: nil, notify: nil)
        return held
    }

    /// Opens and locks the pid file without writing to it: a start writes the daemon's pid later.
    func acquire() throws(DaemonikerError) -> PIDFileLock {
        // Another starter or a status check may hold the lock for a moment; a lock held by a
        // live process that has written its pid is a running daemon and is reported at once.
        let deadline = Platform.monotonicMilliseconds() + 200
        while true {
            let fd = try open()
            let acquired: Bool
            do {
                acquired = try Platform.tryLockExclusive(fd)
            } catch {
                Platform.close(fd)
                throw DaemonikerError("lock pid file \(path)", error)
            }
            if acquired {
                // The previous owner may have removed the path between our open and our lock:
                // then we hold a lock on a file nobody can find. Start again.
                guard let held = try? Platform.info(ofDescriptor: fd),
                    let now = try? Platform.info(ofPath: path),
                    now.isSameFile(as: held)
                else {
                    Platform.close(fd)
                    continue
                }
                // A taken-over stale file still names the dead daemon, maybe a pid reused by now;
                // empty it, so that until the new pid is written the file reads as starting.
                try? Platform.truncate(fd)
                if held.owner == Platform.effectiveUserID, held.permissions != 0o644 {
                    try? Platform.setPermissions(fd, 0o644)
                }
                return PIDFileLock(path: path, descriptor: fd, identity: held)
            }
            let pid = Self.parse((try? Platform.contents(fd, upTo: Self.longestContent)) ?? [])
            let takenBack = try takeBack(fd, naming: pid)
            Platform.close(fd)
            if let takenBack { return takenBack }
            if let pid, Platform.processIsAlive(pid) {
                throw DaemonikerError(
                    .alreadyRunning, "already running as pid \(pid) (pid file \(path) is locked)")
            }
            if let pid, Platform.monotonicMilliseconds() >= deadline {
                throw DaemonikerError(
                    .alreadyRunning,
                    "pid file \(path) is locked, but pid \(pid), which it names, is no longer running: another process holds the file open and locked (one the daemon started, or another user's); end that process (fuser \(path) names it) or remove the pid file, then start again"
                )
            }
            if Platform.monotonicMilliseconds() >= deadline {
                throw DaemonikerError(
                    .alreadyRunning,
                    "already running: pid file \(path) is locked by another process that has not written its pid yet"
                )
            }
            Platform.sleep(milliseconds: 5)
        }
    }

    /// What the pid file says, from its lock.
    public func status() -> DaemonStatus {
        let fd: Int32
        do {
            fd = try Platform.open(path, .existingNoFollow)
        } catch {
            return .stopped
        }
        defer { Platform.close(fd) }
        let pid = Self.parse((try? Platform.contents(fd, upTo: Self.longestContent)) ?? [])
        guard let free = try? Platform.tryLockShared(fd) else { return .stale(pid: pid) }
        if free {
            Platform.unlock(fd)
            return .stale(pid: pid)
        }
        guard let pid else { return .starting }
        return .running(pid: pid)
    }

    /// The most of a pid file ever read: a pid and a newline fit many times over; a huge file
    /// is not read into memory.
    static let longestContent = 64

    /// Parses `"PID\n"` (decimal digits, then newlines or spaces); nil for anything else.
    static func parse(_ bytes: [UInt8]) -> Int32? {
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let pid = Int32(text),
            pid > 0
        else { return nil }
        return pid
    }

    private func open() throws(DaemonikerError) -> Int32 {
        let directory = Platform.directory(of: path)
        let fd: Int32
        do {
            fd = try Platform.open(path, .pidFile, permissions: 0o644)
        } catch {
            if error.isSymbolicLink {
                throw DaemonikerError(
                    .pidFileUnusable,
                    "pid file \(path) is a symbolic link; refusing to follow it (remove the link or choose another path)"
                )
            }
            if error.isDirectory {
                throw DaemonikerError(
                    .pidFileUnusable,
                    "pid file \(path) is a directory; choose a file path such as \(path)/daemon.pid")
            }
            if error.isNotFound || error.isNotDirectory {
                throw DaemonikerError(
                    .pidFileUnusable,
                    "pid file directory \(directory) does not exist; create it or choose another pid file path"
                )
            }
            if error.isPermissionDenied {
                throw DaemonikerError(
                    .pidFileUnusable,
                    "cannot create or open pid file \(path): permission denied; choose a directory this user can write, or run with the rights to write \(directory)"
                )
            }
            // A socket, a name too long, a read-only filesystem: the path cannot be a pid file.
            throw DaemonikerError(
                .pidFileUnusable,
                "cannot open pid file \(path): \(error.reason); choose another pid file path", cause: error)
        }
        let info: FileInfo
        do {
            info = try Platform.info(ofDescriptor: fd)
        } catch {
            Platform.close(fd)
            throw DaemonikerError("inspect pid file \(path)", error)
        }
        if let refusal = Self.refusal(of: info, path: path, using: "overwrite") {
            Platform.close(fd)
            throw refusal
        }
        return fd
    }

    /// Why the file `info` describes cannot be trusted as a pid file, or nil when it can: it is
    /// not a regular file, has more than one name, belongs to another user than this one or root
    /// (who could rewrite the pid it names), or everyone may write it. `verb` says what a second
    /// name makes the library refuse to do ("overwrite", "read").
    static func refusal(of info: FileInfo, path: String, using verb: String) -> DaemonikerError? {
        if !info.isRegular {
            return DaemonikerError(
                .pidFileUnusable,
                "pid file \(path) is not a regular file (a FIFO, socket or device); remove it or choose another path"
            )
        }
        if info.links > 1 {
            return DaemonikerError(
                .pidFileUnusable,
                "pid file \(path) has \(info.links) names (a hard link to another file); refusing to \(verb) it: remove it or choose another path"
            )
        }
        let me = Platform.effectiveUserID
        if info.owner != me && info.owner != 0 {
            return DaemonikerError(
                .pidFileUnusable,
                "pid file \(path) belongs to uid \(info.owner), not to this user (uid \(me)) or root; its owner could rewrite the pid it names: remove it or choose a path only this user can write"
            )
        }
        if info.permissions & 0o002 != 0 {
            return DaemonikerError(
                .pidFileUnusable,
                "pid file \(path) is writable by everyone (mode 0\(String(info.permissions, radix: 8))); refusing to trust it: remove it or run chmod o-w on it"
            )
        }
        return nil
    }
}
