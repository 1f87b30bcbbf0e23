/// The numbers of the signals the library names, one field each, so an OS layer that leaves one
/// out does not compile (a name looked up in a table could silently come back empty).
package struct StandardSignals: Sendable {
    package var hangup: Int32
    package var interrupt: Int32
    package var quit: Int32
    package var abort: Int32
    package var kill: Int32
    package var user1: Int32
    package var user2: Int32
    package var brokenPipe: Int32
    package var alarm: Int32
    package var terminate: Int32
    package var child: Int32
    package var `continue`: Int32
    package var stop: Int32
    package var terminalStop: Int32
    package var windowChanged: Int32

    /// Every field, by name.
    package init(
        hangup: Int32, interrupt: Int32, quit: Int32, abort: Int32, kill: Int32, user1: Int32,
        user2: Int32, brokenPipe: Int32, alarm: Int32, terminate: Int32, child: Int32, continue: Int32,
        stop: Int32, terminalStop: Int32, windowChanged: Int32
    ) {
        self.hangup = hangup
        self.interrupt = interrupt
        self.quit = quit
        self.abort = abort
        self.kill = kill
        self.user1 = user1
        self.user2 = user2
        self.brokenPipe = brokenPipe
        self.alarm = alarm
        self.terminate = terminate
        self.child = child
        self.continue = `continue`
        self.stop = stop
        self.terminalStop = terminalStop
        self.windowChanged = windowChanged
    }
}
