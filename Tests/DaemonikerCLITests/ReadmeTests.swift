import Foundation
import Testing

/// The README's "Command-line tool" examples, run as pasted with the built tool on `PATH`.
@Suite struct ReadmeTests {
    @Test func commandLineToolExamplesRunAsPasted() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "\n## Command-line tool\n"))
        var body = String(text[section.upperBound...])
        if let next = body.range(of: "\n## ") { body = String(body[..<next.lowerBound]) }
        let blocks = body.components(separatedBy: "```sh\n").dropFirst().compactMap {
            $0.components(separatedBy: "\n```").first
        }
        #expect(blocks.count >= 3)
        let path = URL(fileURLWithPath: toolPath).deletingLastPathComponent().path
        let environment = [
            "PATH": path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        ]
        for block in blocks {
            let result = try box.run(["/bin/sh", "-e", "-c", block], seconds: 60, environment: environment)
            #expect(result.status == 0, "\(block)\n\(result.output)\n\(result.error)")
        }
    }
}
