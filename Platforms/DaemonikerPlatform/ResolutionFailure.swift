/// Why a name did not resolve (`Platform.resolveStreamAddresses(host:port:)`): the resolver's
/// own text (`gai_strerror`'s on POSIX).
package struct ResolutionFailure: Error, Sendable, CustomStringConvertible {
    /// The resolver's text ("Name or service not known").
    package var reason: String

    /// A failure for `reason`.
    package init(reason: String) {
        self.reason = reason
    }

    /// The reason.
    package var description: String { reason }
}
