#if os(Windows)
    import CDaemonikerShim
    import WinSDK

    extension Platform {
        /// A file holding `bytes` that no one can open by name: created under a new random name
        /// in the temporary directory, private to this user, with `FILE_FLAG_DELETE_ON_CLOSE`
        /// (it goes when its last handle closes, the relaunched daemon's inherited one included,
        /// and when this process is killed), and marked for deletion at once, so that its name
        /// opens nothing from then on and ``info(ofDescriptor:)`` reports a link count of 0. Not
        /// inheritable: a spawn passes it on only when it is listed to inherit.
        package static func anonymousFile(containing bytes: [UInt8]) throws(SystemError) -> Int32 {
            let base = temporaryDirectory
            let separator = base.hasSuffix("\\") || base.hasSuffix("/") ? "" : "\\"
            let suffix = randomBytes(16).map { byte in
                (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }.joined()
            let name = base + separator + "daemoniker-state-" + suffix
            let operation = "create the anonymous file \(name)"
            let access = dword(GENERIC_READ) | dword(GENERIC_WRITE) | dword(DELETE)
            let share = dword(FILE_SHARE_READ) | dword(FILE_SHARE_WRITE) | dword(FILE_SHARE_DELETE)
            let flags = dword(FILE_ATTRIBUTE_TEMPORARY) | dword(FILE_FLAG_DELETE_ON_CLOSE)
            let opened: HANDLE? = try withPrivateSecurity(operation) { attributes in
                name.withCString(encodedAs: UTF16.self) { path in
                    CreateFileW(path, access, share, attributes, dword(CREATE_NEW), flags, nil)
                }
            }
            guard let handle = opened, handle != INVALID_HANDLE_VALUE else { throw SystemError(operation) }
            // FILE_DISPOSITION_INFO is one BOOLEAN, whose C name (DeleteFile) the SDK's macros
            // rename; passed as that one byte.
            var deleteFile: UInt8 = 1
            guard SetFileInformationByHandle(handle, FileDispositionInfo, &deleteFile, 1) else {
                let error = SystemError("mark \(name) for deletion")
                CloseHandle(handle)
                throw error
            }
            let fd = descriptor(handle)
            do {
                try write(fd, bytes)
            } catch {
                CloseHandle(handle)
                throw error
            }
            return fd
        }

        /// Whether the open file `handle` is marked for deletion (it has no name left to open).
        static func isDeletePending(_ handle: HANDLE) -> Bool {
            var standard = FILE_STANDARD_INFO()
            let size = DWORD(MemoryLayout<FILE_STANDARD_INFO>.size)
            let known = GetFileInformationByHandleEx(handle, FileStandardInfo, &standard, size)
            return known && standard.DeletePending != 0
        }
    }
#endif
