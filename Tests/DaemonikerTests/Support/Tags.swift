import Testing

extension Tag {
    /// A unit under faults and hostile input: another user's files, forged switches and
    /// records, killed or careless parents, a busy system. Each unit's such tests are its nested
    /// `Hardening` suite (`swift test --filter Hardening` runs them all).
    @Tag static var hardening: Self
}
