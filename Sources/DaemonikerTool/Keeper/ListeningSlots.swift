import Daemoniker
import DaemonikerPlatform

/// Where the keeper holds the `--listen` sockets: one descriptor number per address, reserved
/// before daemonizing (so that the library preserves it) and taken over by the bound socket in
/// `setup`, which runs after the pid file is locked (a second start finds it running, exit 3,
/// and binds nothing) and before anything switches users (a privileged port binds as root).
struct ListeningSlots {
    /// The variable that carries the numbers (comma-separated, in `--listen` order) to a
    /// relaunched keeper, which inherits the sockets there. Never passed to the program.
    static let variable = "DAEMONIKER_LISTEN_DESCRIPTORS"

    /// The addresses, in order.
    let addresses: [ListenAddress]
    /// Their descriptors: placeholders (the null device) until ``bind()`` in the launcher; the
    /// sockets in the keeper.
    let descriptors: [Int32]

    /// In the launcher: a placeholder for each address, close-on-exec, at 3 or above. In a
    /// relaunched keeper: the descriptors the launcher bound, from ``variable``.
    static func reserve(_ addresses: [ListenAddress]) throws(ToolError) -> ListeningSlots {
        let inherited = Platform.environmentValue(variable)
        Platform.removeEnvironmentValue(variable)
        guard !addresses.isEmpty else { return ListeningSlots(addresses: [], descriptors: []) }
        if Daemoniker.isRelaunchedDaemon {
            let numbers = (inherited ?? "").split(separator: ",").compactMap { Int32($0) }
            guard numbers.count == addresses.count, numbers.allSatisfy(Platform.isOpen) else {
                throw ToolError(
                    .failure,
                    "the relaunched keeper did not inherit the --listen sockets (\(variable)=\(inherited ?? "")); start it with the fork strategy"
                )
            }
            for fd in numbers { Platform.setCloseOnExec(fd, true) }
            return ListeningSlots(addresses: addresses, descriptors: numbers)
        }
        var placeholders: [Int32] = []
        for _ in addresses {
            do {
                let null = try Platform.open(Platform.nullDevice, .readOnly, permissions: 0)
                defer { Platform.close(null) }
                placeholders.append(try Platform.duplicate(null, atLeast: 3, closeOnExec: true))
            } catch {
                for fd in placeholders { Platform.close(fd) }
                throw ToolError(.failure, "cannot reserve a descriptor for --listen: \(error)")
            }
        }
        Platform.setEnvironmentValue(variable, placeholders.map(String.init).joined(separator: ","))
        return ListeningSlots(addresses: addresses, descriptors: placeholders)
    }

    /// Binds every address in order and puts each socket where its placeholder was. Throws
    /// `DaemonikerError` `.invalidConfiguration` naming the address (the launcher exits 2)
    /// having closed what it bound and removed the socket files it created.
    func bind() throws(DaemonikerError) {
        let bound = try ListenAddress.bindAll(addresses)
        for (socket, slot) in zip(bound, descriptors) {
            do {
                try Platform.duplicate(socket.descriptor, onto: slot)
            } catch {
                for socket in bound { socket.close() }
                throw DaemonikerError("keep the socket for \(socket.address) at descriptor \(slot)", error)
            }
            Platform.setCloseOnExec(slot, true)
            Platform.close(socket.descriptor)
        }
    }

    /// The sockets as the keeper holds them (close-on-exec), each Unix one with the socket file
    /// the launcher created for it, which the keeper removes when it ends.
    func sockets() -> [BoundSocket] {
        zip(addresses, descriptors).map { address, fd in
            Platform.setCloseOnExec(fd, true)
            guard case .unix(let path) = address.endpoint else {
                return BoundSocket(address: address, descriptor: fd)
            }
            return BoundSocket(
                address: address, descriptor: fd, createdPath: path,
                createdInfo: try? Platform.info(ofPath: path))
        }
    }
}
