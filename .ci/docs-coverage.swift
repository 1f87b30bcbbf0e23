// Fails when a public symbol of the given modules has no doc comment of its own.
//
//   swift .ci/docs-coverage.swift SYMBOL-GRAPH-DIR MODULE...
//
// Reads MODULE.symbols.json and MODULE@*.symbols.json (MODULE's extensions of other modules'
// types) in SYMBOL-GRAPH-DIR, as written by `swift package dump-symbol-graph`. A public or open
// symbol that is declared in the source (it has a location) must carry a non-empty doc comment
// written in the same file as its declaration: a comment inherited from a protocol (`Equatable`,
// `CustomStringConvertible`, a requirement of this package) does not count. Symbols the compiler
// synthesizes (`init(from:)` of a `Codable` type; they have no location) and extension blocks
// are not checked; DocC cannot take a comment for them from the source.
//
// Exit status: 0 every symbol is documented; 1 some are not (each printed as
// `file:line:col: error: ...`); 2 the input is missing or unreadable. DocC itself cannot fail on
// this: `docc convert --experimental-documentation-coverage` only writes a report.
import Foundation

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("docs-coverage: \(message)\n".utf8))
    exit(status)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    fail("usage: swift .ci/docs-coverage.swift SYMBOL-GRAPH-DIR MODULE...", status: 2)
}
let directory = URL(fileURLWithPath: arguments[0], isDirectory: true)
let modules = arguments.dropFirst()

let files: [String]
do {
    files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
} catch {
    fail("cannot list \(directory.path): \(error)", status: 2)
}

struct Missing {
    var location: String
    var kind: String
    var path: String
}

var missing: [Missing] = []
var checked = 0
for module in modules {
    let graphs = files.filter { $0 == "\(module).symbols.json" || ($0.hasPrefix("\(module)@") && $0.hasSuffix(".symbols.json")) }
    guard graphs.contains("\(module).symbols.json") else {
        fail("no symbol graph \(module).symbols.json in \(directory.path); is \(module) a module of this package?", status: 2)
    }
    for graph in graphs {
        let url = directory.appendingPathComponent(graph)
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let symbols = root["symbols"] as? [[String: Any]]
        else {
            fail("\(url.path) is not a symbol graph", status: 2)
        }
        for symbol in symbols {
            let access = symbol["accessLevel"] as? String ?? ""
            guard access == "public" || access == "open" else { continue }
            let kind = (symbol["kind"] as? [String: Any])?["identifier"] as? String ?? "?"
            guard kind != "swift.extension" else { continue }
            // No location: synthesized by the compiler, nothing in the source to document.
            guard let location = symbol["location"] as? [String: Any], let uri = location["uri"] as? String
            else { continue }
            checked += 1
            let doc = symbol["docComment"] as? [String: Any]
            let lines = (doc?["lines"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            let own = (doc?["uri"] as? String) == uri
            if own && lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let position = location["position"] as? [String: Any]
            let line = (position?["line"] as? Int ?? 0) + 1
            let column = (position?["character"] as? Int ?? 0) + 1
            let file = URL(string: uri)?.path ?? uri
            let path = (symbol["pathComponents"] as? [String] ?? []).joined(separator: ".")
            missing.append(Missing(location: "\(file):\(line):\(column)", kind: kind, path: "\(module).\(path)"))
        }
    }
}

for item in missing {
    print("\(item.location): error: public symbol \(item.path) (\(item.kind)) has no doc comment")
}
if missing.isEmpty {
    print("docs-coverage: \(checked) public symbols of \(modules.joined(separator: ", ")), all documented")
} else {
    print("docs-coverage: \(missing.count) of \(checked) public symbols of \(modules.joined(separator: ", ")) lack a doc comment")
    exit(1)
}
