/// A user account as the password database has it. Windows has no numeric user ids and
/// Daemoniker switches no accounts there, so `Platform.user(named:)` never returns one on Windows.
package struct UserRecord: Sendable {
    /// The account name.
    package var name: String
    /// The numeric user id.
    package var userID: UInt32
    /// The user's primary group.
    package var groupID: UInt32
    // Made only by the platform layer (`Platform.user(named:)`), with the memberwise initializer.
}
