import DaemonikerPlatform
import Synchronization

/// The sockets a service manager passed (`LISTEN_FDS` descriptors from 3 on, `LISTEN_PID` this
/// process, `LISTEN_FDNAMES` their names), taken once in the original process and carried to the
/// daemon: in memory for `.fork` and `.foreground`, in ``carrierVariable`` for `.relaunch`.
enum SocketActivation {
    /// The first descriptor a manager passes.
    static let firstDescriptor = ListeningSockets.firstDescriptor
    /// How the sockets reach a relaunched daemon (its pid is not the one `LISTEN_PID` names):
    /// `LISTEN_FDNAMES`'s form, one name per descriptor from 3 on. Read only when relaunched.
    static let carrierVariable = "DAEMONIKER_LISTEN_FDNAMES"

    /// What ``take(relaunched:)`` found, the first time: later calls, and ``ListeningSockets``,
    /// get the same sockets (the variables are gone by then).
    private static let taken = Mutex<[ActivatedSocket]?>(nil)

    /// The sockets passed to this process, with the variables removed so that no child of the
    /// daemon mistakes them for its own; `relaunched`: this process is a relaunched daemon. Only
    /// the first call reads the variables; later ones return what it found.
    static func take(relaunched: Bool) -> [ActivatedSocket] {
        taken.withLock { taken in
            if let taken { return taken }
            let found = read(relaunched: relaunched)
            taken = found
            return found
        }
    }

    private static func read(relaunched: Bool) -> [ActivatedSocket] {
        defer {
            for name in ["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"] {
                Platform.removeEnvironmentValue(name)
            }
        }
        if relaunched {
            defer { Platform.removeEnvironmentValue(carrierVariable) }
            guard let carried = Platform.environmentValue(carrierVariable) else { return [] }
            return sockets(
                names: carried.split(separator: ":", omittingEmptySubsequences: false).map(String.init))
        }
        guard let pid = Platform.environmentValue("LISTEN_PID").flatMap({ Int32($0) }),
            pid == Platform.processID,
            let count = Platform.environmentValue("LISTEN_FDS").flatMap({ Int($0) }), count > 0,
            count < 4096
        else { return [] }
        var names = (Platform.environmentValue("LISTEN_FDNAMES") ?? "")
            .split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if names.count != count { names = Array(repeating: ActivatedSocket.unnamed, count: count) }
        return sockets(names: names)
    }

    /// ``carrierVariable``'s value for `sockets`: one name for each descriptor from 3 up to the
    /// highest of them (one not among them, which is not open, is skipped when read).
    static func carried(_ sockets: [ActivatedSocket]) -> String {
        let highest = sockets.map(\.descriptor).max() ?? (firstDescriptor - 1)
        guard highest >= firstDescriptor else { return "" }
        return (firstDescriptor...highest).map { fd in
            sockets.first { $0.descriptor == fd }?.name ?? ActivatedSocket.unnamed
        }.joined(separator: ":")
    }

    /// Descriptors 3, 4, … named `names`, each made close-on-exec (as sd_listen_fds does), so
    /// that only the relaunch, which lists them, passes them on; the ones not open are left out.
    private static func sockets(names: [String]) -> [ActivatedSocket] {
        names.enumerated().compactMap { index, name in
            let fd = firstDescriptor + Int32(index)
            guard Platform.isOpen(fd) else { return nil }
            Platform.setCloseOnExec(fd, true)
            return ActivatedSocket(name: name.isEmpty ? ActivatedSocket.unnamed : name, descriptor: fd)
        }
    }
}
