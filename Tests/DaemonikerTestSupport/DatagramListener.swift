import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A datagram socket that stands in for a service manager's notification socket
/// (`NOTIFY_SOCKET`), bound at a path or at an abstract address.
public final class DatagramListener {
    /// The path it is bound at (for an abstract address, the name after the leading NUL).
    public let path: String
    /// What to put in `NOTIFY_SOCKET`: the path, or `@name` for an abstract address.
    public let address: String
    private let fd: Int32
    private var text = ""

    /// Binds a datagram socket at `path`, or at the abstract address `path` with `abstract`.
    public init(path: String, abstract: Bool = false) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        guard withUnixAddress(path, abstract: abstract, { bind(fd, $0, $1) }) == 0 else {
            let error = POSIXError(.init(rawValue: errno) ?? .EIO)
            close(fd)
            throw error
        }
        self.fd = fd
        self.path = path
        address = abstract ? "@" + path : path
    }

    deinit { close(fd) }

    /// The next message, waiting up to `seconds`; throws ``DeadlineExceeded`` when none came.
    public func receive(seconds: Double = 15) throws -> String {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(seconds * 1000)) == 1 else {
            throw DeadlineExceeded(what: "a notification", seconds: seconds)
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
    }

    /// The next message and the descriptors that came with it (`SCM_RIGHTS`, as `FDSTORE=1`
    /// sends them; the caller closes them), waiting up to `seconds`.
    public func receiveWithDescriptors(seconds: Double = 15) throws -> (message: String, descriptors: [Int32])
    {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(seconds * 1000)) == 1 else {
            throw DeadlineExceeded(what: "a notification", seconds: seconds)
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var control = [UInt8](repeating: 0, count: 512)
        var count = 0
        var descriptors: [Int32] = []
        buffer.withUnsafeMutableBytes { data in
            control.withUnsafeMutableBytes { space in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var header = msghdr()
                    header.msg_iov = vectorPointer
                    header.msg_iovlen = 1
                    header.msg_control = space.baseAddress
                    header.msg_controllen = space.count
                    count = recvmsg(fd, &header, Int32(MSG_CMSG_CLOEXEC))
                    guard count >= 0, header.msg_controllen >= MemoryLayout<cmsghdr>.size,
                        let base = space.baseAddress
                    else { return }
                    let rights = base.assumingMemoryBound(to: cmsghdr.self).pointee
                    guard rights.cmsg_level == SOL_SOCKET, rights.cmsg_type == SCM_RIGHTS else { return }
                    let offset = MemoryLayout<cmsghdr>.size
                    let number = (Int(rights.cmsg_len) - offset) / MemoryLayout<Int32>.size
                    for index in 0..<number {
                        descriptors.append(base.load(fromByteOffset: offset + index * 4, as: Int32.self))
                    }
                }
            }
        }
        return (String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self), descriptors)
    }

    /// Everything received so far, read without waiting: the messages, each followed by a newline.
    public var received: String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard count > 0 else { break }
            text += String(decoding: buffer.prefix(count), as: UTF8.self) + "\n"
        }
        return text
    }
}
