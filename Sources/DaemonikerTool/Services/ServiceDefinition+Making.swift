import DaemonikerPlatform

extension ServiceDefinition {
    /// The definition `generate` prints and `install` writes, checked: the tool's own path unless
    /// `toolPath` gives one, the program resolved on `PATH` (`strictly`: bad input when it is not
    /// found, as `install` wants on the machine that runs it; else kept as given), no line break
    /// in any value, and no `--program-pid-file` where `adoptionRefusal` says why the manager
    /// cannot have it.
    static func making(
        name: ServiceName, options: LaunchOptions, toolPath: String?, reload: Bool, managerName: String,
        adoptionRefusal: String?, strictly: Bool
    ) throws(ToolError) -> ServiceDefinition {
        let tool: String
        if let toolPath {
            tool = toolPath
        } else {
            do {
                tool = try Platform.executablePath()
            } catch {
                throw ToolError(
                    .failure, "cannot find this tool's own path (\(error)); pass --daemoniker PATH")
            }
        }
        if let path = options.programPIDFile, let adoptionRefusal {
            throw .usage(
                "\(LaunchOptions.programPIDFile.flag) \(path) does not work with \(managerName): \(adoptionRefusal); run the program in the foreground (without its daemonizing option) and leave out \(LaunchOptions.programPIDFile.flag)"
            )
        }
        let program =
            strictly ? try options.resolvedProgram() : (try? options.resolvedProgram()) ?? options.programName
        let definition = ServiceDefinition(
            name: name.text, options: options, program: program, tool: tool, reload: reload)
        try definition.checkLineBreaks()
        return definition
    }

    /// Why launchd cannot run a program with `--program-pid-file`.
    static let launchdAdoptionRefusal =
        "macOS has no child subreaper, so the keeper cannot adopt a program's background process"
}
