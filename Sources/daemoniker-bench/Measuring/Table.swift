// A Markdown table, its columns padded so that it reads as well in a terminal as rendered.
#if !os(Windows)
    /// A Markdown table: a header row and body rows of cells.
    struct Table {
        /// The column titles.
        var header: [String]
        /// The body, one array of cells per row (short rows are padded with empty cells).
        var rows: [[String]] = []

        init(_ header: [String]) { self.header = header }

        /// Appends a row.
        mutating func add(_ cells: [String]) { rows.append(cells) }

        /// The table as Markdown lines; the first column is left-aligned, the others right-aligned.
        func render() -> String {
            let columns = header.count
            let body = rows.map { row in (0..<columns).map { $0 < row.count ? escaped(row[$0]) : "" } }
            let titles = header.map(escaped)
            var widths = titles.map { max(3, $0.count) }
            for row in body {
                for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
            }
            func line(_ cells: [String]) -> String {
                let padded = cells.enumerated().map { index, cell in
                    let padding = String(repeating: " ", count: widths[index] - cell.count)
                    return index == 0 ? cell + padding : padding + cell
                }
                return "| " + padded.joined(separator: " | ") + " |"
            }
            let rule = widths.enumerated().map { index, width in
                index == 0
                    ? String(repeating: "-", count: width) : String(repeating: "-", count: width - 1) + ":"
            }
            return ([line(titles), "| " + rule.joined(separator: " | ") + " |"] + body.map(line))
                .joined(separator: "\n")
        }

        /// A cell with its pipes escaped.
        private func escaped(_ cell: String) -> String {
            cell.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
        }
    }
#endif
