import DaemonikerPlatform

/// Starting the program's executable again, detached, with the relaunch switch in its
/// environment: how the relaunch backend starts the daemon and how an upgrade starts the next
/// generation. The switch names a new readiness channel, the pid-file lock's descriptor (if
/// any) and the state's; those, and `others`, are inherited (Windows passes only listed handles).
enum RelaunchStart {
    /// Starts `executable` again and returns the waiter on its readiness channel. `adjust`
    /// changes the environment the switch was added to; `preparing` names the step in the error
    /// when the channel cannot be made.
    static func start(
        _ executable: String, token: String, lock: Int32?, state: Int32, inheriting others: [Int32],
        preparing: String, adjust: ([[UInt8]]) -> [[UInt8]] = { $0 }
    ) throws(DaemonikerError) -> ReadinessWaiter {
        let channel: (read: Int32, write: Int32)
        do {
            channel = try Platform.pipe()
        } catch {
            throw DaemonikerError(preparing, error)
        }
        let switchValue = RelaunchSwitch(
            token: token, readinessHandle: Int64(channel.write), lockHandle: lock.map { Int64($0) },
            stateHandle: Int64(state))
        let environment = adjust(
            ChildEnvironment.current(setting: RelaunchSwitch.variable, to: switchValue.encoded))
        do {
            try Platform.spawnDetached(
                path: executable, arguments: Platform.rawArguments(), environment: environment,
                inherit: [channel.write, state] + (lock.map { [$0] } ?? []) + others, reportFD: channel.write)
        } catch {
            Platform.close(channel.read)
            Platform.close(channel.write)
            throw DaemonikerError("start \(executable) again", error)
        }
        Platform.close(channel.write)
        return ReadinessWaiter(descriptor: channel.read)
    }
}
