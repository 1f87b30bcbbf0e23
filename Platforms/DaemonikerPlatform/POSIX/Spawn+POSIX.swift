#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    extension Platform {
        /// Starts `path` detached (`dk_spawn_detached`: fork, setsid, fork, exec from
        /// async-signal-safe C), with the descriptors in `inherit` kept open across exec. The
        /// child's pid reaches `reportFD` as a 'P' frame just before exec; an exec failure as an
        /// 'X' frame, a failed `setsid` or second fork as a 'D' frame (errno each).
        package static func spawnDetached(
            path: String, arguments: [[UInt8]], environment: [[UInt8]], inherit: [Int32], reportFD: Int32
        ) throws(SystemError) {
            let result = withCStrings(arguments) { argv in
                withCStrings(environment) { envp in
                    inherit.withUnsafeBufferPointer { kept in
                        dk_spawn_detached(path, argv, envp, kept.baseAddress, kept.count, reportFD)
                    }
                }
            }
            if result != 0 { throw SystemError("fork to start \(path)") }
        }

        /// Starts a sentinel: `path` again with `environment` (which holds the sentinel switch),
        /// `waitFD` as its descriptor 3, `readyFD` as its descriptor 4 and nothing else open.
        /// Returns its pid.
        package static func spawnSentinel(
            path: String, arguments: [[UInt8]], environment: [[UInt8]], waitFD: Int32, readyFD: Int32
        )
            throws(SystemError) -> Int32
        {
            let pid = withCStrings(arguments) { argv in
                withCStrings(environment) { envp in dk_spawn_sentinel(path, argv, envp, waitFD, readyFD) }
            }
            if pid < 0 { throw SystemError("fork to start the signal sentinel") }
            return pid
        }
    }

    /// Calls `body` with a NULL-terminated array of C strings built from `strings`. All memory is
    /// allocated here, before any fork, so the child allocates nothing (`spawnChild` uses it too).
    func withCStrings<R>(
        _ strings: [[UInt8]], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { bytes in
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (index, byte) in bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
            pointer[bytes.count] = 0
            return pointer
        }
        pointers.append(nil)
        defer { for pointer in pointers { pointer?.deallocate() } }
        return pointers.withUnsafeBufferPointer { buffer in
            // The buffer is never empty: it holds at least the terminating nil.
            body(buffer.baseAddress ?? UnsafePointer(bitPattern: 1).unsafelyUnwrapped)
        }
    }
#endif
