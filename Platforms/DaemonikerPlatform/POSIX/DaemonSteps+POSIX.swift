#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    extension Platform {
        /// Closes every descriptor >= 3 except `keep`; the cost follows the open descriptors,
        /// not `RLIMIT_NOFILE` (close_range, else a listing of the open ones).
        package static func closeDescriptors(except keep: [Int32]) throws(SystemError) {
            let result = keep.withUnsafeBufferPointer { dk_close_descriptors($0.baseAddress, $0.count) }
            if result != 0 { throw SystemError("close descriptors") }
        }

        /// Closes every descriptor >= 3 except `keep` that is not close-on-exec: in a process
        /// started by exec, the inherited ones; what this image opened itself stays.
        package static func closeInheritedDescriptors(except keep: [Int32]) throws(SystemError) {
            let result = keep.withUnsafeBufferPointer {
                dk_close_inherited_descriptors($0.baseAddress, $0.count)
            }
            if result != 0 { throw SystemError("close inherited descriptors") }
        }

        /// Every ignored signal disposition to default, the signal mask empty; handlers stay.
        package static func resetSignals() {
            dk_reset_signals(1)
        }

        /// Sets the file mode creation mask.
        package static func setUmask(_ mask: UInt32) {
            _ = umask(mode_t(mask))
        }

        /// The current file mode creation mask.
        package static func currentUmask() -> UInt32 {
            let old = umask(0o022)
            umask(old)
            return UInt32(old)
        }

        /// `chdir`.
        package static func changeDirectory(_ path: String) throws(SystemError) {
            try retrying("chdir \(path)") { chdir(path) }
        }

        /// `chroot`.
        package static func changeRoot(_ path: String) throws(SystemError) {
            try retrying("chroot \(path)") { chroot(path) }
        }

        /// Looks up a user by name or numeric id; nil when the system has no such user.
        package static func user(named name: String) -> UserRecord? {
            lookUpAccount(name, passwd(), byID: getpwuid_r, byName: getpwnam_r) { found in
                UserRecord(
                    name: found.pw_name.map { String(cString: $0) } ?? name, userID: UInt32(found.pw_uid),
                    groupID: UInt32(found.pw_gid))
            }
        }

        /// Looks up a group by name or numeric id; nil when the system has no such group.
        package static func groupID(named name: String) -> UInt32? {
            lookUpAccount(name, group(), byID: getgrgid_r, byName: getgrnam_r) { found in
                UInt32(found.gr_gid)
            }
        }

        /// A reentrant lookup in the user or group database (`getpwnam_r` and the like): the key,
        /// the entry to fill in, a buffer for its strings and the buffer's size, and where to put
        /// the entry found.
        private typealias AccountLookup<Key, Entry> = (
            Key, UnsafeMutablePointer<Entry>, UnsafeMutablePointer<CChar>, Int,
            UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>
        ) -> Int32

        /// The entry for `name`, found by `byID` when `name` is a number and by `byName` otherwise,
        /// as `read` makes of it while the buffer holding its strings is still alive; nil when the
        /// database has no such entry.
        private static func lookUpAccount<Entry, Found>(
            _ name: String, _ entry: Entry, byID: AccountLookup<UInt32, Entry>,
            byName: AccountLookup<UnsafePointer<CChar>, Entry>, read: (Entry) -> Found
        ) -> Found? {
            var entry = entry
            var result: UnsafeMutablePointer<Entry>?
            var buffer = [CChar](repeating: 0, count: 16384)
            let size = buffer.count
            if let id = UInt32(name) {
                _ = byID(id, &entry, &buffer, size, &result)
            } else {
                _ = byName(name, &entry, &buffer, size, &result)
            }
            // Found: the lookup points `result` at `entry`, whose strings are in `buffer`.
            guard result != nil else { return nil }
            return withExtendedLifetime(buffer) { read(entry) }
        }

        /// Switches to `group` (and, with a user, to its supplementary groups) and then to `user`,
        /// in that order, so that the group change is still permitted.
        package static func dropPrivileges(user: UserRecord?, groupID: UInt32?) throws(SystemError) {
            if let user {
                let primary = groupID ?? user.groupID
                try retrying("initgroups \(user.name)") { initializeGroups(user.name, primary) }
                try retrying("setgid \(primary)") { setgid(gid_t(primary)) }
                try retrying("setuid \(user.userID)") { setuid(uid_t(user.userID)) }
            } else if let groupID {
                try retrying("setgroups") { setgroups(0, nil) }
                try retrying("setgid \(groupID)") { setgid(gid_t(groupID)) }
            }
        }

        /// Sets the core-dump size limit to zero (no core dumps).
        package static func disableCoreDumps() throws(SystemError) {
            var limit = rlimit(rlim_cur: 0, rlim_max: 0)
            #if os(Linux)
                try retrying("setrlimit RLIMIT_CORE") {
                    setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
                }
            #else
                try retrying("setrlimit RLIMIT_CORE") { setrlimit(RLIMIT_CORE, &limit) }
            #endif
        }

        /// Writes out every stdio buffer, so that a fork does not write them twice.
        package static func flushStandardStreams() {
            fflush(nil)
        }

        /// Makes C stdio's standard output line-buffered (it is fully buffered on a file), so a
        /// daemon ended by a signal loses no complete line.
        package static func lineBufferStandardOutput() {
            dk_line_buffer_stdio()
        }
    }
#endif
