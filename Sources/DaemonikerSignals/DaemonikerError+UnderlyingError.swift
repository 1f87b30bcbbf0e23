import DaemonikerPlatform

extension DaemonikerError {
    /// A failed system call underneath a ``DaemonikerError``, kept as the OS reported it.
    public struct UnderlyingError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The call that failed, with its subject (`"open /run/web.pid"`).
        public var operation: String
        /// The `errno` value on POSIX, the Win32 error code (as `Int32` bits) on Windows.
        public var code: Int32
        /// The system's text for ``code`` (`"Permission denied"`).
        public var reason: String

        /// Creates one from its parts.
        public init(operation: String, code: Int32, reason: String) {
            self.operation = operation
            self.code = code
            self.reason = reason
        }

        /// `"open /run/web.pid: Permission denied"`.
        public var description: String { "\(operation): \(reason)" }

        init(_ error: SystemError) {
            self.init(operation: error.operation, code: error.code, reason: error.reason)
        }
    }
}
