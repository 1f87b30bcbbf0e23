#if os(Windows)
    extension Platform {
        /// False: Windows has no reaper of orphans; the keeper's child runs in a job object that
        /// ends its whole tree instead (`ChildSpawn+Windows.swift`, with ``reapAnyChild()``).
        package static func becomeChildSubreaper() -> Bool { false }

        /// Nil: Windows does not list a process's children (asked only where orphans are adopted).
        package static func childProcesses() -> [Int32]? { nil }
    }
#endif
