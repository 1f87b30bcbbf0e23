#if os(Windows)
    /// The `NOTIFY_SOCKET` the tool's keeper gives its program, which Windows does not have:
    /// creating one always throws `ERROR_NOT_SUPPORTED` (the keeper does not run on Windows).
    package final class NotifyListener: Sendable {
        /// Never set: no instance exists on Windows.
        package let fd: Int32
        /// Never set: no instance exists on Windows.
        package let directory: String
        /// Never set: no instance exists on Windows.
        package let address: String

        /// Always throws `ERROR_NOT_SUPPORTED`.
        package init() throws(SystemError) {
            throw Platform.notSupported("NOTIFY_SOCKET for the keeper's program (Windows has no such socket)")
        }

        /// Always nil (unreachable: no instance exists).
        package func receive(milliseconds: Int32) -> [String]? { nil }

        /// Nothing (unreachable: no instance exists).
        package func drain() {}

        /// Nothing (unreachable: no instance exists).
        package func shutDown() {}
    }
#endif
