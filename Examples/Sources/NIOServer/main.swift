// A SwiftNIO HTTP/1 server that daemonizes with Daemoniker, serves on a listening socket the
// launcher binds (or systemd passes), and drains on upgrade.
//
//   NIOServer --pid-file PATH --listen [NAME=]tcp:HOST:PORT [--log PATH] [--strategy S]
//   NIOServer upgrade|stop --pid-file PATH [--timeout SECONDS] [--drain SECONDS]
//
//   GET /           200 "hello from PID\n"
//   GET /slow?ms=N  200 after N milliseconds
//
// `PIDFile(PATH).upgrade()` (or the same from any process) starts the next generation of this
// executable, which adopts the same socket; this one then stops accepting (closes its server
// channel), lets the requests in flight finish, and returns from main.
import Daemoniker
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

if let command = CommandLine.arguments.dropFirst().first, command == "upgrade" || command == "stop" {
    control(command, Array(CommandLine.arguments.dropFirst(2)))
}

var configuration = Daemoniker(acceptsUpgrades: true)
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--pid-file": configuration.pidFile = arguments.next()
    case "--listen":
        do {
            configuration.listen.append(try ListenAddress(parsing: arguments.next() ?? ""))
        } catch {
            print("NIOServer: \(error)")
            exit(2)
        }
    case "--log":
        if let path = arguments.next() {
            configuration.standardOutput = .file(path, append: true)
            configuration.standardError = .sameAsOutput
        }
    case "--strategy":
        configuration.strategy = DaemonizationStrategy(name: arguments.next() ?? "") ?? .automatic
    default:
        print("usage: NIOServer --pid-file PATH --listen [NAME=]tcp:HOST:PORT [--log PATH] [--strategy S]")
        exit(2)
    }
}
configuration.readiness = .manual

let daemon = configuration.daemonize(whenReady: { launch in print("NIOServer running as pid \(launch.pid)") })
guard let socket = daemon.listeningSockets.first else {
    daemon.fail(DaemonikerError(.invalidConfiguration, "no listening socket; give --listen tcp:HOST:PORT"))
}

/// Answers `GET /` and `GET /slow?ms=N`, and counts the requests in flight.
final class HTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var head: HTTPRequestHead?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request): head = request
        case .body: break
        case .end:
            guard let request = head else { return }
            head = nil
            let delay = Self.milliseconds(request.uri)
            let body = "hello from \(getpid())\n"
            let respond = { [self] in
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                headers.add(name: "Content-Type", value: "text/plain")
                // Decided once: a client told keep-alive must never find the connection closed.
                let closing = !request.isKeepAlive || draining.load()
                if closing { headers.add(name: "Connection", value: "close") }
                let status: HTTPResponseStatus =
                    request.uri == "/" || request.uri.hasPrefix("/slow") ? .ok : .notFound
                context.write(
                    wrapOutboundOut(
                        .head(HTTPResponseHead(version: request.version, status: status, headers: headers))),
                    promise: nil)
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))),
                    promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                    if closing { context.close(promise: nil) }
                }
            }
            if delay > 0 {
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(delay)) { respond() }
            } else {
                respond()
            }
        }
    }

    /// N of `/slow?ms=N`; 0 for anything else.
    static func milliseconds(_ uri: String) -> Int64 {
        guard uri.hasPrefix("/slow?ms=") else { return 0 }
        return min(Int64(uri.dropFirst("/slow?ms=".count)) ?? 0, 60_000)
    }
}

/// Set once this generation drains: keep-alive connections are closed after their response.
final class DrainFlag: @unchecked Sendable {
    private var value = false
    private let lock = NIOLock()
    func load() -> Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
let draining = DrainFlag()

let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
let connections = OpenConnections()
let server: Channel
do {
    server = try await ServerBootstrap(group: group)
        .serverChannelOption(.backlog, value: 1024)
        // Counted as the server channel accepts them, before they are set up: a connection
        // accepted just before the drain must be waited for too.
        .serverChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(AcceptCounter(connections))
            }
        }
        .childChannelInitializer { channel in
            channel.pipeline.configureHTTPServerPipeline().flatMap {
                channel.pipeline.addHandler(HTTPHandler())
            }
        }
        .withBoundSocket(socket.descriptor)
        .get()
} catch {
    daemon.fail(
        DaemonikerError(
            .daemonFailed, "cannot serve on \(socket.name) (descriptor \(socket.descriptor)): \(error)"))
}
print("serving \(socket.name) on descriptor \(socket.descriptor), pid \(getpid())")
daemon.ready()

// Drain: stop accepting (this generation's descriptor closes; the new generation's copy of the
// socket stays open and takes every new connection), finish what is in flight, return.
await daemon.drainRequested()
draining.set()
print("pid \(getpid()) draining")
// No accept after this point (a connection NIO accepted while closing could be dropped), then
// the descriptor goes.
try? await server.setOption(ChannelOptions.autoRead, value: false).get()
try? await server.close().get()
await connections.waitUntilEmpty()
try? await group.shutdownGracefully()
print("pid \(getpid()) drained")
