import Daemoniker
import DaemonikerPlatform

/// `--listen [NAME=]tcp:HOST:PORT` or `--listen [NAME=]unix:PATH`: a socket the keeper binds
/// and passes to the program by socket activation. A relative path is made absolute against
/// the current directory.
extension ListenAddress: OptionValue {
    init(parsing text: String, option: String) throws(ToolError) {
        do {
            try self.init(parsing: text)
        } catch {
            throw .usage("\(option) \(error.message)")
        }
        if case .unix(let path) = endpoint { endpoint = .unix(path: Platform.absolutePath(path)) }
    }
}
