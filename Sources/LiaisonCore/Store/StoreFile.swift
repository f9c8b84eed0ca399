import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks a store file passes before SQLite may open it, so that a file that is not
/// ours, or is damaged, is never modified.
enum StoreFile {
    /// Checks the file before SQLite opens it; true when the store must be created.
    static func inspect(_ url: URL, create: Bool) throws -> Bool {
        let path = url.path
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
            guard create else { throw StoreError.missing(path: path) }
            try makeFile(url)
            return true
        }
        guard !isFolder.boolValue else { throw StoreError.unreadable(path: path, reason: "it is a folder") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = read(descriptor, &header, 100)
        if count == 0 { return true } // an empty file: a store whose creation was interrupted
        guard count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw StoreError.notAStore(path: path)
        }
        let applicationID = Int32(bitPattern: UInt32(header[68]) << 24 | UInt32(header[69]) << 16
                                  | UInt32(header[70]) << 8 | UInt32(header[71]))
        guard applicationID == Store.applicationID else { throw StoreError.notAStore(path: path) }
        guard access(path, W_OK) == 0 else {
            throw StoreError.unreadable(path: path, reason: "it is read-only")
        }
        return false
    }

    /// Makes an empty store file, mode 0600, in a folder made with mode 0700.
    static func makeFile(_ url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            if !FileManager.default.fileExists(atPath: folder.path) {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw StoreError.unreadable(path: url.path, reason: "its folder cannot be made (\(error.localizedDescription))")
        }
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.unreadable(path: url.path, reason: "it cannot be created (\(String(cString: strerror(errno))))")
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

}
