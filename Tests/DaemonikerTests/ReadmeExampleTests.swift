import DaemonikerTestSupport
import Foundation
import Testing

/// The README's Swift examples, compiled as pasted: every ```swift block immediately preceded by
/// a line `<!-- compiled -->` is type-checked as a program's main file against the modules this
/// test run was built with (`Daemoniker`, `DaemonikerSignals`, `DaemonikerPlatform` and the C
/// module `CDaemonikerShim`), by the toolchain's own `swiftc`.
@Suite struct ReadmeExampleTests {
    @Test func everyMarkedExampleCompilesAsPasted() throws {
        let readme = ReadmeExamples.packageRoot.appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let snippets = try ReadmeExamples.compiledSnippets(in: text)
        try #require(
            !snippets.isEmpty,
            "README.md has no ```swift block marked to be compiled: put a line \(ReadmeExamples.marker) right above the examples a reader can paste into main.swift"
        )
        let compiler = try ReadmeExamples.Compiler()
        for (snippet, result) in zip(snippets, try compiler.typecheck(snippets)) {
            #expect(
                result.status == 0,
                "README.md:\(snippet.line): this example does not compile as pasted (swiftc -typecheck, exit \(result.status)):\n\(result.output)"
            )
        }
    }

    /// The block that adds the package to a manifest is a fragment of `Package.swift`, not a
    /// program: it must not be marked.
    @Test func theManifestFragmentIsNotMarked() throws {
        let readme = ReadmeExamples.packageRoot.appendingPathComponent("README.md")
        let blocks = try ReadmeExamples.swiftBlocks(in: try String(contentsOf: readme, encoding: .utf8))
        let manifest = blocks.filter { $0.code.contains(".package(url:") }
        try #require(!manifest.isEmpty, "README.md has no ```swift block with the `.package(url:` line")
        for block in manifest {
            #expect(
                !block.marked,
                "README.md:\(block.line): the manifest fragment is marked \(ReadmeExamples.marker); it cannot compile as a program"
            )
        }
    }

    /// The check above can fail: in a README-like text, a marked example with a type error does
    /// not compile, while a valid one does (so a failure is the example's, not the harness's).
    @Test func aBrokenExampleFailsToCompile() throws {
        let text = """
            # Example

            <!-- compiled -->
            ```swift
            import Daemoniker

            let status = PIDFile("/tmp/readme-example.pid").status()
            print(status)
            ```

            <!-- compiled -->
            ```swift
            import Daemoniker

            let status: Int = PIDFile("/tmp/readme-example.pid").status()
            ```

            <!-- compiled -->

            ```swift
            this is not marked: a blank line separates it from the marker
            ```

            ```swift
            .package(url: "https://example.com/daemoniker", branch: "main"),
            ```
            """
        let snippets = try ReadmeExamples.compiledSnippets(in: text)
        try #require(snippets.map(\.line) == [5, 13])
        let results = try ReadmeExamples.Compiler().typecheck(snippets)
        #expect(results[0].status == 0, "the valid example should compile:\n\(results[0].output)")
        #expect(results[1].status != 0, "the broken example compiled")
        #expect(results[1].output.contains("error:"), "no compiler error in: \(results[1].output)")
    }
}

/// Finding the README's examples and compiling them.
enum ReadmeExamples {
    /// The line that marks the next ```swift block as a complete program.
    static let marker = "<!-- compiled -->"

    /// One ```swift block.
    struct Snippet: Equatable {
        /// The 1-based line of the block's first code line in the text.
        var line: Int
        /// The code, without the fences.
        var code: String
        /// Whether the line right above the opening fence is ``ReadmeExamples/marker``.
        var marked: Bool
    }

    /// A fence that was opened and never closed.
    struct UnterminatedBlock: Error, CustomStringConvertible {
        var line: Int
        var description: String { "the ```swift block opened on line \(line) is never closed" }
    }

    /// The package's root directory, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DaemonikerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// Every ```swift block in `text`, marked or not.
    static func swiftBlocks(in text: String) throws -> [Snippet] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var blocks: [Snippet] = []
        var index = 0
        while index < lines.count {
            guard lines[index].trimmingCharacters(in: .whitespaces) == "```swift" else {
                index += 1
                continue
            }
            let opening = index
            let marked = opening > 0 && lines[opening - 1].trimmingCharacters(in: .whitespaces) == marker
            index += 1
            var code: [Substring] = []
            while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                code.append(lines[index])
                index += 1
            }
            guard index < lines.count else { throw UnterminatedBlock(line: opening + 1) }
            index += 1
            blocks.append(
                Snippet(line: opening + 2, code: code.joined(separator: "\n") + "\n", marked: marked))
        }
        return blocks
    }

    /// The ```swift blocks of `text` that are marked to be compiled.
    static func compiledSnippets(in text: String) throws -> [Snippet] {
        try swiftBlocks(in: text).filter(\.marked)
    }

    /// How one type-check ended.
    struct TypeCheck {
        var status: Int32
        var output: String
    }

    /// The toolchain's `swiftc` and the built modules of this test run.
    struct Compiler {
        let swiftc: String
        let modules: String
        let moduleMaps: [String]

        struct SetupFailure: Error, CustomStringConvertible {
            var description: String
        }

        init() throws {
            swiftc = try Self.findSwiftc()
            let build = try Self.findBuildDirectory()
            modules = build.appendingPathComponent("Modules").path
            // SwiftPM generates a module map for each C target (CDaemonikerShim) in its build
            // directory; the Swift modules that import it need it to be loaded.
            moduleMaps = ((try? FileManager.default.contentsOfDirectory(atPath: build.path)) ?? [])
                .filter { $0.hasSuffix(".build") }
                .map { build.appendingPathComponent($0).appendingPathComponent("module.modulemap").path }
                .filter { FileManager.default.fileExists(atPath: $0) }
                .sorted()
        }

        /// Type-checks each snippet as the main file of its own program, in a fresh temporary
        /// directory (removed afterwards).
        func typecheck(_ snippets: [Snippet]) throws -> [TypeCheck] {
            let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            var template = Array(base.appendingPathComponent("readme-examples-XXXXXX").path.utf8CString)
            guard let made = mkdtemp(&template) else {
                throw SetupFailure(description: "cannot create a temporary directory: errno \(errno)")
            }
            let directory = URL(fileURLWithPath: String(cString: made), isDirectory: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let cache = directory.appendingPathComponent("ModuleCache").path
            return try snippets.map { snippet in
                let file = directory.appendingPathComponent("readme-line-\(snippet.line).swift")
                try snippet.code.write(to: file, atomically: true, encoding: .utf8)
                var arguments = [
                    "-typecheck", "-swift-version", "6", "-module-name", "ReadmeExample",
                    "-module-cache-path", cache, "-I", modules,
                ]
                for map in moduleMaps { arguments += ["-Xcc", "-fmodule-map-file=\(map)"] }
                return try run(arguments + [file.path])
            }
        }

        private func run(_ arguments: [String]) throws -> TypeCheck {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: swiftc)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // A hung compiler must not hang the suite.
            let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
            DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            watchdog.cancel()
            return TypeCheck(
                status: process.terminationStatus,
                output: "$ \(swiftc) \(arguments.joined(separator: " "))\n"
                    + String(decoding: output, as: UTF8.self))
        }

        /// `swiftc` of the toolchain whose runtime this test process runs on (the one that built
        /// the modules, so it can read them), else the first on `PATH`.
        private static func findSwiftc() throws -> String {
            var candidates: [String] = []
            // <toolchain>/usr/lib/swift/linux/libswiftCore.so -> <toolchain>/usr/bin/swiftc
            if let maps = Proc.read("/proc/self/maps"),
                let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/libswiftCore.so") }),
                let slash = line.firstIndex(of: "/")
            {
                let library = URL(fileURLWithPath: String(line[slash...]))
                let usr = library.deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent()
                candidates.append(usr.appendingPathComponent("bin/swiftc").path)
            }
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            candidates += path.split(separator: ":").map { "\($0)/swiftc" }
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
            else {
                throw SetupFailure(description: "no swiftc found; looked at \(candidates)")
            }
            return found
        }

        /// The build directory (`.build/<triple>/debug`) that holds `Modules/Daemoniker.swiftmodule`:
        /// above the test bundle, else `.build/debug` in the package root.
        private static func findBuildDirectory() throws -> URL {
            let executables = [
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")),
                Bundle.main.executablePath, CommandLine.arguments.first,
            ].compactMap { $0 }
            var candidates: [URL] = []
            for executable in executables {
                var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
                for _ in 0..<4 {
                    candidates.append(directory)
                    directory = directory.deletingLastPathComponent()
                }
            }
            candidates.append(packageRoot.appendingPathComponent(".build/debug"))
            let found = candidates.first { directory in
                FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent("Modules/Daemoniker.swiftmodule").path)
            }
            guard let found else {
                throw SetupFailure(
                    description:
                        "no Modules/Daemoniker.swiftmodule in \(candidates.map(\.path)); is this a SwiftPM test run?"
                )
            }
            return found
        }
    }
}
