import DaemonikerPlatform

/// Under the Windows service control manager (SCM): the program answers the SCM itself. It runs
/// in the foreground like ``ForegroundBackend`` (the SCM already runs it in the background), and
/// the platform layer's service glue (`dk_win_service_start`, in C) tells the SCM
/// `SERVICE_START_PENDING` with a rising checkpoint while `setup` and the start run,
/// `SERVICE_RUNNING` at readiness (`DaemonSession.ready()` through `Platform.markServiceReady`),
/// and `SERVICE_STOPPED` with the exit code when the process ends; stop, shutdown and
/// pre-shutdown arrive as terminate and a parameter change as hangup, through
/// `Platform.raiseInProcess`, the path the sentinel relay's signals take.
struct WindowsServiceBackend: Backend {
    var strategy: DaemonizationStrategy { .windowsService }

    /// Connects to the SCM when it started this process (from then on the SCM sees
    /// `SERVICE_START_PENDING`); nil when it did not, or on an OS without one.
    static func connected() throws(DaemonikerError) -> WindowsServiceBackend? {
        guard Platform.hasServiceControlManager else { return nil }
        do {
            return try Platform.startService() ? WindowsServiceBackend() : nil
        } catch {
            throw DaemonikerError("connect to the Windows service control manager", error)
        }
    }

    /// The backend for an explicit `.windowsService`: throws `invalidConfiguration` on an OS
    /// other than Windows, and for a process the SCM did not start.
    static func required() throws(DaemonikerError) -> WindowsServiceBackend {
        guard Platform.hasServiceControlManager else {
            throw DaemonikerError(
                .invalidConfiguration,
                "the windows-service strategy is Windows-only, and this is \(Platform.name); use .automatic, or .foreground under a service manager"
            )
        }
        guard let backend = try connected() else {
            throw DaemonikerError(
                .invalidConfiguration,
                "the windows-service strategy needs a process the Windows service control manager started, and this one was not (it is not a child of services.exe, or the service control dispatcher could not connect); start it with `sc.exe start NAME`, or use .automatic"
            )
        }
        return backend
    }

    func detach(_ request: DetachRequest) throws(DaemonikerError) -> DetachedDaemon {
        try ForegroundBackend(strategy: strategy).detach(request)
    }
}
