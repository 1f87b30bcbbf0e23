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
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            var buffer = [CChar](repeating: 0, count: 16384)
            if let id = UInt32(name) {
                getpwuid_r(uid_t(id), &entry, &buffer, buffer.count, &result)
            } else {
                getpwnam_r(name, &entry, &buffer, buffer.count, &result)
            }
            guard let found = result?.pointee else { return nil }
            return UserRecord(
                name: found.pw_name.map { String(cString: $0) } ?? name, userID: UInt32(found.pw_uid),
                groupID: UInt32(found.pw_gid))
        }

        /// Looks up a group by name or numeric id; nil when the system has no such group.
        package static func groupID(named name: String) -> UInt32? {
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            var buffer = [CChar](repeating: 0, count: 16384)
            if let id = UInt32(name) {
                getgrgid_r(gid_t(id), &entry, &buffer, buffer.count, &result)
            } else {
                getgrnam_r(name, &entry, &buffer, buffer.count, &result)
            }
            guard let found = result?.pointee else { return nil }
            return UInt32(found.gr_gid)
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
