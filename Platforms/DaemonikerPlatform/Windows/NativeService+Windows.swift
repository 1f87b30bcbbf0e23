#if os(Windows)
    import CDaemonikerShim
    import WinSDK

    extension Platform {
        /// Registers and starts the service through the shim (`dk_win_service_install`, then
        /// `dk_win_service_start_installed`), which decides everything: the Swift here only converts.
        package static func installNativeService(
            _ configuration: NativeServiceConfiguration, startTimeoutMilliseconds: UInt32
        ) throws(SystemError) -> NativeServiceOutcome {
            let startType: Int32 =
                switch configuration.startType {
                case .automatic: Int32(DK_WIN_SERVICE_START_AUTO)
                case .delayedAutomatic: Int32(DK_WIN_SERVICE_START_DELAYED)
                case .manual: Int32(DK_WIN_SERVICE_START_MANUAL)
                }
            // A double-NUL-terminated list: each name, NUL, then one more NUL.
            let dependencies: [UInt16] =
                configuration.dependencies.isEmpty
                ? [] : configuration.dependencies.flatMap { Array($0.utf16) + [0] } + [0]
            let result: Int32 = configuration.name.withCString(encodedAs: UTF16.self) { name in
                configuration.displayName.withCString(encodedAs: UTF16.self) { display in
                    configuration.description.withCString(encodedAs: UTF16.self) { description in
                        configuration.commandLine.withCString(encodedAs: UTF16.self) { command in
                            withOptionalWide(configuration.account) { account in
                                withOptionalWide(configuration.password) { password in
                                    dependencies.withUnsafeBufferPointer { list in
                                        var config = dk_win_service_config()
                                        config.name = name
                                        config.display_name = display
                                        config.description = description
                                        config.command_line = command
                                        config.start_type = startType
                                        config.account = account
                                        config.password = password
                                        config.dependencies = list.isEmpty ? nil : list.baseAddress
                                        config.restart_delay_ms = configuration.restartDelayMilliseconds ?? 0
                                        config.replace = configuration.replacing ? 1 : 0
                                        return dk_win_service_install(&config)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            switch result {
            case Int32(DK_WIN_SERVICE_DONE): break
            case Int32(DK_WIN_SERVICE_EXISTS): return .alreadyInstalled
            default: throw SystemError("install the service \(configuration.name)")
            }
            let started = configuration.name.withCString(encodedAs: UTF16.self) { name in
                dk_win_service_start_installed(name, startTimeoutMilliseconds)
            }
            if started != Int32(DK_WIN_SERVICE_DONE) {
                throw SystemError("start the service \(configuration.name)")
            }
            return .done
        }

        /// Stops and deletes the service through the shim (`dk_win_service_uninstall`).
        package static func uninstallNativeService(named service: String, stopTimeoutMilliseconds: UInt32)
            throws(SystemError) -> NativeServiceOutcome
        {
            let result = service.withCString(encodedAs: UTF16.self) { name in
                dk_win_service_uninstall(name, stopTimeoutMilliseconds)
            }
            switch result {
            case Int32(DK_WIN_SERVICE_DONE): return .done
            case Int32(DK_WIN_SERVICE_UNKNOWN): return .notInstalled
            default: throw SystemError("uninstall the service \(service)")
            }
        }

        /// Calls `body` with `text` as a NUL-terminated UTF-16 string, or with nil.
        private static func withOptionalWide<Result>(
            _ text: String?, _ body: (UnsafePointer<UInt16>?) -> Result
        ) -> Result {
            guard let text else { return body(nil) }
            return text.withCString(encodedAs: UTF16.self) { body($0) }
        }
    }
#endif
