#if os(Windows)
    /// The keeper's control socket, which Windows does not have (the keeper does not run there):
    /// creating one always throws `ERROR_NOT_SUPPORTED`.
    package final class ControlListener: Sendable {
        /// Never set: no instance exists on Windows.
        package let directory: String
        /// Never set: no instance exists on Windows.
        package let address: String

        /// Always throws `ERROR_NOT_SUPPORTED`.
        package init() throws(SystemError) {
            throw Platform.notSupported("the keeper's control socket (the keeper does not run on Windows)")
        }

        /// Always nil (unreachable: no instance exists).
        package func accept() -> Int32? { nil }

        /// Nothing (unreachable: no instance exists).
        package func shutDown() {}
    }
#endif
