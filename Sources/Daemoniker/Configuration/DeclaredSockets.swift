import DaemonikerPlatform

/// The listening sockets a program declares (``Daemoniker/listen``): a descriptor number is
/// reserved for each before daemonizing (the null device, close-on-exec, at 3 or above, kept
/// across daemonizing like a preserved descriptor); the launcher binds each address once the pid
/// file is locked and before it detaches, and puts the socket there. A relaunched process (the
/// relaunch strategy's daemon, an upgrade's new generation) finds its sockets, with their names,
/// in ``variable``.
enum DeclaredSockets {
    /// `FD=NAME:FD=NAME…`: the descriptors a relaunched process inherits its listening sockets
    /// at. Names have neither `:` nor `=`. Never passed on to the daemon's children.
    static let variable = "DAEMONIKER_LISTEN_BOUND"

    /// One declared address and the descriptor its socket is to take.
    struct Slot: Sendable {
        var address: ListenAddress
        var descriptor: Int32
    }

    /// ``variable``'s value for `sockets`.
    static func encoded(_ sockets: [ActivatedSocket]) -> String {
        sockets.map { "\($0.descriptor)=\($0.name)" }.joined(separator: ":")
    }

    /// In a relaunched process: the sockets ``variable`` names that are open (made close-on-exec,
    /// as received sockets are); the variable is removed.
    static func inherited() -> [ActivatedSocket] {
        guard let value = Platform.environmentValue(variable) else { return [] }
        Platform.removeEnvironmentValue(variable)
        return value.split(separator: ":").compactMap { entry in
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let fd = Int32(parts[0]), fd >= 3, Platform.isOpen(fd) else { return nil }
            Platform.setCloseOnExec(fd, true)
            return ActivatedSocket(name: String(parts[1]), descriptor: fd)
        }
    }

    /// In the original process: a reserved descriptor for each of `addresses` whose name is not
    /// among the sockets the service manager passed already (systemd's, which are used instead).
    static func reserve(_ addresses: [ListenAddress], received: [ActivatedSocket]) throws(DaemonikerError)
        -> [Slot]
    {
        var slots: [Slot] = []
        for address in addresses where !received.contains(where: { $0.name == address.name }) {
            do {
                let null = try Platform.open(Platform.nullDevice, .readOnly, permissions: 0)
                defer { Platform.close(null) }
                slots.append(
                    Slot(
                        address: address,
                        descriptor: try Platform.duplicate(null, atLeast: 3, closeOnExec: true)))
            } catch {
                for slot in slots { Platform.close(slot.descriptor) }
                throw DaemonikerError("reserve a descriptor for the listening socket \(address)", error)
            }
        }
        return slots
    }

    /// In the launcher, with the pid file locked: binds every slot's address and puts the socket
    /// at its descriptor. Throws ``DaemonikerError/Code/invalidConfiguration`` naming the address
    /// (a port taken, a path refused), having closed what it bound.
    static func bind(_ slots: [Slot]) throws(DaemonikerError) {
        let bound = try ListenAddress.bindAll(slots.map(\.address))
        defer { for socket in bound { Platform.close(socket.descriptor) } }
        for (socket, slot) in zip(bound, slots) {
            do {
                try Platform.duplicate(socket.descriptor, onto: slot.descriptor)
            } catch {
                for socket in bound { socket.removeFile() }
                throw DaemonikerError(
                    "keep the socket for \(socket.address) at descriptor \(slot.descriptor)", error)
            }
            Platform.setCloseOnExec(slot.descriptor, true)
        }
    }
}
