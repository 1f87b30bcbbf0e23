#if os(Windows)
    import Synchronization
    import WinSDK

    /// The file mode creation mask the daemon was given; Windows has none, so it is only kept.
    private let storedUmask = Atomic<UInt32>(0o022)

    extension Platform {
        /// Does nothing: a process Daemoniker starts on Windows inherits only the handles it lists
        /// (`PROC_THREAD_ATTRIBUTE_HANDLE_LIST`), so there is nothing inherited to close, and
        /// Windows offers no way to enumerate a process's own handles.
        package static func closeDescriptors(except keep: [Int32]) throws(SystemError) {}

        /// Nothing: a relaunched process gets only the handles listed for it.
        package static func closeInheritedDescriptors(except keep: [Int32]) throws(SystemError) {}

        /// Every emulated signal disposition back to the default (see Signals.swift).
        package static func resetSignals() {
            resetDispositions()
        }

        /// Keeps `mask` for `currentUmask`; Windows has no file mode creation mask (new files take
        /// their directory's ACL), so it changes nothing.
        package static func setUmask(_ mask: UInt32) {
            storedUmask.store(mask, ordering: .relaxed)
        }

        /// The mask last given to `setUmask` (0o022 before that).
        package static func currentUmask() -> UInt32 {
            storedUmask.load(ordering: .relaxed)
        }

        /// `SetCurrentDirectoryW`.
        package static func changeDirectory(_ path: String) throws(SystemError) {
            let changed = path.withCString(encodedAs: UTF16.self) { SetCurrentDirectoryW($0) }
            if !changed { throw SystemError("change directory to \(path)") }
        }

        /// Always throws `ERROR_NOT_SUPPORTED`: Windows has no `chroot`.
        package static func changeRoot(_ path: String) throws(SystemError) {
            throw notSupported("chroot \(path)")
        }

        /// Always nil: Daemoniker does not switch users on Windows (run the daemon as a service
        /// account through the Service Control Manager or Task Scheduler instead).
        package static func user(named name: String) -> UserRecord? {
            nil
        }

        /// Always nil: Daemoniker does not switch groups on Windows.
        package static func groupID(named name: String) -> UInt32? {
            nil
        }

        /// Does nothing without a user or group; with either, throws `ERROR_NOT_SUPPORTED`.
        package static func dropPrivileges(user: UserRecord?, groupID: UInt32?) throws(SystemError) {
            if user != nil || groupID != nil { throw notSupported("switch user or group") }
        }

        /// The nearest thing Windows has: no error dialog box on a crash or a failed drive
        /// access (`SetErrorMode`), so a daemon without a desktop is never left waiting for a click.
        /// Whether Windows Error Reporting writes a dump follows the system's WER settings.
        package static func disableCoreDumps() throws(SystemError) {
            let wanted = dword(SEM_FAILCRITICALERRORS) | dword(SEM_NOGPFAULTERRORBOX)
            SetErrorMode(UINT(GetErrorMode()) | UINT(wanted))
        }

        /// Writes out every C stdio buffer.
        package static func flushStandardStreams() {
            fflush(nil)
        }

        /// Makes C stdio's standard output unbuffered: the Windows C runtime treats line buffering
        /// (`_IOLBF`) as full buffering, so unbuffered is the only way to lose no complete line.
        package static func lineBufferStandardOutput() {
            setvbuf(stdout, nil, _IONBF, 0)
        }
    }
#endif
