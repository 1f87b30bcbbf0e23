#if os(Windows)
    import CDaemonikerShim
    import WinSDK

    extension Platform {
        /// True: Windows has the service control manager.
        package static var hasServiceControlManager: Bool { true }

        /// Connects to the service control manager when it started this process
        /// (`dk_win_service_start`, which asks only a child of services.exe and runs the
        /// dispatcher on a thread of its own): true from then on, false when the SCM did not
        /// start this process. Asked again in a service, it answers true at once. Controls reach ``raiseInProcess(_:)`` on the glue's delivery
        /// thread: stop, shutdown and pre-shutdown as terminate (15), a parameter change as
        /// hangup (1).
        package static func startService() throws(SystemError) -> Bool {
            if dk_win_service_active() != 0 { return true }
            let result = dk_win_service_start({ signal in Platform.raiseInProcess(signal) }, 0)
            if result < 0 { throw SystemError("start the service control dispatcher") }
            return result == DK_WIN_SERVICE_STARTED
        }

        /// Reports `SERVICE_RUNNING` when this process runs as a service and is still starting
        /// (`dk_win_service_ready`); nothing otherwise.
        package static func markServiceReady() {
            _ = dk_win_service_ready()
        }

        /// Reports `SERVICE_STOPPED` with `code` when this process runs as a service (once;
        /// `dk_win_service_exit`), right before the process ends.
        static func reportServiceExit(_ code: Int32) {
            _ = dk_win_service_exit(UInt32(bitPattern: code))
        }
    }
#endif
