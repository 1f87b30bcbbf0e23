@testable import DaemonikerTool

/// The usage error's message when `spec`'s subcommand is built from `arguments`; nil when there
/// is none (it parses, or fails otherwise).
func usageMessage(_ arguments: [String], _ spec: CommandSpec) -> String? {
    do throws(ToolError) {
        let line = try ParsedCommandLine(arguments, spec: spec)
        guard let type = Tool.subcommands.first(where: { $0.spec.name == spec.name }) else { return nil }
        _ = try type.init(line)
        return nil
    } catch {
        return error.status == .badInput ? error.message : nil
    }
}
