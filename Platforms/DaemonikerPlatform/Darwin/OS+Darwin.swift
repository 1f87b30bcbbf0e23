#if canImport(Darwin)
    import Darwin

    extension Platform {
        /// The platform's name for messages.
        package static var name: String { "macOS" }

        /// Never: Apple's frameworks do not support a forked child that goes on running without
        /// exec, so `.automatic` relaunches on Darwin (`.fork` stays available when asked for).
        package static var detachesByForking: Bool { false }

        /// `initgroups`, whose group parameter is an `Int32` on Darwin.
        static func initializeGroups(_ user: String, _ group: UInt32) -> Int32 {
            initgroups(user, Int32(bitPattern: group))
        }

        /// The monotonic clock (Darwin's `CLOCK_MONOTONIC` is a macro Swift does not import).
        static var monotonicClock: clockid_t { _CLOCK_MONOTONIC }

        /// A datagram socket's type (Darwin has no `SOCK_CLOEXEC`; the caller sets the flag).
        static var datagramSocketType: Int32 { SOCK_DGRAM }

        /// A stream socket's type, as `getaddrinfo` and `socket` take it.
        static var streamSocketType: Int32 { SOCK_STREAM }

        /// None: Darwin has no `SOCK_CLOEXEC` (the caller sets `FD_CLOEXEC`).
        static var socketCloseOnExecFlag: Int32 { 0 }

        /// Nil: Darwin keeps no per-process signal masks another process can read without
        /// its debugging interfaces.
        static func signalMasks(of pid: Int32) -> (caught: UInt64, ignored: UInt64, blocked: UInt64)? {
            nil
        }
    }
#endif
