/// What one run of the tool gave.
struct ToolResult {
    /// Its exit status (128 + N after signal N).
    var status: Int32
    /// The signal that ended it, if one did (``status`` is then 128 + it).
    var signal: Int32?
    /// Its standard output.
    var output: String
    /// Its standard error.
    var error: String
}
