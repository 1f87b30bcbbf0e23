import DaemonikerPlatform

/// A listening socket bound for a ``ListenAddress`` (``ListenAddress/bind()``): its descriptor,
/// close-on-exec until a spawn passes it on, and the socket file the bind created, if any, which
/// ``close()`` removes again.
package struct BoundSocket: Sendable {
    /// The address it was bound for.
    package var address: ListenAddress
    /// The listening descriptor.
    package var descriptor: Int32
    /// The Unix-domain socket file the bind created (an absolute path); nil for TCP.
    package var createdPath: String?
    /// What that file was once bound, so that only that file is removed, never one put in its
    /// place since.
    package var createdInfo: FileInfo?

    /// One with these parts.
    package init(
        address: ListenAddress, descriptor: Int32, createdPath: String? = nil, createdInfo: FileInfo? = nil
    ) {
        self.address = address
        self.descriptor = descriptor
        self.createdPath = createdPath
        self.createdInfo = createdInfo
    }

    /// The socket as the program receives it.
    package var activated: ActivatedSocket { ActivatedSocket(name: address.name, descriptor: descriptor) }

    /// Removes the socket file the bind created, if it is still that file (a socket another run
    /// bound there since stays). The descriptor stays open.
    package func removeFile() {
        guard let createdPath, let createdInfo, let now = try? Platform.info(ofPath: createdPath),
            now.isSameFile(as: createdInfo)
        else { return }
        try? Platform.unlink(createdPath)
    }

    /// Closes the descriptor and removes the socket file the bind created.
    package func close() {
        removeFile()
        Platform.close(descriptor)
    }
}
