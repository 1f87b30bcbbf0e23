/// The state of a program that needs none.
public struct Stateless: Codable, Sendable, Equatable {
    /// Creates the empty state.
    public init() {}
}
