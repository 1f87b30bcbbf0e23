/// What the OS says about a file, in POSIX's terms on every OS.
///
/// On POSIX these are `fstat`/`lstat`'s fields. On Windows `device` is the volume serial number
/// and `inode` the file index, which together identify a file as `st_dev`/`st_ino` do; `mode`
/// carries a file type (POSIX's `S_IF*` values) and fixed permission bits that say nothing about
/// the ACL (0o700 for directories, 0o600 for files, 0o400 when read-only); `owner` is 0 when the
/// file's owner is this process's user and `UInt32.max` otherwise.
package struct FileInfo: Sendable, Equatable {
    /// The device (POSIX) or volume serial number (Windows).
    package var device: UInt64
    /// The inode (POSIX) or file index on the volume (Windows).
    package var inode: UInt64
    /// The file type and permission bits.
    package var mode: UInt32
    /// The owner's user id (on Windows: 0 for this process's user).
    package var owner: UInt32
    /// The size in bytes.
    package var size: Int64
    /// How many names the file has (hard links); 0 for a file with none (unlinked, a memory
    /// file, on Windows one marked for deletion). On Windows otherwise 1, which is not asked.
    package var links: UInt64

    /// A record with these fields.
    package init(device: UInt64, inode: UInt64, mode: UInt32, owner: UInt32, size: Int64, links: UInt64 = 1) {
        self.device = device
        self.inode = inode
        self.mode = mode
        self.owner = owner
        self.size = size
        self.links = links
    }

    // The file-type bits, the same on every POSIX system and used on Windows too. Spelled out
    // because the C macros import with different types per system.
    /// The `S_IFMT` mask.
    package static let typeMask: UInt32 = 0o170000
    /// A regular file.
    package static let regular: UInt32 = 0o100000
    /// A directory.
    package static let directory: UInt32 = 0o040000
    /// A symbolic link (on Windows any reparse point).
    package static let link: UInt32 = 0o120000
    /// A pipe.
    package static let fifo: UInt32 = 0o010000
    /// A character device.
    package static let character: UInt32 = 0o020000
    /// A socket.
    package static let socket: UInt32 = 0o140000

    /// Whether it is a regular file.
    package var isRegular: Bool { mode & Self.typeMask == Self.regular }
    /// Whether it is a directory.
    package var isDirectory: Bool { mode & Self.typeMask == Self.directory }
    /// Whether it is a symbolic link (on Windows a reparse point: link or junction).
    package var isSymbolicLink: Bool { mode & Self.typeMask == Self.link }
    /// Whether it is a socket (never on Windows, which reports a socket as a pipe).
    package var isSocket: Bool { mode & Self.typeMask == Self.socket }
    /// The permission bits (`0o644`).
    package var permissions: UInt32 { mode & 0o7777 }
    /// Whether this and `other` are the same file (device and inode).
    package func isSameFile(as other: FileInfo) -> Bool { device == other.device && inode == other.inode }
}
