import NIOConcurrencyHelpers
import NIOCore

/// The server's open connections, to wait until the last one in flight has ended.
final class OpenConnections: @unchecked Sendable {
    private let lock = NIOLock()
    private var open = 0

    /// Counts `channel` until it closes.
    func add(_ channel: Channel) {
        lock.withLock { open += 1 }
        channel.closeFuture.whenComplete { [self] _ in lock.withLock { open -= 1 } }
    }

    /// Returns once no connection is open (idle keep-alive ones are closed after a grace time).
    func waitUntilEmpty() async {
        var waited = 0
        while lock.withLock({ open }) > 0 && waited < 30_000 {
            try? await Task.sleep(for: .milliseconds(10))
            waited += 10
        }
    }
}

/// On the server channel: counts each accepted connection in `group` at once.
final class AcceptCounter: ChannelInboundHandler, Sendable {
    typealias InboundIn = Channel

    private let group: OpenConnections

    init(_ group: OpenConnections) { self.group = group }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        group.add(unwrapInboundIn(data))
        context.fireChannelRead(data)
    }
}
