/// What one look for an ended child found (`Platform.reapAnyChild()`).
package enum ChildReaping: Sendable, Equatable {
    /// The child `pid` had ended, and is reaped now: its pid is free for the system to reuse.
    case reaped(pid: Int32, status: ExitStatus)
    /// Children run, and none has ended.
    case running
    /// This process has no child at all (every OS where the keeper does not run: always).
    case none
}
