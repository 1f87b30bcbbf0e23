#if os(Windows)
    extension Platform {
        /// False: Windows has no reaper of orphans (the tool's keeper does not run there).
        package static func becomeChildSubreaper() -> Bool { false }

        /// `.none`: the keeper starts no child on Windows.
        package static func reapAnyChild() -> ChildReaping { .none }

        /// Nil: not asked on Windows, where the keeper does not run.
        package static func childProcesses() -> [Int32]? { nil }
    }
#endif
