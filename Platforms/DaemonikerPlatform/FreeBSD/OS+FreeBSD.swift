#if os(FreeBSD)
    import Glibc

    extension Platform {
        /// The platform's name for messages.
        package static var name: String { "FreeBSD" }

        /// FreeBSD may detach by forking without exec when the process is single-threaded.
        package static var detachesByForking: Bool { true }

        /// `initgroups`, whose group parameter is a `gid_t` here.
        static func initializeGroups(_ user: String, _ group: UInt32) -> Int32 {
            initgroups(user, gid_t(group))
        }

        /// The monotonic clock.
        static var monotonicClock: clockid_t { CLOCK_MONOTONIC }

        /// A close-on-exec datagram socket's type, set atomically.
        static var datagramSocketType: Int32 { SOCK_DGRAM | SOCK_CLOEXEC }

        /// A stream socket's type, as `getaddrinfo` and `socket` take it.
        static var streamSocketType: Int32 { SOCK_STREAM }

        /// What makes `socket` return a close-on-exec descriptor atomically.
        static var socketCloseOnExecFlag: Int32 { SOCK_CLOEXEC }

        /// Nil: FreeBSD keeps no per-process signal masks another process can read without
        /// its debugging interfaces.
        static func signalMasks(of pid: Int32) -> (caught: UInt64, ignored: UInt64, blocked: UInt64)? {
            nil
        }
    }
#endif
