#if os(Windows)
    import CDaemonikerShim
    import WinSDK

    extension Platform {
        /// `DeleteFileW`: removes `path` (a symbolic link itself, not its target). A file still open
        /// elsewhere (Daemoniker opens with `FILE_SHARE_DELETE`) disappears from its directory at
        /// once where NTFS applies POSIX delete semantics, else when its last handle closes.
        package static func unlink(_ path: String) throws(SystemError) {
            let removed = path.withCString(encodedAs: UTF16.self) { DeleteFileW($0) }
            if !removed { throw SystemError("delete \(path)") }
        }

        /// `MoveFileExW` with `MOVEFILE_REPLACE_EXISTING`: renames `from` to `to`, replacing `to`.
        package static func rename(_ from: String, to: String) throws(SystemError) {
            let flags = dword(MOVEFILE_REPLACE_EXISTING) | dword(MOVEFILE_WRITE_THROUGH)
            let moved = from.withCString(encodedAs: UTF16.self) { source in
                to.withCString(encodedAs: UTF16.self) { target in MoveFileExW(source, target, flags) }
            }
            if !moved { throw SystemError("rename \(from)") }
        }

        /// `CreateDirectoryW`. When `permissions` grant nothing to group and others (0o700), the
        /// directory gets a protected ACL for this user only (see `withPrivateSecurity`); other
        /// permissions take the ACL the parent directory passes on.
        package static func makeDirectory(_ path: String, permissions: UInt32) throws(SystemError) {
            let operation = "create directory \(path)"
            let created: Bool
            if permissions & 0o077 == 0 {
                created = try withPrivateSecurity(operation) { attributes in
                    path.withCString(encodedAs: UTF16.self) { CreateDirectoryW($0, attributes) }
                }
            } else {
                created = path.withCString(encodedAs: UTF16.self) { CreateDirectoryW($0, nil) }
            }
            if !created { throw SystemError(operation) }
        }

        /// Does nothing: Windows has ACLs, not permission bits. Files take the ACL of the
        /// directory they are created in.
        package static func setPermissions(_ fd: Int32, _ permissions: UInt32) throws(SystemError) {}

        /// The directory part of `path`, with `\` and `/` both separators (`"C:\\run"` for
        /// `"C:\\run\\x.pid"`, `"C:\\"` for `"C:\\x.pid"`, `"."` for `"x.pid"`).
        package static func directory(of path: String) -> String {
            guard let separator = path.lastIndex(where: { $0 == "\\" || $0 == "/" }) else {
                // "C:x.pid" is relative to drive C's current directory.
                let characters = Array(path)
                return characters.count >= 2 && characters[1] == ":" ? String(characters[..<2]) : "."
            }
            let head = path[..<separator]
            // A root keeps its separator: "\" or "C:\".
            if head.isEmpty || (head.count == 2 && head.last == ":") { return String(path[...separator]) }
            return String(head)
        }

        /// The current working directory (`GetCurrentDirectoryW`).
        package static func currentDirectory() -> String {
            let needed = GetCurrentDirectoryW(0, nil)
            guard needed > 0 else { return "." }
            var buffer = [WCHAR](repeating: 0, count: Int(needed))
            let length = GetCurrentDirectoryW(needed, &buffer)
            guard length > 0, length < needed else { return "." }
            return String(decoding: buffer.prefix(Int(length)), as: UTF16.self)
        }

        /// Nil: Daemoniker judges no Windows directory by its owner (see `LogFile`), so it never
        /// needs a link resolved there.
        package static func resolvedPath(_ path: String) -> String? { nil }

        /// `path` made absolute against the current directory and drive (`dk_win_full_path`, over
        /// `GetFullPathNameW`), so nothing depends on where the daemon's working directory ends
        /// up. `path` unchanged when Windows cannot resolve it (the later open reports why).
        package static func absolutePath(_ path: String) -> String {
            var buffer = [UInt16](repeating: 0, count: 512)
            while true {
                let length = path.withCString(encodedAs: UTF16.self) { wide in
                    dk_win_full_path(wide, &buffer, UInt32(buffer.count))
                }
                if length == 0 { return path }
                if Int(length) < buffer.count {
                    return String(decoding: buffer.prefix(Int(length)), as: UTF16.self)
                }
                buffer = [UInt16](repeating: 0, count: Int(length))
            }
        }

        /// The user's temporary directory (`GetTempPathW`: `TMP`, `TEMP`, `USERPROFILE`, or the
        /// Windows directory), without a trailing separator unless it is a root.
        package static var temporaryDirectory: String {
            var buffer = [WCHAR](repeating: 0, count: Int(MAX_PATH) + 2)
            let length = GetTempPathW(DWORD(buffer.count), &buffer)
            guard length > 0, Int(length) < buffer.count else { return "." }
            var path = String(decoding: buffer.prefix(Int(length)), as: UTF16.self)
            while path.count > 3, path.last == "\\" || path.last == "/" { path.removeLast() }
            return path
        }

        /// Nil: Windows has no per-user runtime directory like `XDG_RUNTIME_DIR`; the temporary
        /// directory is already per user.
        package static var runtimeDirectory: String? { nil }

        /// The null device.
        package static let nullDevice = "NUL"

        /// Whether `path` (following links) is a directory.
        package static func isDirectory(_ path: String) -> Bool {
            let attributes = path.withCString(encodedAs: UTF16.self) { GetFileAttributesW($0) }
            return attributes != INVALID_FILE_ATTRIBUTES && attributes & dword(FILE_ATTRIBUTE_DIRECTORY) != 0
        }

        /// Writes `text` to the standard error handle, unbuffered.
        package static func writeStandardError(_ text: String) {
            try? write(2, Array(text.utf8))
        }
    }
#endif
