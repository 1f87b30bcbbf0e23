import DaemonikerPlatform

extension Daemoniker {
    /// Turns this process into the daemon.
    ///
    /// In the original process: runs `setup` (after the pid file is locked, so never while
    /// another instance runs), starts the daemon with the configured strategy, waits until it is
    /// ready, runs `whenReady`, and exits 0. If anything fails before the daemon is ready, it
    /// prints the error on standard error and exits 1 (failed), 2 (invalid input), 3 (already
    /// running) or 4 (not ready in time), leaving no daemon and no pid file. It never returns
    /// there.
    ///
    /// In the daemon: returns the ``Daemon`` whose `state` is `setup`'s result. With `.relaunch`
    /// the program runs from the top again, so code before this call runs twice; `setup` does not.
    public func daemonize<State: Codable & Sendable>(
        setup: @escaping () throws -> State,
        whenReady: @escaping (Launch) -> Void = { _ in }
    ) -> Daemon<State> {
        run(setup: setup, whenReady: whenReady)
    }

    /// Turns this process into the daemon, for a program that hands no state to it. See
    /// ``daemonize(setup:whenReady:)``.
    public func daemonize(whenReady: @escaping (Launch) -> Void = { _ in }) -> Daemon<Stateless> {
        daemonize(setup: { Stateless() }, whenReady: whenReady)
    }

    /// Under systemd, once ready: hands the sockets the library bound (those declared in
    /// ``listen``) to the manager's file-descriptor store (`FDSTORE=1`, `FDNAME=`), so that they
    /// outlive a `systemctl restart` (with `FileDescriptorStoreMax=` set; without it the manager
    /// drops them) and come back through `LISTEN_FDS`, where ``listen`` finds them by name.
    private func storeDeclaredSockets(_ declared: [ActivatedSocket], in session: DaemonSession) {
        let names = Set(listen.map(\.name))
        let stored = declared.filter { names.contains($0.name) }
        guard let notify = session.notify, !stored.isEmpty else { return }
        session.whenReady {
            for socket in stored {
                try? notify.send("FDSTORE=1\nFDNAME=\(socket.name)", descriptors: [socket.descriptor])
            }
        }
    }

    /// Starts taking upgrade requests (``acceptsUpgrades``), or fails the daemon saying why.
    private func startTakingUpgrades(_ detached: DetachedDaemon, sockets: [ActivatedSocket])
        -> GenerationHandOver?
    {
        guard let lock = detached.session.lock else { return nil }
        let streams = [standardInput, standardOutput, standardError]
        let handOver = GenerationHandOver(
            session: detached.session, lock: lock, state: detached.state, sockets: sockets,
            inheritedStreams: (0..<3).filter { streams[$0] == .inherit }.map { Int32($0) })
        do {
            try handOver.start()
        } catch {
            detached.session.fail(error)
        }
        return handOver
    }

    private func run<State: Codable & Sendable>(
        setup: @escaping () throws -> State, whenReady: @escaping (Launch) -> Void
    ) -> Daemon<State> {
        // Descriptors the library opens must never land on 0, 1 or 2 (a launcher started with
        // stdin or stdout closed), where the daemon's stdio redirection would replace them.
        Platform.fillStandardDescriptors()
        // Sockets a service manager passed, and the supervisor's readiness descriptor, stay
        // open across daemonizing like any preserved descriptor.
        let received = SocketActivation.take(relaunched: RelaunchSwitch.isPresent)
        if !received.isEmpty, !RelaunchSwitch.isPresent {
            // How a relaunched daemon, whose pid is not the one LISTEN_PID named, finds them.
            Platform.setEnvironmentValue(SocketActivation.carrierVariable, SocketActivation.carried(received))
        }
        // Declared sockets: found again in a relaunched process; reserved here, bound by the
        // launcher once the pid file is locked.
        var declared: [ActivatedSocket] = []
        var listening: [DeclaredSockets.Slot] = []
        if RelaunchSwitch.isPresent {
            declared = DeclaredSockets.inherited()
        } else {
            do {
                listening = try DeclaredSockets.reserve(listen, received: received)
            } catch {
                Launcher.exit(with: error)
            }
            declared = listening.map { ActivatedSocket(name: $0.address.name, descriptor: $0.descriptor) }
            if !declared.isEmpty {
                Platform.setEnvironmentValue(DeclaredSockets.variable, DeclaredSockets.encoded(declared))
            }
        }
        let activated = received + declared
        var configuration = self
        configuration.preservedDescriptors +=
            activated.map(\.descriptor) + (readinessDescriptor.map { [$0] } ?? [])
        var request = DetachRequest(
            configuration: configuration,
            setup: { try StateEncoder.encode(setup()) },
            whenReady: whenReady)
        request.listening = listening
        let detached: DetachedDaemon
        do {
            detached = try strategy.backend().detach(request)
        } catch {
            Launcher.exit(with: error)
        }
        // Only the daemon gets here; the operator's choice is not passed on to its children.
        Platform.removeEnvironmentValue(DaemonizationStrategy.overrideVariable)
        Platform.removeEnvironmentValue(SocketActivation.carrierVariable)
        Platform.removeEnvironmentValue(DeclaredSockets.variable)
        detached.session.setReadinessDescriptor(readinessDescriptor)
        let state: State
        do {
            state = try StateDecoder.decode(State.self, from: detached.state)
        } catch {
            detached.session.fail(
                DaemonikerError(
                    .stateFileMalformed,
                    "the state handed to the daemon does not decode as \(State.self): \(error); the launcher and daemon must be the same build"
                ))
        }
        storeDeclaredSockets(declared, in: detached.session)
        let handOver = acceptsUpgrades ? startTakingUpgrades(detached, sockets: activated) : nil
        let daemon = Daemon(
            state: state, session: detached.session, activatedSockets: activated, handOver: handOver)
        if readiness == .automatic { daemon.ready() }
        return daemon
    }
}
