// The goals a report checks: each one computed from a measured figure, never stated.
#if !os(Windows)
    /// One goal and whether the measurement met it.
    struct Goal {
        /// What is required, e.g. "relay on: send → handler median < 0.5 ms".
        let requirement: String
        /// The measured figure it was judged on, e.g. "0.031 ms".
        let measured: String
        /// Met, missed, or nil when the figure could not be measured.
        let met: Bool?

        /// The report line: "- relay on: ... < 0.5 ms: met (0.031 ms)".
        var line: String {
            let verdict = met.map { $0 ? "met" : "MISSED" } ?? "not measured"
            return "- \(requirement): \(verdict) (\(measured))"
        }
    }

    /// Prints the goals as a Markdown list under a heading.
    func printGoals(_ goals: [Goal]) {
        print("")
        print("Goals:")
        print("")
        for goal in goals { print(goal.line) }
    }
#endif
