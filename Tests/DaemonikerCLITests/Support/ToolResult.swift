/// What one run of the tool gave.
struct ToolResult {
    /// Its exit status (128 + N after signal N).
    var status: Int32
    /// Its standard output.
    var output: String
    /// Its standard error.
    var error: String
}
