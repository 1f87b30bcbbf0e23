#if os(Windows)
    import WinSDK

    /// The Windows layer's namespace: every system call `Daemoniker` makes on Windows goes through
    /// here, under the names and signatures of the POSIX layer wherever the library calls them.
    ///
    /// Descriptors are `HANDLE` values carried as `Int32` (Windows keeps handle values within
    /// 32 bits so that 32- and 64-bit processes can share them); 0, 1 and 2 stand for the standard
    /// handles. See `README.md` in this folder: type-checked for Windows in CI, never linked or run.
    package enum Platform {}

    /// A failed system call: which call, on what, and the Win32 error (`GetLastError`) it left.
    package struct SystemError: Error, Sendable, CustomStringConvertible {
        /// The call that failed, with its subject (`"open C:\\run\\x.pid"`).
        package var operation: String
        /// The Win32 error code, as the bit pattern of the `DWORD`.
        package var code: Int32

        /// Wraps `code`; by default the calling thread's last Win32 error. Capture the code right
        /// after the failing call when anything runs in between.
        package init(_ operation: String, code: Int32 = Platform.lastError()) {
            self.operation = operation
            self.code = code
        }

        /// The system's text for `code` (`"Access is denied"`).
        package var reason: String {
            var buffer = [WCHAR](repeating: 0, count: 512)
            let length = FormatMessageW(
                dword(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS), nil,
                DWORD(bitPattern: code), 0,
                &buffer, DWORD(buffer.count), nil)
            guard length > 0 else { return "Windows error \(DWORD(bitPattern: code))" }
            var text = String(decoding: buffer.prefix(Int(length)), as: UTF16.self)
            while let last = text.last, last.isWhitespace || last == "." { text.removeLast() }
            return text
        }

        /// `"open C:\\run\\x.pid: Access is denied"`.
        package var description: String { "\(operation): \(reason)" }

        /// The file or a directory on its path does not exist.
        package var isNotFound: Bool { matches(ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND) }
        /// Access is denied (an ACL, a read-only attribute, a file pending deletion).
        package var isPermissionDenied: Bool { matches(ERROR_ACCESS_DENIED) }
        /// `Platform.open` refused a reparse point (symbolic link, junction) at the path.
        package var isSymbolicLink: Bool { code == Platform.errorStoppedOnSymlink }
        /// `Platform.open` was given a directory.
        package var isDirectory: Bool { code == Platform.errorDirectoryNotSupported }
        /// A path that must name a directory does not.
        package var isNotDirectory: Bool { matches(ERROR_DIRECTORY) }
        /// No process has the id (`OpenProcess` says `ERROR_INVALID_PARAMETER`).
        package var isNoSuchProcess: Bool { matches(ERROR_INVALID_PARAMETER) }
        /// The operation would have had to wait (a byte-range lock held by another handle).
        package var isWouldBlock: Bool { matches(ERROR_LOCK_VIOLATION, ERROR_IO_PENDING) }
        /// The code for "no such process" (`ERROR_INVALID_PARAMETER`, what `OpenProcess` says).
        package static var noSuchProcessCode: Int32 { Int32(truncatingIfNeeded: ERROR_INVALID_PARAMETER) }
        /// `ERROR_ALREADY_EXISTS`.
        package var alreadyExistsCode: Int32 { Int32(truncatingIfNeeded: ERROR_ALREADY_EXISTS) }
        /// The file or directory exists (`CreateDirectoryW` and `CreateFileW` use different codes).
        package var isAlreadyExists: Bool { matches(ERROR_ALREADY_EXISTS, ERROR_FILE_EXISTS) }
        /// `WSAEADDRINUSE` (10048).
        package var isAddressInUse: Bool { code == 10048 }
        /// `WSAEADDRNOTAVAIL` (10049).
        package var isAddressUnavailable: Bool { code == 10049 }
        /// `ERROR_NOT_SUPPORTED`, what ``Platform/notSupported(_:)`` makes.
        package var isNotSupported: Bool { matches(ERROR_NOT_SUPPORTED) }

        /// Whether `code` is one of `codes`, whatever integer type the SDK imported them as.
        private func matches<Code: BinaryInteger>(_ codes: Code...) -> Bool {
            codes.contains { Int32(truncatingIfNeeded: $0) == code }
        }
    }

    extension Platform {
        /// The calling thread's last Win32 error, as the bit pattern of the `DWORD`.
        package static func lastError() -> Int32 {
            Int32(bitPattern: GetLastError())
        }

        /// An error for something Windows has no equivalent of (`ERROR_NOT_SUPPORTED`).
        package static func notSupported(_ operation: String) -> SystemError {
            SystemError(operation, code: Int32(truncatingIfNeeded: ERROR_NOT_SUPPORTED))
        }

        /// The platform's name for messages.
        package static var name: String { "Windows" }
        /// Windows has no `fork`.
        package static var hasFork: Bool { false }
        /// Windows detaches by starting the program again.
        package static var detachesByForking: Bool { false }
        /// Windows delivers no signals to a detached process: the sentinel relay is always on.
        package static var deliversSignals: Bool { false }
        /// Windows has no numeric users and groups to switch to, and no `chroot`.
        package static var switchesAccounts: Bool { false }

        /// `ERROR_STOPPED_ON_SYMLINK` (681), what `open` reports for a reparse point it refuses.
        /// Spelled out because older SDKs and MinGW's headers lack the name.
        static let errorStoppedOnSymlink: Int32 = 681
        /// `ERROR_DIRECTORY_NOT_SUPPORTED` (336), what `open` reports for a directory. Spelled out
        /// for the same reason.
        static let errorDirectoryNotSupported: Int32 = 336
    }

    /// `value` as a `DWORD`, whatever integer type the SDK's macro was imported as (most `#define`
    /// constants arrive as `Int32`, a few as `DWORD`, and `0x80000000L` as an unsigned type).
    func dword(_ value: some BinaryInteger) -> DWORD {
        DWORD(truncatingIfNeeded: value)
    }
#endif
