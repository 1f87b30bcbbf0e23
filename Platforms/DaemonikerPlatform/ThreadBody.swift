/// The closure a new thread runs, kept alive across the OS's thread-creation call (passed as the
/// thread's context pointer, retained once, released by the thread that runs it).
final class ThreadBody {
    /// What the thread runs.
    let run: () -> Void

    /// Wraps `run`.
    init(_ run: @escaping () -> Void) { self.run = run }
}
