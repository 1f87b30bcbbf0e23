/// A user account as the password database has it. Windows has no numeric user ids and
/// Daemoniker switches no accounts there, so `Platform.user(named:)` never returns one on Windows.
package struct UserRecord: Sendable {
    /// The account name.
    package var name: String
    /// The numeric user id.
    package var userID: UInt32
    /// The user's primary group.
    package var groupID: UInt32

    /// A record with these fields.
    package init(name: String, userID: UInt32, groupID: UInt32) {
        self.name = name
        self.userID = userID
        self.groupID = groupID
    }
}
