#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    extension Platform {
        /// Always throws `ENOTSUP`: the service managers here (systemd, launchd, OpenRC, rc.d)
        /// read definition files, which the tool writes and registers with their own programs.
        package static func installNativeService(
            _ configuration: NativeServiceConfiguration, startTimeoutMilliseconds: UInt32
        ) throws(SystemError) -> NativeServiceOutcome {
            throw SystemError("install the Windows service \(configuration.name) on \(name)", code: ENOTSUP)
        }

        /// Always throws `ENOTSUP`, as ``installNativeService(_:startTimeoutMilliseconds:)`` does.
        package static func uninstallNativeService(named service: String, stopTimeoutMilliseconds: UInt32)
            throws(SystemError) -> NativeServiceOutcome
        {
            throw SystemError("uninstall the Windows service \(service) on \(name)", code: ENOTSUP)
        }
    }
#endif
