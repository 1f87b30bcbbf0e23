#if os(Windows)
    import WinSDK

    extension Platform {
        /// The SIDs that count as "this user" for file ownership, as bytes: the process token's
        /// user, and its default owner for new objects (they differ in an elevated administrator's
        /// process, whose new files belong to the Administrators group). Empty if the token cannot
        /// be read, in which case no file counts as this user's.
        static let ownSIDs: [[UInt8]] = {
            var token: HANDLE?
            guard OpenProcessToken(GetCurrentProcess(), dword(TOKEN_QUERY), &token), let token else {
                return []
            }
            defer { CloseHandle(token) }
            var result: [[UInt8]] = []
            for kind in [TokenUser, TokenOwner] {
                if let sid = tokenSID(token, kind), !result.contains(sid) { result.append(sid) }
            }
            return result
        }()

        /// The SID `GetTokenInformation` gives for `kind` (`TokenUser` or `TokenOwner`), as bytes.
        /// Both `TOKEN_USER` and `TOKEN_OWNER` begin with the SID pointer, which is what is read.
        static func tokenSID(_ token: HANDLE, _ kind: TOKEN_INFORMATION_CLASS) -> [UInt8]? {
            var size: DWORD = 0
            _ = GetTokenInformation(token, kind, nil, 0, &size)
            guard size >= DWORD(MemoryLayout<PSID?>.size) else { return nil }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: Int(size), alignment: 16)
            defer { buffer.deallocate() }
            guard GetTokenInformation(token, kind, buffer, size, &size),
                let sid = buffer.load(as: PSID?.self), IsValidSid(sid)
            else { return nil }
            return Array(UnsafeRawBufferPointer(start: sid, count: Int(GetLengthSid(sid))))
        }

        /// Whether the owner SID of the object behind `handle` is one of ``ownSIDs``. False when
        /// the owner cannot be read (the handle needs `READ_CONTROL`).
        static func isOwnedByThisUser(_ handle: HANDLE) -> Bool {
            var owner: PSID?
            var descriptor: PSECURITY_DESCRIPTOR?
            let status = GetSecurityInfo(
                handle, SE_FILE_OBJECT, dword(OWNER_SECURITY_INFORMATION), &owner, nil, nil, nil, &descriptor)
            defer { if let descriptor { LocalFree(descriptor) } }
            guard status == dword(ERROR_SUCCESS), let owner, IsValidSid(owner) else { return false }
            let bytes = Array(UnsafeRawBufferPointer(start: owner, count: Int(GetLengthSid(owner))))
            return ownSIDs.contains(bytes)
        }

        /// Calls `body` with security attributes for a private directory, the counterpart of mode
        /// 0700: a protected DACL (nothing inherited from the parent) that grants full access to
        /// ``ownSIDs`` only, passed on to every file and directory created inside.
        static func withPrivateSecurity<Result>(
            _ operation: String, _ body: (UnsafeMutablePointer<SECURITY_ATTRIBUTES>) -> Result
        ) throws(SystemError) -> Result {
            let sids = ownSIDs
            guard !sids.isEmpty else {
                throw SystemError(
                    operation + " (reading this process's user)",
                    code: Int32(truncatingIfNeeded: ERROR_NO_TOKEN))
            }
            // An ACL header, then per ACE its header and mask (ACCESS_ALLOWED_ACE without the
            // SidStart placeholder) and the SID, rounded up to a DWORD boundary.
            let aceSize = MemoryLayout<ACCESS_ALLOWED_ACE>.size - MemoryLayout<DWORD>.size
            let size = (MemoryLayout<ACL>.size + sids.reduce(0) { $0 + aceSize + $1.count } + 3) & ~3
            let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
            defer { memory.deallocate() }
            let acl = memory.bindMemory(to: ACL.self, capacity: 1)
            guard InitializeAcl(acl, DWORD(size), dword(ACL_REVISION)) else { throw SystemError(operation) }
            let inheritance = dword(OBJECT_INHERIT_ACE) | dword(CONTAINER_INHERIT_ACE)
            for sid in sids {
                var copy = sid
                let added = copy.withUnsafeMutableBytes { raw in
                    AddAccessAllowedAceEx(
                        acl, dword(ACL_REVISION), inheritance, dword(GENERIC_ALL), raw.baseAddress)
                }
                guard added else { throw SystemError(operation) }
            }
            var descriptor = SECURITY_DESCRIPTOR()
            let protected = SECURITY_DESCRIPTOR_CONTROL(truncatingIfNeeded: SE_DACL_PROTECTED)
            guard InitializeSecurityDescriptor(&descriptor, dword(SECURITY_DESCRIPTOR_REVISION)),
                SetSecurityDescriptorDacl(&descriptor, true, acl, false),
                SetSecurityDescriptorControl(&descriptor, protected, protected)
            else { throw SystemError(operation) }
            return withUnsafeMutablePointer(to: &descriptor) { pointer in
                var attributes = SECURITY_ATTRIBUTES(
                    nLength: DWORD(MemoryLayout<SECURITY_ATTRIBUTES>.size), lpSecurityDescriptor: pointer,
                    bInheritHandle: false)
                return body(&attributes)
            }
        }
    }
#endif
