/// A positional argument a subcommand takes before its options' end (`SIG`, `MANAGER`).
struct Operand: Sendable {
    /// What the help calls it.
    let name: String
    /// One or more lines for the help.
    let help: String
    /// The usage error when it is not given.
    let missing: String
}
